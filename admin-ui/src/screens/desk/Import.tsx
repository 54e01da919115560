// Import from ModernGov: upload a GetCouncillorsByWard, GetCommittees or GetMeetings file, see what would be created,
// changed and left alone (a dry run that writes nothing), then confirm or cancel. A broken file shows the API's
// reason and nothing is written.
import { useEffect, useState } from "preact/hooks";
import { type Schemas } from "../../api/client";
import { accessToken } from "../../api/session";
import { Banner, Link, Select } from "../../components";
import { problemOf } from "../../errors";
import { DeskNav } from "./Desk";

type Source = "councillors-by-ward" | "committees" | "meetings";
type Report = (Schemas["ImportReport"] | Schemas["CalendarReport"]) & { changes: Schemas["ImportedRecord"][] };

const SOURCES: [Source, string][] = [
  ["councillors-by-ward", "Councillors by ward (GetCouncillorsByWard): wards, parties, councillors and their seats"],
  ["committees", "Committees (GetCommittees)"],
  ["meetings", "Meetings (GetMeetings)"],
];

const OUTCOME: Record<string, [string, string]> = {
  created: ["New", "govuk-tag--green"],
  updated: ["Changed", "govuk-tag--yellow"],
  unchanged: ["No change", "govuk-tag--grey"],
};

/** Sends the file to the import, as a preview (`dry_run`) or for real. */
async function send(council: string, source: Source, xml: string, dryRun: boolean): Promise<{ report?: Report; error?: string }> {
  const token = await accessToken();
  const response = await fetch(`/api/v1/councils/${encodeURIComponent(council)}/imports/moderngov/${source}?dry_run=${dryRun}`, {
    method: "POST",
    headers: { "content-type": "application/xml", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: xml,
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = problemOf(body, `The file could not be read (${response.status}).`);
    const reason = (body as { error?: { details?: { reason?: string } } } | null)?.error?.details?.reason;
    return { error: reason ? `${problem.message} ${reason}` : problem.message };
  }
  return { report: body as Report };
}

export function Import({ council }: { council: string }) {
  const [source, setSource] = useState<Source>("councillors-by-ward");
  const [xml, setXml] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [preview, setPreview] = useState<Report | null>(null);
  const [done, setDone] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    document.title = "Import from ModernGov – Townhall Admin";
  }, []);
  const look = async (event: Event) => {
    event.preventDefault();
    setDone(null);
    if (!xml) return setError("Choose the XML file ModernGov gave you");
    const { report, error } = await send(council, source, xml, true);
    setPreview(report ?? null);
    setError(error ?? null);
  };
  const confirm = async () => {
    if (!xml) return;
    const { report, error } = await send(council, source, xml, false);
    setPreview(null);
    setError(error ?? null);
    setDone(report ?? null);
  };
  const counts = (r: Report) =>
    Object.entries(r)
      .filter(([k, v]) => typeof v === "object" && v !== null && !Array.isArray(v))
      .map(([k, v]) => [k, v as Schemas["Counts"]] as const);
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/desk`}>Democratic services desk</Link>
      </span>
      <h1 class="govuk-heading-l">Import from ModernGov</h1>
      <DeskNav council={council} />
      {done && (
        <Banner title="Success" success>
          <p class="govuk-notification-banner__heading">
            {fileName} was imported: {counts(done).map(([k, c]) => `${c.created} new and ${c.updated} changed ${k}`).join(", ")}.
          </p>
        </Banner>
      )}
      {error && (
        <div class="govuk-error-summary" role="alert" tabIndex={-1}>
          <h2 class="govuk-error-summary__title">The file cannot be imported</h2>
          <div class="govuk-error-summary__body">
            <p class="govuk-body">{error}</p>
            {!/nothing was written/i.test(error) && <p class="govuk-body">Nothing was written.</p>}
          </div>
        </div>
      )}
      <form onSubmit={look} noValidate>
        <Select path="source" label="What the file holds" value={source} options={SOURCES} onChange={(v) => (setSource(v as Source), setPreview(null))} />
        <div class="govuk-form-group">
          <label class="govuk-label" for="f-import-file">
            ModernGov XML file
          </label>
          <div class="govuk-hint" id="f-import-file-hint">
            The response of the ModernGov web service (mgWebService.asmx), saved as a file
          </div>
          <input
            class="govuk-file-upload"
            id="f-import-file"
            type="file"
            accept=".xml,application/xml,text/xml"
            aria-describedby="f-import-file-hint"
            onChange={async (e) => {
              const file = (e.currentTarget as HTMLInputElement).files?.[0];
              setPreview(null);
              setDone(null);
              setFileName(file?.name ?? "");
              setXml(file ? await file.text() : null);
            }}
          />
        </div>
        <button type="submit" class="govuk-button">
          Preview the import
        </button>
      </form>
      {preview && (
        <section aria-labelledby="preview-heading">
          <h2 class="govuk-heading-m" id="preview-heading">
            What importing {fileName} would do
          </h2>
          <p class="govuk-body">Nothing has been written yet.</p>
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--s">Records</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Kind</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">New</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Changed</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">No change</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {counts(preview).map(([kind, c]) => (
                <tr class="govuk-table__row" key={kind}>
                  <th scope="row" class="govuk-table__header">
                    {kind[0]?.toUpperCase()}
                    {kind.slice(1)}
                  </th>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{c.created}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{c.updated}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{c.unchanged}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <details class="govuk-details">
            <summary class="govuk-details__summary">
              <span class="govuk-details__summary-text">Every record ({preview.changes.length})</span>
            </summary>
            <div class="govuk-details__text">
              <ul class="govuk-list">
                {preview.changes.map((c, i) => (
                  <li key={i}>
                    <strong class={`govuk-tag ${OUTCOME[c.outcome]?.[1] ?? ""}`}>{OUTCOME[c.outcome]?.[0] ?? c.outcome}</strong> {c.kind}: {c.name}
                  </li>
                ))}
              </ul>
            </div>
          </details>
          <div class="govuk-button-group">
            <button type="button" class="govuk-button" onClick={confirm}>
              Import these records
            </button>
            <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setPreview(null)}>
              Cancel
            </button>
          </div>
        </section>
      )}
    </>
  );
}
