// A page's history: its revisions, a readable diff between any two, and restoring one (after confirmation).
import { useEffect, useState } from "preact/hooks";
import { type Collection, type Item, type Schemas, api, ifMatch } from "../api/client";
import { Done, ErrorSummary, Link, Select } from "../components";
import { readablePath, readableValue } from "../diff";
import { type Problem, problemOf } from "../errors";

export function History({ council, collection, id }: { council: string; collection: Collection; id: string }) {
  const [item, setItem] = useState<Item | null>(null);
  const [revisions, setRevisions] = useState<Schemas["RevisionResponse"][]>([]);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [diff, setDiff] = useState<Schemas["DiffResponse"] | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const path = { council, collection, id };

  const load = async () => {
    const [current, list] = await Promise.all([
      api.GET("/api/v1/councils/{council}/{collection}/{id}", { params: { path } }),
      api.GET("/api/v1/councils/{council}/{collection}/{id}/revisions", { params: { path, query: { limit: 100 } } }),
    ]);
    setItem(current.data ?? null);
    const items = list.data?.items ?? [];
    setRevisions(items);
    if (items.length >= 2) {
      setTo(String(items[0]?.number));
      setFrom(String(items[1]?.number));
    }
  };
  useEffect(() => {
    document.title = "History – Townhall Admin";
    load();
  }, [council, id]);

  const compare = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.GET("/api/v1/councils/{council}/{collection}/{id}/diff", {
      params: { path, query: { from: Number(from), to: Number(to) } },
    });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setDiff(data);
  };
  const restore = async (number: number) => {
    if (!item) return;
    const { error } = await api.POST("/api/v1/councils/{council}/{collection}/{id}/revisions/{number}/restore", {
      params: { path: { ...path, number }, header: { "If-Match": ifMatch(item.version) } },
    });
    setConfirming(null);
    if (error) return setProblem(problemOf(error));
    setNotice(`Revision ${number} was restored as the newest draft.`);
    setDiff(null);
    await load();
  };

  const options = revisions.map((r): [string, string] => [String(r.number), `Revision ${r.number}`]);
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/${collection}/${id}`}>Back to editing</Link>
      </span>
      <h1 class="govuk-heading-l">History of “{item?.title ?? ""}”</h1>
      <Done message={notice} />
      <ErrorSummary problem={problem} />
      {confirming !== null && (
        <div class="govuk-warning-text" role="alertdialog" aria-labelledby="confirm-restore">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <div class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            <p id="confirm-restore" class="govuk-body govuk-!-font-weight-bold">
              Restore revision {confirming}? Its content becomes a new draft; the live page does not change until it is published.
            </p>
            <div class="govuk-button-group">
              <button type="button" class="govuk-button govuk-button--warning" onClick={() => restore(confirming)}>
                Yes, restore revision {confirming}
              </button>
              <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setConfirming(null)}>
                Cancel
              </button>
            </div>
          </div>
        </div>
      )}
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">Revisions</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Revision</th>
            <th scope="col" class="govuk-table__header">Saved</th>
            <th scope="col" class="govuk-table__header">Note</th>
            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {revisions.map((r) => (
            <tr class="govuk-table__row" key={r.number}>
              <td class="govuk-table__cell">
                {r.number} {r.live && <strong class="govuk-tag govuk-tag--green">live</strong>}
              </td>
              <td class="govuk-table__cell">{new Date(r.created_at).toLocaleString("en-GB", { timeZone: "Europe/London" })}</td>
              <td class="govuk-table__cell">{r.note ?? ""}</td>
              <td class="govuk-table__cell">
                {r.number !== revisions[0]?.number && (
                  <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => setConfirming(r.number)}>
                    Restore revision {r.number}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revisions.length >= 2 && (
        <form onSubmit={compare} class="govuk-!-margin-bottom-6">
          <h2 class="govuk-heading-m">Compare two revisions</h2>
          <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-half">
              <Select path="from" label="Older revision" value={from} options={options} onChange={setFrom} />
            </div>
            <div class="govuk-grid-column-one-half">
              <Select path="to" label="Newer revision" value={to} options={options} onChange={setTo} />
            </div>
          </div>
          <button type="submit" class="govuk-button govuk-button--secondary">
            Compare
          </button>
        </form>
      )}
      {diff && (
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--m">
            Changes from revision {diff.from} to revision {diff.to}
          </caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">What</th>
              <th scope="col" class="govuk-table__header">Before</th>
              <th scope="col" class="govuk-table__header">After</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {diff.changes.length === 0 && (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell" colSpan={3}>The two revisions are the same.</td>
              </tr>
            )}
            {diff.changes.map((c) => (
              <tr class="govuk-table__row" key={c.path}>
                <th scope="row" class="govuk-table__header">{readablePath(c.path)}</th>
                <td class="govuk-table__cell"><del>{readableValue(c.from)}</del></td>
                <td class="govuk-table__cell"><ins>{readableValue(c.to)}</ins></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
