// Finding something to link to or embed: the council's pages, services and meetings through the editors' search,
// and files through the media library's list. Each picker is a labelled search box with a Find button and the
// results as "Choose" buttons, so it works the same with a mouse, the keyboard and a screen reader.
import { useState } from "preact/hooks";
import { type Schemas, api } from "../api/client";
import { fieldId, problemOf } from "../errors";
import type { Media } from "../upload";

export type Hit = Schemas["Hit"];

/** What a person types, as a search that also finds words they have not finished (`recycl` finds "recycling"). */
export function prefixQuery(text: string): string {
  const q = text.trim();
  if (!q || /["*]$/.test(q)) return q;
  return `${q}*`;
}

interface Found<T> {
  items: T[];
  searched: boolean;
  error: string | null;
}

function Finder<T>(props: {
  path: string;
  label: string;
  hint?: string;
  find: (text: string) => Promise<{ items: T[]; error: string | null }>;
  describe: (item: T) => { key: string; title: string; detail: string };
  onChoose: (item: T) => void;
}) {
  const id = fieldId(props.path);
  const [text, setText] = useState("");
  const [found, setFound] = useState<Found<T>>({ items: [], searched: false, error: null });
  const run = async () => {
    if (!text.trim()) return setFound({ items: [], searched: true, error: "Enter words to find" });
    const result = await props.find(text);
    setFound({ ...result, searched: true });
  };
  return (
    <div class={`govuk-form-group th-finder${found.error ? " govuk-form-group--error" : ""}`}>
      <label class="govuk-label" for={id}>
        {props.label}
      </label>
      {props.hint && (
        <div class="govuk-hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      )}
      {found.error && (
        <p class="govuk-error-message" id={`${id}-error`}>
          <span class="govuk-visually-hidden">Error:</span> {found.error}
        </p>
      )}
      <div class="th-finder__row">
        <input
          class="govuk-input govuk-input--width-20"
          id={id}
          type="search"
          value={text}
          aria-describedby={[props.hint ? `${id}-hint` : "", found.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            // Enter finds; it does not save the form around the picker.
            if (e.key === "Enter") {
              e.preventDefault();
              run();
            }
          }}
        />{" "}
        <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={run}>
          Find<span class="govuk-visually-hidden"> ({props.label})</span>
        </button>
      </div>
      {found.searched && !found.error && (
        <div aria-live="polite">
          {found.items.length === 0 ? (
            <p class="govuk-body govuk-!-margin-top-2">Nothing found.</p>
          ) : (
            <ul class="govuk-list govuk-!-margin-top-2" aria-label={`Found for ${props.label}`}>
              {found.items.map((item) => {
                const { key, title, detail } = props.describe(item);
                return (
                  <li key={key}>
                    <button
                      type="button"
                      class="govuk-button govuk-button--secondary govuk-!-margin-bottom-1"
                      onClick={() => {
                        props.onChoose(item);
                        setFound({ items: [], searched: false, error: null });
                        setText("");
                      }}
                    >
                      Choose<span class="govuk-visually-hidden"> {title}</span>
                    </button>{" "}
                    {title} <span class="govuk-hint govuk-!-display-inline">({detail})</span>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

const KIND_NAMES: Record<string, string> = { page: "page", service: "service", news: "news", meeting: "meeting", decision: "decision", document: "document", directory: "directory", directory_entry: "directory entry", event: "event" };

/** Finds the council's pages, services or meetings (drafts included) by words in them. */
export function FindContent(props: { council: string; path: string; label: string; hint?: string; types: ("page" | "service" | "meeting" | "directory_entry")[]; onChoose: (hit: Hit) => void }) {
  return (
    <Finder<Hit>
      path={props.path}
      label={props.label}
      hint={props.hint}
      find={async (text) => {
        const { data, error } = await api.GET("/api/v1/councils/{council}/search", {
          params: { path: { council: props.council }, query: { q: prefixQuery(text), types: props.types.join(","), limit: 10 } },
        });

        // One hit per item: the search finds each language of a page apart.
        const seen = new Set<string>();
        const items = (data?.items ?? []).filter((hit) => hit.locale === "en" && !seen.has(hit.id) && seen.add(hit.id));
        return { items, error: error ? problemOf(error, "The search failed").message : null };
      }}
      describe={(hit) => ({ key: hit.id, title: hit.title, detail: [KIND_NAMES[hit.kind] ?? hit.kind, hit.path].filter(Boolean).join(", ") })}
      onChoose={props.onChoose}
    />
  );
}

/** Finds the library's public files (not restricted) by words in their title or file name; images or documents. */
export function FindFile(props: { council: string; path: string; label: string; hint?: string; images: boolean; onChoose: (file: Media) => void }) {
  return (
    <Finder<Media>
      path={props.path}
      label={props.label}
      hint={props.hint}
      find={async (text) => {
        const { data, error } = await api.GET("/api/v1/councils/{council}/media", {
          params: { path: { council: props.council }, query: { q: text.trim(), limit: 50 } },
        });

        const items = (data?.items ?? []).filter((m) => !m.restricted && m.mime_type.startsWith("image/") === props.images);
        return { items, error: error ? problemOf(error, "The library could not be read").message : null };
      }}
      describe={(file) => ({ key: file.id, title: file.title, detail: `${file.file_name}${file.page_count ? `, ${file.page_count} pages` : ""}` })}
      onChoose={props.onChoose}
    />
  );
}
