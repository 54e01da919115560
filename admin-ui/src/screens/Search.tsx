// Search across the council's content as an editor: working copies (drafts included) and public records.
import { useEffect, useState } from "preact/hooks";
import { type Schemas, api } from "../api/client";
import { ErrorSummary, Link } from "../components";
import { type Problem, problemOf } from "../errors";

const EDITED: Record<string, string> = { page: "pages", service: "services", news: "news" };

export function Search({ council }: { council: string }) {
  const [text, setText] = useState("");
  const [result, setResult] = useState<Schemas["SearchResponse"] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    document.title = "Search – Townhall Admin";
  }, []);
  const search = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.GET("/api/v1/councils/{council}/search", { params: { path: { council }, query: { q: text } } });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setResult(data);
  };
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}`}>Dashboard</Link>
      </span>
      <h1 class="govuk-heading-l">Search</h1>
      <ErrorSummary problem={problem} />
      <form onSubmit={search} role="search" noValidate>
        <div class="govuk-form-group">
          <label class="govuk-label" for="f-search">
            Search the council's content, drafts included
          </label>
          <input class="govuk-input" id="f-search" type="search" value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <button type="submit" class="govuk-button">
          Search
        </button>
      </form>
      {result && (
        <>
          <p class="govuk-body" role="status">
            {result.total_count} result{result.total_count === 1 ? "" : "s"}
          </p>
          <ul class="govuk-list">
            {result.items.map((hit) => (
              <li key={`${hit.kind}-${hit.id}-${hit.locale}`} class="govuk-!-margin-bottom-4">
                {EDITED[hit.kind] ? <Link href={`/c/${council}/${EDITED[hit.kind]}/${hit.id}`}>{hit.title}</Link> : <strong>{hit.title}</strong>}{" "}
                <span class="govuk-hint govuk-!-display-inline">({hit.kind})</span>
                {/* The server escapes the snippet and marks the matched words. */}
                <p class="govuk-body-s" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
