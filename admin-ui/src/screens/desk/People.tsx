// Councillors, wards and parties: lists and new ones, and one councillor's details, photo from the media library,
// seats with their terms, and register of interests (sensitive entries are withheld from the public register).
import { useEffect, useState } from "preact/hooks";
import { type Schemas, api, ifMatch } from "../../api/client";
import { Checkbox, Done, ErrorSummary, Field, Link, Select } from "../../components";
import { type Problem, messageFor, problemOf } from "../../errors";
import { navigateWith, takeFlash } from "../../router";
import { FindFile } from "../Pickers";
import { useCouncillors } from "./Committees";
import { DeskNav } from "./Desk";

type Councillor = Schemas["CouncillorResponse"];
type Ward = Schemas["WardResponse"];
type Party = Schemas["PartyResponse"];

const ROLE_KINDS: [Schemas["RoleKind"], string][] = [
  ["leader", "Leader of the council"],
  ["deputy_leader", "Deputy leader"],
  ["cabinet_member", "Cabinet member"],
  ["mayor", "Mayor"],
  ["deputy_mayor", "Deputy mayor"],
  ["chair_of_council", "Chair of the council"],
  ["opposition_leader", "Leader of the opposition"],
  ["other", "Other"],
];

function useWardsAndParties(council: string, round = 0): { wards: Ward[]; parties: Party[] } {
  const [wards, setWards] = useState<Ward[]>([]);
  const [parties, setParties] = useState<Party[]>([]);
  useEffect(() => {
    api.GET("/api/v1/councils/{council}/wards", { params: { path: { council }, query: { limit: 100 } } }).then(({ data }) => setWards(data?.items ?? []));
    api.GET("/api/v1/councils/{council}/parties", { params: { path: { council }, query: { limit: 100 } } }).then(({ data }) => setParties(data?.items ?? []));
  }, [council, round]);
  return { wards, parties };
}

export function Councillors({ council }: { council: string }) {
  const councillors = useCouncillors(council);
  const [round, setRound] = useState(0);
  const { wards, parties } = useWardsAndParties(council, round);
  const [name, setName] = useState("");
  const [ward, setWard] = useState("");
  const [party, setParty] = useState("");
  const [wardName, setWardName] = useState("");
  const [partyName, setPartyName] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    document.title = "Councillors – Townhall Admin";
  }, []);
  const fail = (error: unknown) => setProblem(problemOf(error));
  const addCouncillor = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.POST("/api/v1/councils/{council}/councillors", {
      params: { path: { council } },
      body: { display_name: name, seats: ward ? [{ ward_id: ward, party_id: party || null }] : [] },
    });
    if (error || !data) return fail(error);
    navigateWith(`/c/${council}/councillors/${data.id}`, `${data.display_name} was added.`);
  };
  const addWard = async (event: Event) => {
    event.preventDefault();
    const { error } = await api.POST("/api/v1/councils/{council}/wards", { params: { path: { council } }, body: { name: wardName } });
    if (error) return fail(error);
    setProblem(null);
    setNotice(`The ward ${wardName} was added.`);
    setWardName("");
    setRound(round + 1);
  };
  const addParty = async (event: Event) => {
    event.preventDefault();
    const { error } = await api.POST("/api/v1/councils/{council}/parties", { params: { path: { council } }, body: { name: partyName } });
    if (error) return fail(error);
    setProblem(null);
    setNotice(`The party ${partyName} was added.`);
    setPartyName("");
    setRound(round + 1);
  };
  const seatWords = (c: Councillor) => c.seats.map((s) => `${s.ward.name}${s.party ? ` (${s.party.name})` : ""}`).join("; ");
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/desk`}>Democratic services desk</Link>
      </span>
      <h1 class="govuk-heading-l">Councillors, wards and parties</h1>
      <DeskNav council={council} />
      <Done message={notice} />
      <ErrorSummary problem={problem} />
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">Councillors</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Name</th>
            <th scope="col" class="govuk-table__header">Seats</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {councillors.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={2}>
                No councillors yet: add them below or import them from ModernGov.
              </td>
            </tr>
          )}
          {councillors.map((c) => (
            <tr class="govuk-table__row" key={c.id}>
              <td class="govuk-table__cell">
                <Link href={`/c/${council}/councillors/${c.id}`}>{c.display_name}</Link>
              </td>
              <td class="govuk-table__cell">{seatWords(c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={addCouncillor} noValidate>
        <h2 class="govuk-heading-m">Add a councillor</h2>
        <Field path="display_name" label="Name" hint="As it is printed, for example Cllr Jane Smith" value={name} onInput={setName} error={messageFor(problem, "display_name")} />
        <Select path="seat-ward" label="Ward" value={ward} options={[["", "No seat yet"], ...wards.map((w): [string, string] => [w.id, w.name])]} onChange={setWard} />
        <Select path="seat-party" label="Party" value={party} options={[["", "Independent or none"], ...parties.map((p): [string, string] => [p.id, p.name])]} onChange={setParty} />
        <button type="submit" class="govuk-button">
          Add councillor
        </button>
      </form>
      <div class="govuk-grid-row govuk-!-margin-top-6">
        <form class="govuk-grid-column-one-half" onSubmit={addWard} noValidate>
          <h2 class="govuk-heading-m">Wards ({wards.length})</h2>
          <p class="govuk-body-s">{wards.map((w) => w.name).join(", ")}</p>
          <Field path="ward-name" label="New ward" value={wardName} onInput={setWardName} error={messageFor(problem, "name")} />
          <button type="submit" class="govuk-button govuk-button--secondary">
            Add ward
          </button>
        </form>
        <form class="govuk-grid-column-one-half" onSubmit={addParty} noValidate>
          <h2 class="govuk-heading-m">Parties ({parties.length})</h2>
          <p class="govuk-body-s">{parties.map((p) => p.name).join(", ")}</p>
          <Field path="party-name" label="New party or group" value={partyName} onInput={setPartyName} />
          <button type="submit" class="govuk-button govuk-button--secondary">
            Add party
          </button>
        </form>
      </div>
    </>
  );
}

interface SeatDraft {
  ward_id: string;
  party_id: string;
  start_date: string;
  end_date: string;
}

export function CouncillorScreen({ council, id }: { council: string; id: string }) {
  const [councillor, setCouncillor] = useState<Councillor | null>(null);
  const [seats, setSeats] = useState<SeatDraft[]>([]);
  const [interests, setInterests] = useState<Schemas["InterestEntry"][]>([]);
  const [roles, setRoles] = useState<Schemas["RoleEntry"][]>([]);
  const [photoName, setPhotoName] = useState<string | null>(null);
  const { wards, parties } = useWardsAndParties(council);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(() => takeFlash());
  const show = (c: Councillor) => {
    setCouncillor(c);
    setSeats(c.seats.map((s) => ({ ward_id: s.ward.id, party_id: s.party?.id ?? "", start_date: s.start_date ?? "", end_date: s.end_date ?? "" })));
  };
  useEffect(() => {
    api.GET("/api/v1/councils/{council}/councillors/{id}", { params: { path: { council, id } } }).then(({ data }) => {
      if (data) show(data);
      document.title = `${data?.display_name ?? "Councillor"} – Townhall Admin`;
    });
    api.GET("/api/v1/councils/{council}/councillors/{id}/interests", { params: { path: { council, id } } }).then(({ data }) => setInterests(data ?? []));
    api.GET("/api/v1/councils/{council}/councillors/{id}/roles", { params: { path: { council, id } } }).then(({ data }) => setRoles(data ?? []));
  }, [council, id]);
  if (!councillor) return <p class="govuk-body">Loading…</p>;
  const set = (change: Partial<Councillor>) => setCouncillor({ ...councillor, ...change });
  const save = async (event: Event) => {
    event.preventDefault();
    const c = councillor;
    const { data, error } = await api.PATCH("/api/v1/councils/{council}/councillors/{id}", {
      params: { path: { council, id }, header: { "If-Match": ifMatch(c.version) } },
      body: {
        display_name: c.display_name,
        given_name: c.given_name || null,
        family_name: c.family_name || null,
        honorific_prefix: c.honorific_prefix || null,
        honorific_suffix: c.honorific_suffix || null,
        email: c.email || null,
        phone: c.phone || null,
        mobile: c.mobile || null,
        biography: c.biography || null,
        key_posts: c.key_posts || null,
        surgery_details: c.surgery_details || null,
        work_address: c.work_address || null,
        photo_media_id: c.photo_media_id || null,
        photo_alt: c.photo_alt || null,
        photo_url: c.photo_media_id ? null : (c.photo_url ?? null),
        seats: seats.map((s) => ({ ward_id: s.ward_id, party_id: s.party_id || null, start_date: s.start_date || null, end_date: s.end_date || null })),
      },
    });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    show(data);
    setNotice("The councillor was saved.");
  };
  const saveInterests = async () => {
    const { error } = await api.PUT("/api/v1/councils/{council}/councillors/{id}/interests", { params: { path: { council, id } }, body: interests });
    if (error) return setProblem(problemOf(error));
    setProblem(null);
    setNotice(`The register of interests was saved: ${interests.length} entries, ${interests.filter((i) => i.sensitive).length} withheld from the public.`);
  };
  const saveRoles = async () => {
    const { error } = await api.PUT("/api/v1/councils/{council}/councillors/{id}/roles", { params: { path: { council, id } }, body: roles.map((r) => ({ ...r, portfolio: r.portfolio || null, start_date: r.start_date || null, end_date: r.end_date || null })) });
    if (error) return setProblem(problemOf(error));
    setProblem(null);
    setNotice(`The roles were saved: ${roles.length}.`);
  };
  const setRole = (i: number, change: Partial<Schemas["RoleEntry"]>) => setRoles(roles.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const setSeat = (i: number, change: Partial<SeatDraft>) => setSeats(seats.map((s, j) => (j === i ? { ...s, ...change } : s)));
  const setInterest = (i: number, change: Partial<Schemas["InterestEntry"]>) => setInterests(interests.map((x, j) => (j === i ? { ...x, ...change } : x)));
  const text = (field: "given_name" | "family_name" | "email" | "phone" | "biography" | "surgery_details", label: string, extra: { multiline?: boolean; type?: string } = {}) => (
    <Field path={field} label={label} value={(councillor[field] as string | null | undefined) ?? ""} onInput={(v) => set({ [field]: v })} error={messageFor(problem, field)} {...extra} />
  );
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/councillors`}>Councillors</Link>
      </span>
      <h1 class="govuk-heading-l">{councillor.display_name}</h1>
      <DeskNav council={council} />
      <Done message={notice} />
      <ErrorSummary problem={problem} />
      <p class="govuk-body">
        <Link href={`/c/${council}/records/${councillor.id}/history`}>History of this councillor</Link>
      </p>
      <form onSubmit={save} noValidate>
        <Field path="display_name" label="Name as printed" value={councillor.display_name} onInput={(v) => set({ display_name: v })} error={messageFor(problem, "display_name")} />
        {text("given_name", "Given name")}
        {text("family_name", "Family name")}
        {text("email", "Email address", { type: "email" })}
        {text("phone", "Phone", { type: "tel" })}
        {text("biography", "Biography", { multiline: true })}
        {text("surgery_details", "Surgeries", { multiline: true })}
        <h2 class="govuk-heading-m">Photo</h2>
        <p class="govuk-body">{councillor.photo_media_id ? `From the library: ${photoName ?? "chosen"}` : councillor.photo_url ? "From ModernGov" : "None"}</p>
        <FindFile
          council={council}
          path="photo"
          label="Choose a photo from the library"
          images
          onChoose={(m) => {
            set({ photo_media_id: m.id, photo_alt: councillor.photo_alt || `Photo of ${councillor.display_name}` });
            setPhotoName(m.title);
          }}
        />
        <Field path="photo_alt" label="Photo description" hint="For people who cannot see it" value={councillor.photo_alt ?? ""} onInput={(v) => set({ photo_alt: v })} error={messageFor(problem, "photo_alt")} />
        <h2 class="govuk-heading-m">Seats</h2>
        {seats.map((s, i) => (
          <fieldset class="govuk-fieldset th-block" key={i}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Seat {i + 1}</legend>
            <Select path={`seats[${i}].ward_id`} label={`Ward (seat ${i + 1})`} value={s.ward_id} options={wards.map((w): [string, string] => [w.id, w.name])} onChange={(v) => setSeat(i, { ward_id: v })} />
            <Select path={`seats[${i}].party_id`} label={`Party (seat ${i + 1})`} value={s.party_id} options={[["", "Independent or none"], ...parties.map((p): [string, string] => [p.id, p.name])]} onChange={(v) => setSeat(i, { party_id: v })} />
            <Field path={`seats[${i}].start_date`} label={`Term from (seat ${i + 1})`} type="date" value={s.start_date} onInput={(v) => setSeat(i, { start_date: v })} />
            <Field path={`seats[${i}].end_date`} label={`Term until (seat ${i + 1})`} type="date" value={s.end_date} onInput={(v) => setSeat(i, { end_date: v })} />
            <button type="button" class="govuk-button govuk-button--warning" onClick={() => setSeats(seats.filter((_, j) => j !== i))}>
              Remove seat {i + 1}
            </button>
          </fieldset>
        ))}
        <div class="govuk-button-group">
          {wards.length > 0 && (
            <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setSeats([...seats, { ward_id: wards[0]?.id ?? "", party_id: "", start_date: "", end_date: "" }])}>
              Add a seat
            </button>
          )}
          <button type="submit" class="govuk-button">
            Save councillor
          </button>
        </div>
      </form>
      <h2 class="govuk-heading-m govuk-!-margin-top-6">Roles</h2>
      {roles.map((r, i) => (
        <fieldset class="govuk-fieldset th-block" key={i}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Role {i + 1}</legend>
          <Select path={`roles[${i}].kind`} label={`Kind of role (role ${i + 1})`} value={r.kind} options={ROLE_KINDS} onChange={(v) => setRole(i, { kind: v as Schemas["RoleKind"] })} />
          <Field path={`roles[${i}].title`} label={`Title (role ${i + 1})`} hint="As published, for example Cabinet Member for Housing" value={r.title} onInput={(v) => setRole(i, { title: v })} />
          <Field path={`roles[${i}].portfolio`} label={`Portfolio (role ${i + 1})`} hint="Optional" value={r.portfolio ?? ""} onInput={(v) => setRole(i, { portfolio: v })} />
          <Field path={`roles[${i}].start_date`} label={`From (role ${i + 1})`} type="date" value={r.start_date ?? ""} onInput={(v) => setRole(i, { start_date: v })} />
          <Field path={`roles[${i}].end_date`} label={`Until (role ${i + 1})`} type="date" value={r.end_date ?? ""} onInput={(v) => setRole(i, { end_date: v })} />
          <button type="button" class="govuk-button govuk-button--warning" onClick={() => setRoles(roles.filter((_, j) => j !== i))}>
            Remove role {i + 1}
          </button>
        </fieldset>
      ))}
      <div class="govuk-button-group">
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setRoles([...roles, { kind: "cabinet_member", title: "" }])}>
          Add a role
        </button>
        <button type="button" class="govuk-button" onClick={saveRoles}>
          Save roles
        </button>
      </div>
      <h2 class="govuk-heading-m govuk-!-margin-top-6">Register of interests</h2>
      {interests.map((x, i) => (
        <fieldset class="govuk-fieldset th-block" key={i}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Interest {i + 1}</legend>
          <Field path={`interests[${i}].category`} label={`Category (interest ${i + 1})`} hint="For example Employment, Land, Securities, Sponsorship" value={x.category} onInput={(v) => setInterest(i, { category: v })} />
          <Field path={`interests[${i}].description`} label={`Description (interest ${i + 1})`} multiline value={x.description} onInput={(v) => setInterest(i, { description: v })} />
          <Field path={`interests[${i}].date_notified`} label={`Date notified (interest ${i + 1})`} type="date" value={x.date_notified ?? ""} onInput={(v) => setInterest(i, { date_notified: v || null })} />
          <Checkbox
            path={`interests[${i}].sensitive`}
            label={`Sensitive: withheld from the public register (interest ${i + 1})`}
            hint="When disclosure could lead to violence or intimidation; the public register says an interest is withheld"
            checked={x.sensitive ?? false}
            onChange={(v) => setInterest(i, { sensitive: v })}
          />
          <button type="button" class="govuk-button govuk-button--warning" onClick={() => setInterests(interests.filter((_, j) => j !== i))}>
            Remove interest {i + 1}
          </button>
        </fieldset>
      ))}
      <div class="govuk-button-group">
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setInterests([...interests, { category: "", description: "", sensitive: false }])}>
          Add an interest
        </button>
        <button type="button" class="govuk-button" onClick={saveInterests}>
          Save the register
        </button>
      </div>
    </>
  );
}
