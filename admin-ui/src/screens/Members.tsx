// The council's members and invitations (council admins): change a member's role or remove them (never the last
// admin: the API refuses and says why), invite by email, see who is invited, withdraw.
import { useEffect, useState } from "preact/hooks";
import { type Role, type Schemas, api } from "../api/client";
import { Done, ErrorSummary, Field, Link, Select } from "../components";
import { type Problem, messageFor, problemOf } from "../errors";

const ROLES: [Role, string][] = [
  ["editor", "Editor: writes web content"],
  ["democratic_services", "Democratic services officer: meetings and decisions"],
  ["viewer", "Viewer: reads only"],
  ["admin", "Administrator: everything, including members"],
];

/** A role's short name ("Editor"). */
const roleName = (role: Role) => (ROLES.find(([r]) => r === role)?.[1] ?? role).split(":")[0] ?? role;

export function Members({ council }: { council: string }) {
  const [members, setMembers] = useState<Schemas["MemberResponse"][]>([]);
  const [invitations, setInvitations] = useState<Schemas["InvitationResponse"][]>([]);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = () => {
    api.GET("/api/v1/councils/{council}/members", { params: { path: { council } } }).then(({ data }) => setMembers(data?.items ?? []));
    api.GET("/api/v1/councils/{council}/invitations", { params: { path: { council } } }).then(({ data }) => setInvitations(data ?? []));
  };
  useEffect(() => {
    document.title = "Members – Townhall Admin";
    load();
  }, [council]);

  const invite = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.POST("/api/v1/councils/{council}/invitations", {
      params: { path: { council } },
      body: { email: email.trim(), role },
    });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setNotice(`An invitation was sent to ${data.email}.`);
    setEmail("");
    load();
  };
  const changeRole = async (member: Schemas["MemberResponse"], role: Role) => {
    const { error } = await api.PATCH("/api/v1/councils/{council}/members/{user_id}", { params: { path: { council, user_id: member.user_id } }, body: { role } });
    if (error) return setProblem(problemOf(error));
    setProblem(null);
    setNotice(`${member.display_name} is now ${roleName(role).toLowerCase()}.`);
    load();
  };
  const removeMember = async (member: Schemas["MemberResponse"]) => {
    const { error } = await api.DELETE("/api/v1/councils/{council}/members/{user_id}", { params: { path: { council, user_id: member.user_id } } });
    if (error) return setProblem(problemOf(error));
    setProblem(null);
    setNotice(`${member.display_name} no longer has access to this council. Their account stays.`);
    load();
  };
  const withdraw = async (id: string) => {
    await api.DELETE("/api/v1/councils/{council}/invitations/{id}", { params: { path: { council, id } } });
    setNotice("The invitation was withdrawn.");
    load();
  };

  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}`}>Dashboard</Link>
      </span>
      <h1 class="govuk-heading-l">Members</h1>
      <Done message={notice} />
      <ErrorSummary problem={problem} />
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">People in this council</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Name</th>
            <th scope="col" class="govuk-table__header">Email</th>
            <th scope="col" class="govuk-table__header">Role</th>
            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {members.map((m) => (
            <MemberRow key={`${m.user_id}-${m.role}`} member={m} onRole={(r) => changeRole(m, r)} onRemove={() => removeMember(m)} />
          ))}
        </tbody>
      </table>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">Invitations waiting for an answer</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Email</th>
            <th scope="col" class="govuk-table__header">Role</th>
            <th scope="col" class="govuk-table__header">Expires</th>
            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {invitations.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={4}>None</td>
            </tr>
          )}
          {invitations.map((i) => (
            <tr class="govuk-table__row" key={i.id}>
              <td class="govuk-table__cell">{i.email}</td>
              <td class="govuk-table__cell">{i.role.replace("_", " ")}</td>
              <td class="govuk-table__cell">{new Date(i.expires_at).toLocaleString("en-GB", { timeZone: "Europe/London" })}</td>
              <td class="govuk-table__cell">
                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => withdraw(i.id)}>
                  Withdraw<span class="govuk-visually-hidden"> the invitation to {i.email}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={invite} noValidate>
        <h2 class="govuk-heading-m">Invite someone</h2>
        <Field path="email" label="Their email address" type="email" value={email} onInput={setEmail} error={messageFor(problem, "email")} hint="They get an email with a link to accept. Until they accept, they are not a member." />
        <Select path="role" label="Role" value={role} options={ROLES} onChange={(v) => setRole(v as Role)} />
        <button type="submit" class="govuk-button">
          Send invitation
        </button>
      </form>
    </>
  );
}

/** A member's row: their role, changed with a select and a button; removal after a confirmation. */
function MemberRow({ member, onRole, onRemove }: { member: Schemas["MemberResponse"]; onRole: (role: Role) => void; onRemove: () => void }) {
  const [role, setRole] = useState<Role>(member.role);
  const [asking, setAsking] = useState(false);
  const id = `role-${member.user_id}`;
  return (
    <tr class="govuk-table__row">
      <td class="govuk-table__cell">{member.display_name}</td>
      <td class="govuk-table__cell">{member.email}</td>
      <td class="govuk-table__cell">
        <label class="govuk-label govuk-visually-hidden" for={id}>
          Role of {member.display_name}
        </label>
        <select class="govuk-select" id={id} value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as Role)}>
          {ROLES.map(([value, label]) => (
            <option key={value} value={value}>
              {roleName(value)}
            </option>
          ))}
        </select>{" "}
        {role !== member.role && (
          <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => onRole(role)}>
            Change role<span class="govuk-visually-hidden"> of {member.display_name}</span>
          </button>
        )}
      </td>
      <td class="govuk-table__cell">
        {asking ? (
          <>
            <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-1" onClick={onRemove}>
              Yes, remove {member.display_name}
            </button>{" "}
            <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => setAsking(false)}>
              No, keep<span class="govuk-visually-hidden"> {member.display_name}</span>
            </button>
          </>
        ) : (
          <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" onClick={() => setAsking(true)}>
            Remove<span class="govuk-visually-hidden"> {member.display_name}</span>
          </button>
        )}
      </td>
    </tr>
  );
}
