// Operations of the block editor on a body (a list of blocks): pure functions, so they are tested on their own.
import type { Block } from "./api/client";

export type BlockType = "heading" | "paragraph" | "list" | "image" | "callout";

/** A new, empty block of a type. */
export function emptyBlock(type: BlockType, mediaId = ""): Block {
  switch (type) {
    case "heading":
      return { type: "heading", level: 2, text: "" };
    case "paragraph":
      return { type: "paragraph", content: [{ text: "" }] };
    case "list":
      return { type: "list", style: "unordered", items: [[{ text: "" }]] };
    case "callout":
      return { type: "callout", style: "info", content: [{ text: "" }] };
    case "image":
      return { type: "image", media_id: mediaId, alt: "" };
  }
}

/** `blocks` with `block` inserted at `at` (appended when `at` is past the end). */
export function insertAt(blocks: Block[], at: number, block: Block): Block[] {
  const i = Math.max(0, Math.min(at, blocks.length));
  return [...blocks.slice(0, i), block, ...blocks.slice(i)];
}

/** `blocks` with the block at `from` moved by `by` places (kept within the list). */
export function move(blocks: Block[], from: number, by: number): Block[] {
  const to = Math.max(0, Math.min(from + by, blocks.length - 1));
  if (from < 0 || from >= blocks.length || to === from) return blocks;
  const out = [...blocks];
  const [moved] = out.splice(from, 1);
  out.splice(to, 0, moved as Block);
  return out;
}

/** `blocks` without the block at `at`. */
export function remove(blocks: Block[], at: number): Block[] {
  return blocks.filter((_, i) => i !== at);
}

/** `blocks` with the block at `at` replaced. */
export function replace(blocks: Block[], at: number, block: Block): Block[] {
  return blocks.map((b, i) => (i === at ? block : b));
}

/** The plain text of a run of inline text (links keep their text). */
export function textOf(content: { text: string }[]): string {
  return content.map((run) => run.text).join("");
}

/** A run of plain text as the API's inline content. */
export function runsOf(text: string): { text: string }[] {
  return [{ text }];
}

/** A list's items as lines of text, and back. */
export const linesOf = (items: { text: string }[][]) => items.map(textOf).join("\n");
export const itemsOf = (lines: string) =>
  lines
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map(runsOf);
