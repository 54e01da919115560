// The forward plan: key decisions to be taken, with the date their notice is due (28 clear days before, unless
// an exception applies) and whether it was given in time; a new entry with its documents from the library;
// publishing a notice; withdrawing an entry.
import { useEffect, useState } from "preact/hooks";
import { type Schemas, api } from "../../api/client";
import { Checkbox, Done, ErrorSummary, Field, Link, Select } from "../../components";
import { complianceColour, dayWords } from "../../deadlines";
import { type Problem, messageFor, problemOf } from "../../errors";
import { FindFile } from "../Pickers";
import { DeskNav } from "./Desk";

type Entry = Schemas["ForwardPlanEntryResponse"];
type Exception = Schemas["NoticeException"];

const EXCEPTIONS: [Exception, string][] = [
  ["none", "None: 28 clear days' notice"],
  ["general_exception", "General exception: 5 clear days' notice, with the reason"],
  ["special_urgency", "Special urgency: agreed by the scrutiny chair"],
];

function noticeWords(e: Entry): string {
  if (e.notice_published_at) return e.notice_compliance === "late" ? "Notice published late" : "Notice published in time";
  if (e.exception === "special_urgency") return "Special urgency: no notice period";
  if (e.notice_compliance === "overdue") return e.notice_due_by ? `Overdue: was due by ${dayWords(e.notice_due_by)}` : "Overdue";
  return e.notice_due_by ? `Notice due by ${dayWords(e.notice_due_by)}` : "Notice not yet due";
}

export function ForwardPlan({ council }: { council: string }) {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const load = () => api.GET("/api/v1/councils/{council}/forward-plan", { params: { path: { council } } }).then(({ data }) => setEntries(data ?? []));
  useEffect(() => {
    document.title = "Forward plan – Townhall Admin";
    load();
  }, [council]);
  const done = (message: string) => {
    setProblem(null);
    setNotice(message);
    load();
  };
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/desk`}>Democratic services desk</Link>
      </span>
      <h1 class="govuk-heading-l">Forward plan</h1>
      <DeskNav council={council} />
      <Done message={notice} />
      <ErrorSummary problem={problem} />
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">Key decisions</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Key decision</th>
            <th scope="col" class="govuk-table__header">Expected</th>
            <th scope="col" class="govuk-table__header">Notice</th>
            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {entries.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={4}>
                No key decisions on the forward plan.
              </td>
            </tr>
          )}
          {entries.map((e) => (
            <tr class="govuk-table__row" key={e.id}>
              <td class="govuk-table__cell">
                {e.title}
                {e.private && <strong class="govuk-tag govuk-tag--grey govuk-!-margin-left-1">private</strong>}
                <span class="govuk-body-s govuk-!-display-block">
                  {e.decision_maker}
                  {e.document_ids.length > 0 && `; ${e.document_ids.length} document(s)`}
                </span>
                {e.exception_note && <span class="govuk-body-s govuk-!-display-block">Exception: {e.exception_note}</span>}
              </td>
              <td class="govuk-table__cell">{dayWords(e.expected_date)}</td>
              <td class="govuk-table__cell">
                <strong class={`govuk-tag ${complianceColour(e.notice_compliance)}`}>{noticeWords(e)}</strong>
              </td>
              <td class="govuk-table__cell">
                {!e.notice_published_at && (
                  <button
                    type="button"
                    class="govuk-button govuk-button--secondary govuk-!-margin-bottom-1"
                    onClick={async () => {
                      const { error } = await api.POST("/api/v1/councils/{council}/forward-plan/{id}/publish", { params: { path: { council, id: e.id } } });
                      if (error) return setProblem(problemOf(error));
                      done(`The notice of “${e.title}” is published.`);
                    }}
                  >
                    Publish notice<span class="govuk-visually-hidden"> of {e.title}</span>
                  </button>
                )}{" "}
                <button
                  type="button"
                  class="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                  onClick={async () => {
                    const { error } = await api.DELETE("/api/v1/councils/{council}/forward-plan/{id}", { params: { path: { council, id: e.id } } });
                    if (error) return setProblem(problemOf(error));
                    done(`“${e.title}” was withdrawn from the forward plan.`);
                  }}
                >
                  Withdraw<span class="govuk-visually-hidden"> {e.title}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewEntry council={council} onCreated={(e) => done(`“${e.title}” was added to the forward plan. Publish its notice when it is ready.`)} />
    </>
  );
}

function NewEntry({ council, onCreated }: { council: string; onCreated: (e: Entry) => void }) {
  const [title, setTitle] = useState("");
  const [maker, setMaker] = useState("");
  const [date, setDate] = useState("");
  const [exception, setException] = useState<Exception>("none");
  const [note, setNote] = useState("");
  const [secret, setSecret] = useState(false);
  const [documents, setDocuments] = useState<[string, string][]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [round, setRound] = useState(0);
  const create = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.POST("/api/v1/councils/{council}/forward-plan", {
      params: { path: { council } },
      body: { title, decision_maker: maker, expected_date: date, exception, exception_note: note || null, private: secret, document_ids: documents.map(([id]) => id), ward_ids: [] },
    });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setTitle("");
    setNote("");
    setDocuments([]);
    setRound(round + 1);
    onCreated(data);
  };
  return (
    <form onSubmit={create} noValidate key={round}>
      <h2 class="govuk-heading-m">Add a key decision</h2>
      <ErrorSummary problem={problem} />
      <Field path="title" label="Key decision" value={title} onInput={setTitle} error={messageFor(problem, "title")} />
      <Field path="decision_maker" label="Decision maker" hint="For example Cabinet" value={maker} onInput={setMaker} error={messageFor(problem, "decision_maker")} />
      <Field path="expected_date" label="Expected date of the decision" type="date" value={date} onInput={setDate} error={messageFor(problem, "expected_date")} />
      <Select path="exception" label="Notice" value={exception} options={EXCEPTIONS} onChange={(v) => setException(v as Exception)} />
      {exception !== "none" && <Field path="exception_note" label="Why the exception was needed" multiline value={note} onInput={setNote} error={messageFor(problem, "exception_note")} />}
      <Checkbox path="private" label="Taken in private (exempt information)" checked={secret} onChange={setSecret} />
      <h3 class="govuk-heading-s">Documents</h3>
      {documents.length === 0 ? (
        <p class="govuk-body">None yet.</p>
      ) : (
        <ul class="govuk-list govuk-list--bullet">
          {documents.map(([id, name]) => (
            <li key={id}>
              {name}{" "}
              <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => setDocuments(documents.filter(([d]) => d !== id))}>
                Remove<span class="govuk-visually-hidden"> {name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <FindFile council={council} path="entry-document" label="Add a document from the library" hint="A report or an equality impact assessment" images={false} onChoose={(m) => setDocuments([...documents.filter(([d]) => d !== m.id), [m.id, m.title]])} />
      <button type="submit" class="govuk-button">
        Add to the forward plan
      </button>
    </form>
  );
}
