// Inline text as editors type it: plain text with **bold**, *italic* and [link text](address), read into the API's
// runs of text and written back. A backslash makes the next character plain (\*, \[, \\).
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  link?: string | null;
}

const SPECIAL = /[\\*[\]()]/g;

const escape = (text: string) => text.replace(SPECIAL, (c) => `\\${c}`);

/** The runs as markup an editor can change in a text box. */
export function toMarkup(runs: Run[]): string {
  return runs
    .map((run) => {
      let text = escape(run.text);
      if (run.italic) text = `*${text}*`;
      if (run.bold) text = `**${text}**`;
      if (run.link) text = `[${text}](${run.link.replace(/[\\()]/g, (c) => `\\${c}`)})`;
      return text;
    })
    .join("");
}

/** The runs that markup stands for; unmatched marks stay as typed. Neighbouring runs alike are joined. */
export function fromMarkup(markup: string): Run[] {
  const runs: Run[] = [];
  const push = (text: string, style: Omit<Run, "text">) => {
    if (!text) return;
    const last = runs[runs.length - 1];
    const same = last && !!last.bold === !!style.bold && !!last.italic === !!style.italic && (last.link ?? null) === (style.link ?? null);
    if (same) last.text += text;
    else runs.push({ text, ...(style.bold ? { bold: true } : {}), ...(style.italic ? { italic: true } : {}), ...(style.link ? { link: style.link } : {}) });
  };
  parse(markup, {}, push);
  return runs.length ? runs : [{ text: "" }];
}

/** The index of the unescaped `close` from `from`, or -1. */
function find(text: string, close: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "\\") {
      i++;
      continue;
    }
    if (text.startsWith(close, i)) return i;
  }
  return -1;
}

function parse(text: string, style: Omit<Run, "text">, push: (text: string, style: Omit<Run, "text">) => void) {
  let plain = "";
  let i = 0;
  const flush = () => {
    push(plain, style);
    plain = "";
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === "[" && !style.link) {
      const end = find(text, "](", i + 1);
      const close = end >= 0 ? find(text, ")", end + 2) : -1;
      if (end >= 0 && close >= 0) {
        flush();
        const link = text.slice(end + 2, close).replace(/\\(.)/g, "$1").trim();
        parse(text.slice(i + 1, end), { ...style, link }, push);
        i = close + 1;
        continue;
      }
    }
    if (text.startsWith("**", i) && !style.bold) {
      let close = find(text, "**", i + 2);
      // `***both***` closes at the last pair, so that the italic inside keeps its marks.
      while (close > 0 && text[close + 2] === "*") close++;
      if (close > i + 2) {
        flush();
        parse(text.slice(i + 2, close), { ...style, bold: true }, push);
        i = close + 2;
        continue;
      }
    }
    if (c === "*" && !text.startsWith("**", i) && !style.italic) {
      const close = findSingle(text, i + 1);
      if (close > i + 1) {
        flush();
        parse(text.slice(i + 1, close), { ...style, italic: true }, push);
        i = close + 1;
        continue;
      }
    }
    plain += c;
    i++;
  }
  flush();
}

/** The closing single `*` of an italic run (skipping `**` pairs inside it). */
function findSingle(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "\\") {
      i++;
      continue;
    }
    if (text.startsWith("**", i)) {
      const close = find(text, "**", i + 2);
      if (close < 0) return -1;
      i = close + 1;
      continue;
    }
    if (text[i] === "*") return i;
  }
  return -1;
}

/** A link to `path` with its `title`, as markup to add to a text. */
export const linkMarkup = (title: string, path: string) => `[${escape(title)}](${path.replace(/[\\()]/g, (c) => `\\${c}`)})`;
