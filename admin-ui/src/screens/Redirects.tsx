// Redirects by hand: old addresses of the council's site and where they go now; a CSV import when a council
// moves its site to Townhall (all or nothing: the API names the bad row).
import { useEffect, useState } from "preact/hooks";
import { type Schemas, api } from "../api/client";
import { accessToken } from "../api/session";
import { Done, ErrorSummary, Field, Link } from "../components";
import { type Problem, messageFor, problemOf } from "../errors";

export function Redirects({ council }: { council: string }) {
  const [rows, setRows] = useState<Schemas["RedirectResponse"][]>([]);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [csv, setCsv] = useState<File | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = () => api.GET("/api/v1/councils/{council}/redirects", { params: { path: { council } } }).then(({ data }) => setRows(data ?? []));
  useEffect(() => {
    document.title = "Redirects – Townhall Admin";
    load();
  }, [council]);

  const add = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.POST("/api/v1/councils/{council}/redirects", { params: { path: { council } }, body: { from, to } });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setNotice(`${data.from} now goes to ${data.to}.`);
    setFrom("");
    setTo("");
    load();
  };
  const importCsv = async (event: Event) => {
    event.preventDefault();
    if (!csv) return setProblem({ message: "", fields: [{ field: "csv", message: "Choose a CSV file" }] });
    const token = await accessToken();
    const response = await fetch(`/api/v1/councils/${encodeURIComponent(council)}/redirects/import`, {
      method: "POST",
      headers: { "content-type": "text/csv", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: await csv.text(),
    });
    const body = await response.json();
    if (!response.ok) {
      const p = problemOf(body);
      // Rows are named by their line in the file; the summary says which.
      return setProblem({ message: p.message, fields: p.fields.map((f) => ({ field: "csv", message: `${f.field.replace(/^rows\[(\d+)\]\./, "Line $1, ")}: ${f.message}` })) });
    }
    setProblem(null);
    setNotice(`${body.created} redirects imported.`);
    load();
  };
  const remove = async (id: string, old: string) => {
    await api.DELETE("/api/v1/councils/{council}/redirects/{id}", { params: { path: { council, id } } });
    setNotice(`The redirect from ${old} was removed.`);
    load();
  };
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}`}>Dashboard</Link>
      </span>
      <h1 class="govuk-heading-l">Redirects</h1>
      <Done message={notice} />
      <ErrorSummary problem={problem} />
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">Old addresses</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Old address</th>
            <th scope="col" class="govuk-table__header">Goes to</th>
            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {rows.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={3}>None</td>
            </tr>
          )}
          {rows.map((r) => (
            <tr class="govuk-table__row" key={r.id}>
              <td class="govuk-table__cell">{r.from}</td>
              <td class="govuk-table__cell">{r.to}</td>
              <td class="govuk-table__cell">
                <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" onClick={() => remove(r.id, r.from)}>
                  Remove<span class="govuk-visually-hidden"> the redirect from {r.from}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={add} noValidate class="govuk-!-margin-bottom-8">
        <h2 class="govuk-heading-m">Add a redirect</h2>
        <Field path="from" label="Old address" hint="A path of the council's site or its full old address, for example /council-tax/pay.aspx" value={from} onInput={setFrom} error={messageFor(problem, "from")} />
        <Field path="to" label="New address" hint="A path of the site, for example /council-tax/pay, or another site's https:// address" value={to} onInput={setTo} error={messageFor(problem, "to")} />
        <button type="submit" class="govuk-button">
          Add redirect
        </button>
      </form>
      <form onSubmit={importCsv} noValidate>
        <h2 class="govuk-heading-m">Import a CSV</h2>
        <div class={`govuk-form-group${messageFor(problem, "csv") ? " govuk-form-group--error" : ""}`}>
          <label class="govuk-label" for="f-csv">
            CSV file of old address, new address
          </label>
          <div id="f-csv-hint" class="govuk-hint">
            One redirect per line; a first line "from,to" is skipped. If any line is wrong, nothing is imported.
          </div>
          <input class="govuk-file-upload" id="f-csv" type="file" accept=".csv,text/csv" aria-describedby="f-csv-hint" onChange={(e) => setCsv((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">
          Import redirects
        </button>
      </form>
    </>
  );
}
