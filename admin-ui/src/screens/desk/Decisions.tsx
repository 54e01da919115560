// Decisions with their call-in status and deadline, a new decision, and publishing one (which starts its call-in
// period).
import { useEffect, useState } from "preact/hooks";
import { type Schemas, api } from "../../api/client";
import { Checkbox, Done, ErrorSummary, Field, Link } from "../../components";
import { dayWords, londonToday } from "../../deadlines";
import { type Problem, messageFor, problemOf } from "../../errors";
import { DeskNav } from "./Desk";

type Decision = Schemas["DecisionResponse"];

const CALL_IN: Record<string, string> = {
  open: "Open to call-in",
  called_in: "Called in",
  confirmed: "Confirmed",
  implemented: "Implemented",
  exempt_urgent: "Exempt from call-in (urgent)",
};

export function Decisions({ council }: { council: string }) {
  const [decisions, setDecisions] = useState<Decision[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const load = () => api.GET("/api/v1/councils/{council}/decisions", { params: { path: { council }, query: { limit: 100 } } }).then(({ data }) => setDecisions(data?.items ?? []));
  useEffect(() => {
    document.title = "Decisions – Townhall Admin";
    load();
  }, [council]);
  const today = londonToday();
  const publish = async (d: Decision) => {
    const { data, error } = await api.POST("/api/v1/councils/{council}/decisions/{id}/publish", { params: { path: { council, id: d.id } } });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setNotice(`“${d.title}” is published${data.call_in_deadline ? `; call-in ends ${dayWords(data.call_in_deadline)}` : ""}.`);
    load();
  };
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/desk`}>Democratic services desk</Link>
      </span>
      <h1 class="govuk-heading-l">Decisions</h1>
      <DeskNav council={council} />
      <Done message={notice} />
      <ErrorSummary problem={problem} />
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">Decisions</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Decision</th>
            <th scope="col" class="govuk-table__header">Made</th>
            <th scope="col" class="govuk-table__header">Call-in</th>
            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {decisions.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={4}>
                No decisions yet.
              </td>
            </tr>
          )}
          {decisions.map((d) => (
            <tr class="govuk-table__row" key={d.id}>
              <td class="govuk-table__cell">
                {d.title}
                {d.key_decision && <strong class="govuk-tag govuk-tag--purple govuk-!-margin-left-1">Key decision</strong>}
                <span class="govuk-body-s govuk-!-display-block">{d.decision_maker}</span>
              </td>
              <td class="govuk-table__cell">{dayWords(d.date_made)}</td>
              <td class="govuk-table__cell">
                {!d.published_at ? (
                  "Draft: not published"
                ) : (
                  <>
                    {CALL_IN[d.call_in_status ?? ""] ?? d.call_in_status}
                    {d.call_in_status === "open" && d.call_in_deadline && (
                      <span class="govuk-!-display-block">
                        {d.call_in_deadline >= today ? `until ${dayWords(d.call_in_deadline)}` : `period ended ${dayWords(d.call_in_deadline)}`}
                      </span>
                    )}
                  </>
                )}
              </td>
              <td class="govuk-table__cell">
                {!d.published_at && (
                  <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => publish(d)}>
                    Publish<span class="govuk-visually-hidden"> {d.title}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewDecision
        council={council}
        onCreated={(d) => {
          setProblem(null);
          setNotice(`“${d.title}” was recorded as a draft.`);
          load();
        }}
      />
    </>
  );
}

function NewDecision({ council, onCreated }: { council: string; onCreated: (d: Decision) => void }) {
  const [title, setTitle] = useState("");
  const [maker, setMaker] = useState("");
  const [date, setDate] = useState(londonToday());
  const [text, setText] = useState("");
  const [reasons, setReasons] = useState("");
  const [key, setKey] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [round, setRound] = useState(0);
  const create = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.POST("/api/v1/councils/{council}/decisions", {
      params: { path: { council } },
      body: { title, decision_maker: maker, date_made: date, decision_text: text, reasons: reasons || null, key_decision: key },
    });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setTitle("");
    setText("");
    setReasons("");
    setRound(round + 1);
    onCreated(data);
  };
  return (
    <form onSubmit={create} noValidate key={round}>
      <h2 class="govuk-heading-m">Record a decision</h2>
      <ErrorSummary problem={problem} />
      <Field path="title" label="Decision title" value={title} onInput={setTitle} error={messageFor(problem, "title")} />
      <Field path="decision_maker" label="Decision maker" hint="For example Cabinet, or the Cabinet Member for Housing" value={maker} onInput={setMaker} error={messageFor(problem, "decision_maker")} />
      <Field path="date_made" label="Date made" type="date" value={date} onInput={setDate} error={messageFor(problem, "date_made")} />
      <Field path="decision_text" label="The decision" multiline value={text} onInput={setText} error={messageFor(problem, "decision_text")} />
      <Field path="reasons" label="Reasons" hint="Optional" multiline value={reasons} onInput={setReasons} error={messageFor(problem, "reasons")} />
      <Checkbox path="key_decision" label="Key decision" checked={key} onChange={setKey} />
      <button type="submit" class="govuk-button">
        Record decision
      </button>
    </form>
  );
}
