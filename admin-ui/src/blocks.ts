// Operations of the block editor on a body (a list of blocks): pure functions, so they are tested on their own.
import type { Block } from "./api/client";
import { type Run, fromMarkup, toMarkup } from "./inline";

export type BlockType = Block["type"];

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
    case "accordion":
      return { type: "accordion", sections: [{ heading: "", body: [{ type: "paragraph", content: [{ text: "" }] }] }] };
    case "table":
      return { type: "table", header: ["", ""], rows: [["", ""]] };
    case "contact":
      return { type: "contact" };
    case "embed":
      return { type: "embed", target: "service", id: "" };
  }
}

/** `blocks` with `block` inserted at `at` (appended when `at` is past the end). */
export function insertAt<T>(blocks: T[], at: number, block: T): T[] {
  const i = Math.max(0, Math.min(at, blocks.length));
  return [...blocks.slice(0, i), block, ...blocks.slice(i)];
}

/** `blocks` with the block at `from` moved by `by` places (kept within the list). */
export function move<T>(blocks: T[], from: number, by: number): T[] {
  const to = Math.max(0, Math.min(from + by, blocks.length - 1));
  if (from < 0 || from >= blocks.length || to === from) return blocks;
  const out = [...blocks];
  const [moved] = out.splice(from, 1);
  out.splice(to, 0, moved as T);
  return out;
}

/** `blocks` without the block at `at`. */
export function remove<T>(blocks: T[], at: number): T[] {
  return blocks.filter((_, i) => i !== at);
}

/** `blocks` with the block at `at` replaced. */
export function replace<T>(blocks: T[], at: number, block: T): T[] {
  return blocks.map((b, i) => (i === at ? block : b));
}

/** A list's items as lines of markup, and back (blank lines dropped). */
export const linesOf = (items: Run[][]) => items.map(toMarkup).join("\n");
export const itemsOf = (lines: string) =>
  lines
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map(fromMarkup);

/** A table row as cells separated by `|`, and back (`\|` is a bar inside a cell). */
export const rowText = (cells: string[]) => cells.map((c) => c.replace(/\\/g, "\\\\").replace(/\|/g, "\\|")).join(" | ");
export function cellsOf(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "\\" && i + 1 < line.length) {
      cell += line[++i];
    } else if (c === "|") {
      cells.push(cell.trim());
      cell = "";
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

/** A table's rows as lines of text, and back (blank lines dropped). */
export const rowsText = (rows: string[][]) => rows.map(rowText).join("\n");
export const rowsOf = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map(cellsOf);
