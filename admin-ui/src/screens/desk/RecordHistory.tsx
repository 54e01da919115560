// The history of a democratic record (a meeting, committee, councillor, decision...): who changed what and when,
// newest first, with the fields that changed from one revision to the next.
import { useEffect, useState } from "preact/hooks";
import { type Schemas, api } from "../../api/client";
import { Link } from "../../components";
import { londonWords } from "../../london";

type Revision = Schemas["RecordRevision"];

const ACTIONS: Record<string, string> = {
  created: "Created",
  updated: "Changed",
  deleted: "Deleted",
  restored: "Restored",
  agenda_published: "Agenda published",
  minutes_published: "Minutes published",
  published: "Published",
  imported: "Imported from ModernGov",
};

/** The top-level fields whose values differ between two snapshots. */
function changedFields(before: Record<string, unknown> | undefined, after: Record<string, unknown>): string[] {
  if (!before) return [];
  const skip = new Set(["version", "updated_at"]);
  return Object.keys({ ...before, ...after }).filter((k) => !skip.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

export function RecordHistory({ council, id }: { council: string; id: string }) {
  const [revisions, setRevisions] = useState<Revision[] | null>(null);
  const [people, setPeople] = useState<Record<string, string>>({});
  useEffect(() => {
    document.title = "History – Townhall Admin";
    api.GET("/api/v1/councils/{council}/revisions/{record}", { params: { path: { council, record: id }, query: { limit: 100 } } }).then(({ data }) => setRevisions(data?.items ?? []));
    api.GET("/api/v1/councils/{council}/members", { params: { path: { council } } }).then(({ data }) => setPeople(Object.fromEntries((data?.items ?? []).map((m) => [m.user_id, m.display_name]))));
  }, [council, id]);
  if (!revisions) return <p class="govuk-body">Loading…</p>;
  const kind = revisions[0]?.record_kind.replace(/_/g, " ") ?? "record";
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/desk`}>Democratic services desk</Link>
      </span>
      <h1 class="govuk-heading-l">History of this {kind}</h1>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">Revisions, newest first</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">When (London time)</th>
            <th scope="col" class="govuk-table__header">What</th>
            <th scope="col" class="govuk-table__header">Who</th>
            <th scope="col" class="govuk-table__header">Fields changed</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {revisions.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={4}>
                No history.
              </td>
            </tr>
          )}
          {revisions.map((r, i) => (
            <tr class="govuk-table__row" key={r.id}>
              <td class="govuk-table__cell">{londonWords(r.created_at)}</td>
              <td class="govuk-table__cell">
                {ACTIONS[r.action] ?? r.action} (version {r.version})
              </td>
              <td class="govuk-table__cell">{r.actor_id ? (people[r.actor_id] ?? "A member of the council") : "An API token or an import"}</td>
              <td class="govuk-table__cell">
                {changedFields(revisions[i + 1]?.snapshot as Record<string, unknown> | undefined, r.snapshot as Record<string, unknown>)
                  .map((f) => f.replace(/_/g, " "))
                  .join(", ") || "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
