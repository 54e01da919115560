// After the meeting: who attended (present, apologies, absent, remote; substitutes), motions with counts or named
// votes, minutes and resolutions item by item, and publishing the minutes.
import { useEffect, useState } from "preact/hooks";
import { type Schemas, api, ifMatch } from "../../api/client";
import { ErrorSummary, Field, Select } from "../../components";
import { ordered } from "../../agenda";
import { type Problem, problemOf } from "../../errors";
import { useCouncillors } from "./Committees";

type Meeting = Schemas["MeetingResponse"];
type Item = Schemas["AgendaItemResponse"];
type Attendance = Schemas["AttendanceEntry"];
type Vote = Schemas["VoteOption"];

const ATTENDANCE: [string, string][] = [
  ["", "Not recorded"],
  ["present", "Present"],
  ["remote", "Attended remotely"],
  ["apologies", "Sent apologies"],
  ["absent", "Absent"],
];

const VOTES: [Vote, string][] = [
  ["for", "For"],
  ["against", "Against"],
  ["abstain", "Abstained"],
  ["absent", "Did not vote"],
];

export function Proceedings(props: { council: string; meeting: Meeting; items: Item[]; canWrite: boolean; onMeeting: (m: Meeting) => void; onAgenda: () => void }) {
  const { council, meeting } = props;
  const councillors = useCouncillors(council);
  const [members, setMembers] = useState<string[]>([]);
  const [attendance, setAttendance] = useState<Attendance[]>([]);
  const [motions, setMotions] = useState<Schemas["MotionResponse"][]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const loadMotions = () => api.GET("/api/v1/councils/{council}/meetings/{id}/motions", { params: { path: { council, id: meeting.id } } }).then(({ data }) => setMotions(data ?? []));
  useEffect(() => {
    api.GET("/api/v1/councils/{council}/committees/{id}/members", { params: { path: { council, id: meeting.committee.id } } }).then(({ data }) => setMembers((data ?? []).map((m) => m.councillor_id)));
    api.GET("/api/v1/councils/{council}/meetings/{id}/attendance", { params: { path: { council, id: meeting.id } } }).then(({ data }) => setAttendance(data ?? []));
    loadMotions();
  }, [council, meeting.id]);
  const name = (id: string | null | undefined) => councillors.find((c) => c.id === id)?.display_name ?? "Unknown councillor";
  // The committee's members first, then anyone else recorded (substitutes), then the rest to add.
  const listed = [...members, ...attendance.map((a) => a.councillor_id).filter((id) => !members.includes(id))];
  const statusOf = (id: string) => attendance.find((a) => a.councillor_id === id);
  const setStatus = (id: string, change: Partial<Attendance> | null) => {
    const rest = attendance.filter((a) => a.councillor_id !== id);
    if (!change) return setAttendance(rest);
    const current = statusOf(id) ?? { councillor_id: id, status: "present" as const };
    setAttendance([...rest, { ...current, ...change }]);
  };
  const ok = (message: string) => {
    setProblem(null);
    setNotice(message);
  };
  const saveAttendance = async () => {
    const { error } = await api.PUT("/api/v1/councils/{council}/meetings/{id}/attendance", { params: { path: { council, id: meeting.id } }, body: attendance });
    if (error) return setProblem(problemOf(error));
    ok(`Attendance saved: ${attendance.filter((a) => a.status === "present" || a.status === "remote").length} attended.`);
  };
  const attended = attendance.filter((a) => a.status === "present" || a.status === "remote").map((a) => a.councillor_id);
  const [extra, setExtra] = useState("");
  return (
    <section class="govuk-!-margin-top-8" aria-labelledby="after-meeting">
      <h2 class="govuk-heading-l" id="after-meeting">
        After the meeting
      </h2>
      {notice && (
        <div class="govuk-inset-text" role="status">
          {notice}
        </div>
      )}
      <ErrorSummary problem={problem} />
      <h3 class="govuk-heading-m">Attendance</h3>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">Attendance</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Councillor</th>
            <th scope="col" class="govuk-table__header">Attendance</th>
            <th scope="col" class="govuk-table__header">Substitute for</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {listed.map((id) => (
            <tr class="govuk-table__row" key={id}>
              <td class="govuk-table__cell">{name(id)}</td>
              <td class="govuk-table__cell">
                <label class="govuk-label govuk-visually-hidden" for={`attendance-${id}`}>
                  Attendance of {name(id)}
                </label>
                <select
                  class="govuk-select"
                  id={`attendance-${id}`}
                  value={statusOf(id)?.status ?? ""}
                  disabled={!props.canWrite}
                  onChange={(e) => {
                    const v = (e.currentTarget as HTMLSelectElement).value;
                    setStatus(id, v ? { status: v as Attendance["status"] } : null);
                  }}
                >
                  {ATTENDANCE.map(([v, l]) => (
                    <option key={v} value={v}>
                      {l}
                    </option>
                  ))}
                </select>
              </td>
              <td class="govuk-table__cell">
                {!members.includes(id) && (
                  <>
                    <label class="govuk-label govuk-visually-hidden" for={`substitute-${id}`}>
                      {name(id)} substituted for
                    </label>
                    <select
                      class="govuk-select"
                      id={`substitute-${id}`}
                      value={statusOf(id)?.substitute_for ?? ""}
                      disabled={!props.canWrite}
                      onChange={(e) => setStatus(id, { substitute_for: (e.currentTarget as HTMLSelectElement).value || null })}
                    >
                      <option value="">Nobody</option>
                      {members.map((m) => (
                        <option key={m} value={m}>
                          {name(m)}
                        </option>
                      ))}
                    </select>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.canWrite && (
        <>
          <div class="govuk-form-group">
            <Select
              path="extra-attendee"
              label="Add a councillor who is not a member (a substitute)"
              value={extra}
              options={[["", "Choose a councillor"], ...councillors.filter((c) => !listed.includes(c.id)).map((c): [string, string] => [c.id, c.display_name])]}
              onChange={setExtra}
            />
            <button
              type="button"
              class="govuk-button govuk-button--secondary"
              onClick={() => {
                if (!extra) return;
                setStatus(extra, { status: "present" });
                setExtra("");
              }}
            >
              Add to attendance
            </button>
          </div>
          <button type="button" class="govuk-button" onClick={saveAttendance}>
            Save attendance
          </button>
        </>
      )}

      <h3 class="govuk-heading-m govuk-!-margin-top-6">Motions and votes</h3>
      {motions.length === 0 ? (
        <p class="govuk-body">No motions recorded.</p>
      ) : (
        <ul class="govuk-list govuk-list--bullet">
          {motions.map((m) => (
            <li key={m.id}>
              {m.motion_text} <strong>{m.result}</strong>: {m.counts.for} for, {m.counts.against} against, {m.counts.abstain} abstained
              {m.named_votes.length > 0 && ` (named vote: ${m.named_votes.map((v) => `${name(v.councillor_id)} ${v.option}`).join("; ")})`}
            </li>
          ))}
        </ul>
      )}
      {props.canWrite && (
        <MotionForm
          items={props.items}
          attended={attended}
          name={name}
          onRecord={async (body) => {
            const { error } = await api.POST("/api/v1/councils/{council}/meetings/{id}/motions", { params: { path: { council, id: meeting.id } }, body });
            if (error) {
              setProblem(problemOf(error));
              return false;
            }
            await loadMotions();
            ok("The motion was recorded.");
            return true;
          }}
        />
      )}

      <h3 class="govuk-heading-m govuk-!-margin-top-6">Minutes</h3>
      {ordered(props.items).map((item) => (
        <MinutesForm
          key={`${item.id}-${item.version}`}
          item={item}
          canWrite={props.canWrite}
          onSave={async (minutes, resolution) => {
            const { error } = await api.PATCH("/api/v1/councils/{council}/agenda-items/{id}", {
              params: { path: { council, id: item.id }, header: { "If-Match": ifMatch(item.version) } },
              body: {
                order_label: item.order_label,
                title: item.title,
                description: item.description ?? null,
                exempt_paragraph: item.exempt_paragraph ?? null,
                key_decision: item.key_decision,
                parent_id: item.parent_id ?? null,
                position: item.position,
                ward_ids: item.ward_ids,
                minutes: minutes || null,
                resolution: resolution || null,
              },
            });
            if (error) return setProblem(problemOf(error));
            props.onAgenda();
            ok(`The minutes of item ${item.order_label} were saved.`);
          }}
        />
      ))}
      {props.canWrite && !meeting.minutes_published_at && (
        <button
          type="button"
          class="govuk-button govuk-!-margin-top-4"
          onClick={async () => {
            const { data, error } = await api.POST("/api/v1/councils/{council}/meetings/{id}/minutes/publish", { params: { path: { council, id: meeting.id } } });
            if (error || !data) return setProblem(problemOf(error));
            props.onMeeting(data);
            ok("The minutes are published: the public can read them, with the attendance and the votes.");
          }}
        >
          Publish the minutes
        </button>
      )}
    </section>
  );
}

function MotionForm(props: { items: Item[]; attended: string[]; name: (id: string) => string; onRecord: (body: Schemas["MotionRequest"]) => Promise<boolean> }) {
  const [text, setText] = useState("");
  const [item, setItem] = useState("");
  const [result, setResult] = useState<Schemas["MotionResult"]>("carried");
  const [named, setNamed] = useState(true);
  const [votes, setVotes] = useState<Record<string, Vote>>({});
  const [counts, setCounts] = useState({ for: "0", against: "0", abstain: "0", absent: "0" });
  const record = async (event: Event) => {
    event.preventDefault();
    const body: Schemas["MotionRequest"] = {
      motion_text: text,
      agenda_item_id: item || null,
      result,
      named_votes: named ? Object.entries(votes).map(([councillor_id, option]) => ({ councillor_id, option })) : [],
      counts: named ? null : { for: Number(counts.for), against: Number(counts.against), abstain: Number(counts.abstain), absent: Number(counts.absent) },
    };
    if (await props.onRecord(body)) {
      setText("");
      setVotes({});
    }
  };
  return (
    <form onSubmit={record} noValidate>
      <Field path="motion_text" label="Motion" hint="For example: That the recommendations be approved." multiline value={text} onInput={setText} />
      <Select path="motion-item" label="Agenda item of the motion" value={item} options={[["", "None"], ...ordered(props.items).map((i): [string, string] => [i.id, `${i.order_label}. ${i.title}`])]} onChange={setItem} />
      <Select
        path="motion-result"
        label="Result"
        value={result}
        options={[
          ["carried", "Carried"],
          ["lost", "Lost"],
          ["withdrawn", "Withdrawn"],
        ]}
        onChange={(v) => setResult(v as Schemas["MotionResult"])}
      />
      <Select
        path="vote-kind"
        label="How the vote was recorded"
        value={named ? "named" : "counts"}
        options={[
          ["named", "Named vote: how each councillor voted"],
          ["counts", "Counts only"],
        ]}
        onChange={(v) => setNamed(v === "named")}
      />
      {named ? (
        props.attended.length === 0 ? (
          <p class="govuk-body">Save the attendance first: a named vote lists those who attended.</p>
        ) : (
          props.attended.map((id) => (
            <Select
              key={id}
              path={`vote-${id}`}
              label={`Vote of ${props.name(id)}`}
              value={votes[id] ?? ""}
              options={[["", "Not recorded"], ...VOTES]}
              onChange={(v) => {
                const next = { ...votes };
                if (v) next[id] = v as Vote;
                else delete next[id];
                setVotes(next);
              }}
            />
          ))
        )
      ) : (
        <div class="govuk-grid-row">
          {(["for", "against", "abstain", "absent"] as const).map((k) => (
            <div class="govuk-grid-column-one-quarter" key={k}>
              <Field path={`count-${k}`} label={`Votes ${VOTES.find(([v]) => v === k)?.[1].toLowerCase()}`} type="number" value={counts[k]} onInput={(v) => setCounts({ ...counts, [k]: v })} width="4" />
            </div>
          ))}
        </div>
      )}
      <button type="submit" class="govuk-button govuk-button--secondary">
        Record the motion
      </button>
    </form>
  );
}

function MinutesForm({ item, canWrite, onSave }: { item: Item; canWrite: boolean; onSave: (minutes: string, resolution: string) => void }) {
  const [minutes, setMinutes] = useState(item.minutes ?? "");
  const [resolution, setResolution] = useState(item.resolution ?? "");
  return (
    <form
      class="th-block"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave(minutes, resolution);
      }}
    >
      <h4 class="govuk-heading-s">
        {item.order_label}. {item.title}
      </h4>
      <Field path={`minutes-${item.id}`} label={`Minutes of item ${item.order_label}`} multiline value={minutes} onInput={setMinutes} />
      <Field path={`resolution-${item.id}`} label={`Resolution of item ${item.order_label}`} hint="What was resolved, if anything" multiline value={resolution} onInput={setResolution} />
      {canWrite && (
        <button type="submit" class="govuk-button govuk-button--secondary">
          Save minutes<span class="govuk-visually-hidden"> of item {item.order_label}</span>
        </button>
      )}
    </form>
  );
}
