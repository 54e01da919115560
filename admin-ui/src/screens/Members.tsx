// The council's members and invitations (council admins): invite by email, see who is invited, withdraw.
import { useEffect, useState } from "preact/hooks";
import { type Role, type Schemas, api } from "../api/client";
import { Banner, ErrorSummary, Field, Link, Select } from "../components";
import { type Problem, messageFor, problemOf } from "../errors";

const ROLES: [Role, string][] = [
  ["editor", "Editor: writes web content"],
  ["democratic_services", "Democratic services officer: meetings and decisions"],
  ["viewer", "Viewer: reads only"],
  ["admin", "Administrator: everything, including members"],
];

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
      {notice && (
        <Banner title="Success" success>
          <p class="govuk-notification-banner__heading">{notice}</p>
        </Banner>
      )}
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">People in this council</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Name</th>
            <th scope="col" class="govuk-table__header">Email</th>
            <th scope="col" class="govuk-table__header">Role</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {members.map((m) => (
            <tr class="govuk-table__row" key={m.user_id}>
              <td class="govuk-table__cell">{m.display_name}</td>
              <td class="govuk-table__cell">{m.email}</td>
              <td class="govuk-table__cell">{m.role.replace("_", " ")}</td>
            </tr>
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
        <ErrorSummary problem={problem} />
        <Field path="email" label="Their email address" type="email" value={email} onInput={setEmail} error={messageFor(problem, "email")} hint="They get an email with a link to accept. Until they accept, they are not a member." />
        <Select path="role" label="Role" value={role} options={ROLES} onChange={(v) => setRole(v as Role)} />
        <button type="submit" class="govuk-button">
          Send invitation
        </button>
      </form>
    </>
  );
}
