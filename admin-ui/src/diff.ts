// The diff between two revisions as people read it: each change's JSON Pointer becomes words, each value text.

const LANGUAGES: Record<string, string> = { en: "English", cy: "Welsh" };

/** `/translations/en/body/3/text` → `English: body, block 4, text`. */
export function readablePath(pointer: string): string {
  const parts = pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  const words: string[] = [];
  let language = "";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    const before = parts[i - 1];
    if (part === "translations") continue;
    if (before === "translations") {
      language = LANGUAGES[part] ?? part;
      continue;
    }
    if (/^\d+$/.test(part)) {
      const n = Number(part) + 1;
      words.push(before === "body" ? `block ${n}` : before === "items" ? `item ${n}` : `${n}`);
      continue;
    }
    words.push(part.replace(/_/g, " "));
  }
  const text = words.join(", ");
  return language ? `${language}: ${text}` : text;
}

/** A value of a revision as text: strings as they are, nothing as "(none)", anything else as compact JSON. */
export function readableValue(value: unknown): string {
  if (value === undefined || value === null) return "(none)";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
