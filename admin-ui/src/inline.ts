// Inline text as editors type it: plain text with **bold**, _italic_ and [link text](address), read into the API's
// runs of text and written back. Italic takes underscores at word edges (so snake_case stays plain) and bold takes
// double asterisks, so neighbouring bold and italic runs never read as one another. A backslash makes the next
// character plain (\*, \_, \[, \\).
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  link?: string | null;
}

const SPECIAL = /[\\*_[\]()]/g;

const escape = (text: string) => text.replace(SPECIAL, (c) => `\\${c}`);
const escapeLink = (link: string) => link.replace(/[\\()]/g, (c) => `\\${c}`);

/** The runs as markup an editor can change in a text box. */
export function toMarkup(runs: Run[]): string {
  return runs
    .map((run) => {
      let text = escape(run.text);
      if (run.italic) text = `_${text}_`;
      if (run.bold) text = `**${text}**`;
      if (run.link) text = `[${text}](${escapeLink(run.link)})`;
      return text;
    })
    .join("");
}

type Style = Omit<Run, "text">;

/** The runs that markup stands for; unmatched marks stay as typed. Neighbouring runs alike are joined. */
export function fromMarkup(markup: string): Run[] {
  const runs: Run[] = [];
  const push = (text: string, style: Style) => {
    if (!text) return;
    const last = runs[runs.length - 1];
    const same = last && !!last.bold === !!style.bold && !!last.italic === !!style.italic && (last.link ?? null) === (style.link ?? null);
    if (same) last.text += text;
    else runs.push({ text, ...(style.bold ? { bold: true } : {}), ...(style.italic ? { italic: true } : {}), ...(style.link ? { link: style.link } : {}) });
  };
  parse(markup, {}, push);
  return runs.length ? runs : [{ text: "" }];
}

/** The index of the unescaped `close` from `from` (one that `accept` allows), or -1. */
function find(text: string, close: string, from: number, accept: (at: number) => boolean = () => true): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "\\") {
      i++;
      continue;
    }
    if (text.startsWith(close, i) && accept(i)) return i;
  }
  return -1;
}

const wordy = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

function parse(text: string, style: Style, push: (text: string, style: Style) => void) {
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
      const close = find(text, "**", i + 2);
      if (close > i + 2) {
        flush();
        parse(text.slice(i + 2, close), { ...style, bold: true }, push);
        i = close + 2;
        continue;
      }
    }
    // An underscore opens italic at the start of a word and closes it at the end of one.
    if (c === "_" && !style.italic && !wordy(text[i - 1]) && text[i + 1] !== undefined && text[i + 1] !== " ") {
      const close = find(text, "_", i + 1, (at) => at > i + 1 && text[at - 1] !== " " && !wordy(text[at + 1]));
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

/** A link to `path` with its `title`, as markup to add to a text. */
export const linkMarkup = (title: string, path: string) => `[${escape(title)}](${escapeLink(path)})`;
