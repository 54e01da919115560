// Meetings by committee and status, from a date, a page at a time, and a new meeting (London time).
import { useEffect, useState } from "preact/hooks";
import { type Schemas, api } from "../../api/client";
import { ErrorSummary, Field, Link, Pager, Select } from "../../components";
import { complianceColour, complianceWords, londonToday } from "../../deadlines";
import { type Problem, messageFor, problemOf } from "../../errors";
import { londonWords } from "../../london";
import { navigateWith } from "../../router";
import { useCommittees } from "./Committees";
import { DeskNav } from "./Desk";
import { MeetingCalendar } from "./MeetingCalendar";

type Status = Schemas["MeetingStatus"];

export const STATUSES: [Status, string][] = [
  ["scheduled", "Scheduled"],
  ["confirmed", "Confirmed"],
  ["rescheduled", "Rescheduled"],
  ["cancelled", "Cancelled"],
  ["held", "Held"],
];

export function Meetings({ council }: { council: string }) {
  const committees = useCommittees(council);
  const initial = new URLSearchParams(location.search).get("committee") ?? "";
  const [committee, setCommittee] = useState(initial);
  const [status, setStatus] = useState("");
  const [from, setFrom] = useState(londonToday());
  const [meetings, setMeetings] = useState<Schemas["MeetingResponse"][]>([]);
  const [view, setView] = useState("list");
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [next, setNext] = useState<string | null>(null);
  const after = cursors[cursors.length - 1];
  useEffect(() => {
    document.title = "Meetings – Townhall Admin";
    let stale = false;
    api
      .GET("/api/v1/councils/{council}/meetings", {
        params: { path: { council }, query: { committee: committee || undefined, status: (status || undefined) as Status | undefined, from: from || undefined, limit: 20, after } },
      })
      .then(({ data }) => {
        if (stale) return;
        setMeetings(data?.items ?? []);
        setNext(data?.next_cursor ?? null);
      });
    return () => {
      stale = true;
    };
  }, [council, committee, status, from, after]);
  const restart = () => setCursors([undefined]);
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/desk`}>Democratic services desk</Link>
      </span>
      <h1 class="govuk-heading-l">Meetings</h1>
      <DeskNav council={council} />
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-third">
          <Select
            path="committee-filter"
            label="Committee"
            value={committee}
            options={[["", "Every committee"], ...committees.map((c): [string, string] => [c.id, c.name])]}
            onChange={(v) => {
              restart();
              setCommittee(v);
            }}
          />
        </div>
        <div class="govuk-grid-column-one-third">
          <Select
            path="status-filter"
            label="Status"
            value={status}
            options={[["", "Any status"], ...STATUSES]}
            onChange={(v) => {
              restart();
              setStatus(v);
            }}
          />
        </div>
        <div class="govuk-grid-column-one-third">
          <Field
            path="from"
            label="From"
            type="date"
            value={from}
            onInput={(v) => {
              restart();
              setFrom(v);
            }}
          />
        </div>
      </div>
      <Select
        path="view"
        label="Show as"
        value={view}
        options={[
          ["list", "A list"],
          ["calendar", "A calendar of the month"],
        ]}
        onChange={setView}
      />
      {view === "calendar" ? (
        <MeetingCalendar council={council} committee={committee} start={from || londonToday()} />
      ) : (
      <>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">Meetings</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Meeting</th>
            <th scope="col" class="govuk-table__header">When (London time)</th>
            <th scope="col" class="govuk-table__header">Status</th>
            <th scope="col" class="govuk-table__header">Agenda</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {meetings.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={4}>
                No meetings.
              </td>
            </tr>
          )}
          {meetings.map((m) => (
            <tr class="govuk-table__row" key={m.id}>
              <td class="govuk-table__cell">
                <Link href={`/c/${council}/meetings/${m.id}`}>{m.committee.name}</Link>
              </td>
              <td class="govuk-table__cell">{londonWords(m.start)}</td>
              <td class="govuk-table__cell">{STATUSES.find(([s]) => s === m.status)?.[1] ?? m.status}</td>
              <td class="govuk-table__cell">
                <strong class={`govuk-tag ${complianceColour(m.agenda_compliance)}`}>{complianceWords(m.agenda_compliance, m.agenda_due_by)}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager label="Pages of meetings" cursors={cursors} next={next} onChange={setCursors} />
      </>
      )}
      <NewMeeting council={council} committees={committees} chosen={committee} />
    </>
  );
}

function NewMeeting({ council, committees, chosen }: { council: string; committees: Schemas["CommitteeResponse"][]; chosen: string }) {
  const [committee, setCommittee] = useState(chosen);
  const [start, setStart] = useState("");
  const [venue, setVenue] = useState("");
  const [webcast, setWebcast] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const create = async (event: Event) => {
    event.preventDefault();
    if (!committee) return setProblem({ message: "", fields: [{ field: "committee_id", message: "Choose the committee that meets" }] });
    const { data, error } = await api.POST("/api/v1/councils/{council}/meetings", {
      params: { path: { council } },
      body: { committee_id: committee, start, venue: venue || null, webcast_url: webcast || null },
    });
    if (error || !data) return setProblem(problemOf(error));
    navigateWith(`/c/${council}/meetings/${data.id}`, `The meeting was created. Its agenda is due by the date below.`);
  };
  return (
    <form onSubmit={create} noValidate>
      <h2 class="govuk-heading-m">Create a meeting</h2>
      <ErrorSummary problem={problem} />
      <Select path="committee_id" label="Committee that meets" value={committee} options={[["", "Choose a committee"], ...committees.map((c): [string, string] => [c.id, c.name])]} onChange={setCommittee} />
      {messageFor(problem, "committee_id") && <p class="govuk-error-message">{messageFor(problem, "committee_id")}</p>}
      <Field path="start" label="Starts at (London time)" type="datetime-local" value={start} onInput={setStart} error={messageFor(problem, "start")} />
      <Field path="venue" label="Venue" hint="For example Council Chamber, Civic Centre" value={venue} onInput={setVenue} error={messageFor(problem, "venue")} />
      <Field path="webcast_url" label="Webcast address" hint="Optional" type="url" value={webcast} onInput={setWebcast} error={messageFor(problem, "webcast_url")} />
      <button type="submit" class="govuk-button">
        Create meeting
      </button>
    </form>
  );
}
