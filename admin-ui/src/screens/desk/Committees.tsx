// Committees: the list, a new one, and one committee's details and members (chair, vice-chair, member,
// substitute) with their dates. The members list is saved as a whole, as the API takes it.
import { useEffect, useState } from "preact/hooks";
import { type Schemas, api, ifMatch } from "../../api/client";
import { Done, ErrorSummary, Field, Link, Select } from "../../components";
import { type Problem, messageFor, problemOf } from "../../errors";
import { navigateWith, takeFlash } from "../../router";
import { DeskNav } from "./Desk";

type Committee = Schemas["CommitteeResponse"];
type Kind = Schemas["CommitteeKind"];
type MemberRole = Schemas["CommitteeRole"];

export const COMMITTEE_KINDS: [Kind, string][] = [
  ["committee", "Committee"],
  ["full_council", "Full council"],
  ["executive", "Executive (cabinet)"],
  ["sub_committee", "Sub-committee"],
  ["scrutiny", "Scrutiny"],
  ["other", "Other"],
];

const ROLES: [MemberRole, string][] = [
  ["chair", "Chair"],
  ["vice_chair", "Vice-chair"],
  ["member", "Member"],
  ["substitute", "Substitute"],
];

/** The council's committees (the first 100). */
export function useCommittees(council: string): Committee[] {
  const [committees, setCommittees] = useState<Committee[]>([]);
  useEffect(() => {
    api.GET("/api/v1/councils/{council}/committees", { params: { path: { council }, query: { limit: 100 } } }).then(({ data }) => setCommittees(data?.items ?? []));
  }, [council]);
  return committees;
}

/** The council's councillors (the first 100, then the rest page by page), for choosing members. */
export function useCouncillors(council: string): Schemas["CouncillorResponse"][] {
  const [councillors, setCouncillors] = useState<Schemas["CouncillorResponse"][]>([]);
  useEffect(() => {
    (async () => {
      const all: Schemas["CouncillorResponse"][] = [];
      let after: string | undefined;
      for (let i = 0; i < 20; i++) {
        const { data } = await api.GET("/api/v1/councils/{council}/councillors", { params: { path: { council }, query: { limit: 100, after } } });
        all.push(...(data?.items ?? []));
        if (!data?.next_cursor) break;
        after = data.next_cursor;
      }
      setCouncillors(all.sort((a, b) => a.display_name.localeCompare(b.display_name)));
    })();
  }, [council]);
  return councillors;
}

export function Committees({ council }: { council: string }) {
  const committees = useCommittees(council);
  const [name, setName] = useState("");
  const [kind, setKind] = useState<Kind>("committee");
  const [purpose, setPurpose] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    document.title = "Committees – Townhall Admin";
  }, []);
  const create = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.POST("/api/v1/councils/{council}/committees", { params: { path: { council } }, body: { name, kind, purpose: purpose || null } });
    if (error || !data) return setProblem(problemOf(error));
    navigateWith(`/c/${council}/committees/${data.id}`, `The ${data.name} was created. Add its members below.`);
  };
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/desk`}>Democratic services desk</Link>
      </span>
      <h1 class="govuk-heading-l">Committees</h1>
      <DeskNav council={council} />
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">Committees</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Name</th>
            <th scope="col" class="govuk-table__header">Kind</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {committees.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={2}>
                No committees yet.
              </td>
            </tr>
          )}
          {committees.map((c) => (
            <tr class="govuk-table__row" key={c.id}>
              <td class="govuk-table__cell">
                <Link href={`/c/${council}/committees/${c.id}`}>{c.name}</Link>
              </td>
              <td class="govuk-table__cell">{COMMITTEE_KINDS.find(([k]) => k === c.kind)?.[1] ?? c.kind}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={create} noValidate>
        <h2 class="govuk-heading-m">Create a committee</h2>
        <ErrorSummary problem={problem} />
        <Field path="name" label="Committee name" value={name} onInput={setName} error={messageFor(problem, "name")} />
        <Select path="kind" label="Kind of committee" value={kind} options={COMMITTEE_KINDS} onChange={(v) => setKind(v as Kind)} />
        <Field path="purpose" label="Purpose" hint="Optional: what it decides or scrutinises" multiline value={purpose} onInput={setPurpose} error={messageFor(problem, "purpose")} />
        <button type="submit" class="govuk-button">
          Create committee
        </button>
      </form>
    </>
  );
}

interface MemberDraft {
  councillor_id: string;
  role: MemberRole;
  start_date: string;
  end_date: string;
}

export function CommitteeScreen({ council, id }: { council: string; id: string }) {
  const [committee, setCommittee] = useState<Committee | null>(null);
  const [members, setMembers] = useState<MemberDraft[]>([]);
  const councillors = useCouncillors(council);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(() => takeFlash());
  useEffect(() => {
    api.GET("/api/v1/councils/{council}/committees/{id}", { params: { path: { council, id } } }).then(({ data }) => {
      setCommittee(data ?? null);
      document.title = `${data?.name ?? "Committee"} – Townhall Admin`;
    });
    api
      .GET("/api/v1/councils/{council}/committees/{id}/members", { params: { path: { council, id } } })
      .then(({ data }) => setMembers((data ?? []).map((m) => ({ councillor_id: m.councillor_id, role: m.role, start_date: m.start_date ?? "", end_date: m.end_date ?? "" }))));
  }, [council, id]);
  if (!committee) return <p class="govuk-body">Loading…</p>;
  const saveDetails = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.PATCH("/api/v1/councils/{council}/committees/{id}", {
      params: { path: { council, id }, header: { "If-Match": ifMatch(committee.version) } },
      body: { name: committee.name, kind: committee.kind, purpose: committee.purpose || null, parent_id: committee.parent_id ?? null },
    });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setCommittee(data);
    setNotice("The committee's details were saved.");
  };
  const saveMembers = async () => {
    const { error } = await api.PUT("/api/v1/councils/{council}/committees/{id}/members", {
      params: { path: { council, id } },
      body: members.map((m) => ({ councillor_id: m.councillor_id, role: m.role, start_date: m.start_date || null, end_date: m.end_date || null })),
    });
    if (error) return setProblem(problemOf(error));
    setProblem(null);
    setNotice(`The members were saved: ${members.length}.`);
  };
  const setMember = (i: number, change: Partial<MemberDraft>) => setMembers(members.map((m, j) => (j === i ? { ...m, ...change } : m)));
  const options: [string, string][] = [["", "Choose a councillor"], ...councillors.map((c): [string, string] => [c.id, c.display_name])];
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/committees`}>Committees</Link>
      </span>
      <h1 class="govuk-heading-l">{committee.name}</h1>
      <DeskNav council={council} />
      <Done message={notice} />
      <ErrorSummary problem={problem} />
      <p class="govuk-body">
        <Link href={`/c/${council}/meetings?committee=${committee.id}`}>Meetings of this committee</Link> ·{" "}
        <Link href={`/c/${council}/records/${committee.id}/history`}>History</Link>
      </p>
      <form onSubmit={saveDetails} noValidate>
        <h2 class="govuk-heading-m">Details</h2>
        <Field path="name" label="Committee name" value={committee.name} onInput={(name) => setCommittee({ ...committee, name })} error={messageFor(problem, "name")} />
        <Select path="kind" label="Kind of committee" value={committee.kind} options={COMMITTEE_KINDS} onChange={(kind) => setCommittee({ ...committee, kind: kind as Kind })} />
        <Field path="purpose" label="Purpose" multiline value={committee.purpose ?? ""} onInput={(purpose) => setCommittee({ ...committee, purpose })} />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Save details
        </button>
      </form>
      <h2 class="govuk-heading-m">Members</h2>
      {members.map((m, i) => {
        const who = councillors.find((c) => c.id === m.councillor_id)?.display_name ?? `member ${i + 1}`;
        return (
          <fieldset class="govuk-fieldset th-block" key={i}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Member {i + 1}</legend>
            <Select path={`members[${i}].councillor_id`} label={`Councillor (member ${i + 1})`} value={m.councillor_id} options={options} onChange={(v) => setMember(i, { councillor_id: v })} />
            <Select path={`members[${i}].role`} label={`Role (member ${i + 1})`} value={m.role} options={ROLES} onChange={(v) => setMember(i, { role: v as MemberRole })} />
            <Field path={`members[${i}].start_date`} label={`From (member ${i + 1})`} type="date" value={m.start_date} onInput={(v) => setMember(i, { start_date: v })} />
            <Field path={`members[${i}].end_date`} label={`Until (member ${i + 1})`} type="date" hint="Leave empty while they sit" value={m.end_date} onInput={(v) => setMember(i, { end_date: v })} />
            <button type="button" class="govuk-button govuk-button--warning" onClick={() => setMembers(members.filter((_, j) => j !== i))}>
              Remove<span class="govuk-visually-hidden"> {who} from the members</span>
            </button>
          </fieldset>
        );
      })}
      <div class="govuk-button-group">
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setMembers([...members, { councillor_id: "", role: "member", start_date: "", end_date: "" }])}>
          Add a member
        </button>
        <button type="button" class="govuk-button" onClick={saveMembers}>
          Save members
        </button>
      </div>
    </>
  );
}
