// The democratic services desk: meetings of the coming weeks with their agenda deadlines in words and dates
// (London time) and the rule that set them, forward plan entries whose notice is short, and decisions whose call-in
// period is open.
import { useEffect, useState } from "preact/hooks";
import { type Role, type Schemas, api, ifMatch } from "../../api/client";
import { Checkbox, Link } from "../../components";
import { problemOf } from "../../errors";
import { agendaRule, complianceColour, complianceWords, dayWords, daysUntil, londonToday } from "../../deadlines";
import { londonWords } from "../../london";

type Meeting = Schemas["MeetingResponse"];

/** How far ahead the desk looks. */
const WEEKS = 6;

export function DeskNav({ council }: { council: string }) {
  return (
    <nav aria-label="Democratic services">
      <ul class="govuk-list govuk-list--inline">
        <li>
          <Link href={`/c/${council}/desk`}>Desk</Link>
        </li>
        <li>
          <Link href={`/c/${council}/committees`}>Committees</Link>
        </li>
        <li>
          <Link href={`/c/${council}/meetings`}>Meetings</Link>
        </li>
        <li>
          <Link href={`/c/${council}/decisions`}>Decisions</Link>
        </li>
        <li>
          <Link href={`/c/${council}/forward-plan`}>Forward plan</Link>
        </li>
        <li>
          <Link href={`/c/${council}/councillors`}>Councillors</Link>
        </li>
        <li>
          <Link href={`/c/${council}/import`}>Import from ModernGov</Link>
        </li>
      </ul>
    </nav>
  );
}

export function Desk({ council, role }: { council: string; role: Role }) {
  const [meetings, setMeetings] = useState<Meeting[] | null>(null);
  const [plan, setPlan] = useState<Schemas["ForwardPlanEntryResponse"][]>([]);
  const [decisions, setDecisions] = useState<Schemas["DecisionResponse"][]>([]);
  const [rule, setRule] = useState<string | null>(null);
  const [settings, setSettings] = useState<Schemas["DeadlineSettingsResponse"] | null>(null);
  const today = londonToday();
  useEffect(() => {
    document.title = "Democratic services desk – Townhall Admin";
    const to = new Date(Date.now() + WEEKS * 7 * 86_400_000).toLocaleDateString("en-CA", { timeZone: "Europe/London" });
    api.GET("/api/v1/councils/{council}/meetings", { params: { path: { council }, query: { from: today, to, limit: 100 } } }).then(({ data }) => setMeetings(data?.items ?? []));
    api.GET("/api/v1/councils/{council}/forward-plan", { params: { path: { council } } }).then(({ data }) => setPlan(data ?? []));
    api.GET("/api/v1/councils/{council}/decisions", { params: { path: { council }, query: { limit: 100 } } }).then(({ data }) => setDecisions(data?.items ?? []));
    api.GET("/api/v1/councils/{council}/deadline-settings", { params: { path: { council } } }).then(({ data }) => {
      setRule(data ? agendaRule(data) : null);
      setSettings(data ?? null);
    });
  }, [council]);
  const shortNotice = plan.filter((e) => !e.notice_published_at && (e.notice_compliance === "overdue" || daysUntil(e.expected_date, today) <= 35));
  const callIn = decisions.filter((d) => d.call_in_status === "open" && d.published_at && d.call_in_deadline && d.call_in_deadline >= today);
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}`}>Dashboard</Link>
      </span>
      <h1 class="govuk-heading-l">Democratic services desk</h1>
      <DeskNav council={council} />
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">Meetings in the next {WEEKS} weeks</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Meeting</th>
            <th scope="col" class="govuk-table__header">When (London time)</th>
            <th scope="col" class="govuk-table__header">Agenda</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {meetings?.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={3}>
                No meetings in the next {WEEKS} weeks.
              </td>
            </tr>
          )}
          {meetings?.map((m) => (
            <tr class="govuk-table__row" key={m.id}>
              <td class="govuk-table__cell">
                <Link href={`/c/${council}/meetings/${m.id}`}>{m.committee.name}</Link>
                {m.status === "cancelled" && <strong class="govuk-tag govuk-tag--grey govuk-!-margin-left-1">cancelled</strong>}
              </td>
              <td class="govuk-table__cell">{londonWords(m.start)}</td>
              <td class="govuk-table__cell">
                <strong class={`govuk-tag ${complianceColour(m.agenda_compliance)}`}>{complianceWords(m.agenda_compliance, m.agenda_due_by)}</strong>
                {m.agenda_compliance === "not_yet_due" && m.agenda_due_by && (
                  <span class="govuk-body-s govuk-!-display-block">
                    {daysUntil(m.agenda_due_by, today) === 0 ? "Due today" : `${daysUntil(m.agenda_due_by, today)} days left`}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rule && (
        <p class="govuk-body-s" id="agenda-rule">
          Agenda deadlines: {rule}.
        </p>
      )}
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">Key decisions with short notice</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Key decision</th>
            <th scope="col" class="govuk-table__header">Expected</th>
            <th scope="col" class="govuk-table__header">Notice</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {shortNotice.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={3}>
                None: every key decision expected soon has its notice published.
              </td>
            </tr>
          )}
          {shortNotice.map((e) => (
            <tr class="govuk-table__row" key={e.id}>
              <td class="govuk-table__cell">{e.title}</td>
              <td class="govuk-table__cell">{dayWords(e.expected_date)}</td>
              <td class="govuk-table__cell">
                <strong class={`govuk-tag ${complianceColour(e.notice_compliance)}`}>
                  {e.notice_compliance === "overdue" ? "28 days' notice can no longer be given" : "Notice not yet published"}
                </strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">Decisions open to call-in</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Decision</th>
            <th scope="col" class="govuk-table__header">Made by</th>
            <th scope="col" class="govuk-table__header">Call-in ends</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {callIn.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={3}>
                No decision is open to call-in.
              </td>
            </tr>
          )}
          {callIn.map((d) => (
            <tr class="govuk-table__row" key={d.id}>
              <td class="govuk-table__cell">{d.title}</td>
              <td class="govuk-table__cell">{d.decision_maker}</td>
              <td class="govuk-table__cell">{d.call_in_deadline && dayWords(d.call_in_deadline)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {role === "admin" && settings && <ReminderSettings council={council} settings={settings} onSaved={setSettings} />}
    </>
  );
}

/** Which deadline reminders the officers get by email (the council's admins decide). */
function ReminderSettings({ council, settings, onSaved }: { council: string; settings: Schemas["DeadlineSettingsResponse"]; onSaved: (s: Schemas["DeadlineSettingsResponse"]) => void }) {
  const [agenda, setAgenda] = useState(settings.remind_agenda);
  const [notice, setNotice] = useState(settings.remind_forward_plan);
  const [callIn, setCallIn] = useState(settings.remind_call_in);
  const [message, setMessage] = useState<string | null>(null);
  const save = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.PUT("/api/v1/councils/{council}/deadline-settings", {
      params: { path: { council }, header: { "If-Match": ifMatch(settings.version) } },
      body: {
        exclude_christmas_eve: settings.exclude_christmas_eve,
        exclude_christmas_and_easter_breaks: settings.exclude_christmas_and_easter_breaks,
        closure_days: settings.closure_days,
        call_in_working_days: settings.call_in_working_days,
        key_decision_notice_calendar_days: settings.key_decision_notice_calendar_days,
        remind_agenda: agenda,
        remind_forward_plan: notice,
        remind_call_in: callIn,
      },
    });
    if (error || !data) return setMessage(problemOf(error).message);
    onSaved(data);
    setMessage("The reminders were saved.");
  };
  return (
    <form onSubmit={save} noValidate class="govuk-!-margin-top-8">
      <h2 class="govuk-heading-m">Reminders by email</h2>
      <p class="govuk-body">The council's democratic services officers get an email two working days before each deadline and on the day.</p>
      <Checkbox path="remind_agenda" label="Agendas due for publication" checked={agenda} onChange={setAgenda} />
      <Checkbox path="remind_forward_plan" label="Forward plan notices of key decisions" checked={notice} onChange={setNotice} />
      <Checkbox path="remind_call_in" label="Call-in periods ending" checked={callIn} onChange={setCallIn} />
      {message && (
        <p class="govuk-body" role="status">
          {message}
        </p>
      )}
      <button type="submit" class="govuk-button govuk-button--secondary">
        Save reminders
      </button>
    </form>
  );
}
