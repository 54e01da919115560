// A directory entry: what it is, the directories it is listed in and its facets there, how to contact it, and its
// venue: the address, the place on the map, and the opening hours (a usual week, exceptions by date, bank holidays).
// Seasons entered through the API are kept as they are.
import { useEffect, useState } from "preact/hooks";
import { type Item, type Role, type Schemas, api } from "../api/client";
import { Checkbox, Field, Select } from "../components";
import { contentField, fieldId, messageFor } from "../errors";
import { BodyEditor } from "./BodyEditor";
import { DeleteSection, EditorHeading, WorkflowButtons, slugify, useItem } from "./ItemEditor";

type EntryContent = Schemas["DirectoryEntryContent"];
type DirectoryContent = Schemas["DirectoryContent"];
type Day = Schemas["Day"];
type Hours = Schemas["OpeningHours"];
type Block = Schemas["Block"];

const DAYS: [Day, string][] = [
  ["monday", "Monday"],
  ["tuesday", "Tuesday"],
  ["wednesday", "Wednesday"],
  ["thursday", "Thursday"],
  ["friday", "Friday"],
  ["saturday", "Saturday"],
  ["sunday", "Sunday"],
];

interface ExceptionForm {
  date: string;
  closed: boolean;
  opens: string;
  closes: string;
  note: string;
}

type Week = Record<Day, { opens: string; closes: string }>;

const emptyWeek = (): Week => Object.fromEntries(DAYS.map(([d]) => [d, { opens: "", closes: "" }])) as Week;

/** The usual week as the form shows it: the first opening of each day. */
function weekOf(hours: Hours | null | undefined): Week {
  const week = emptyWeek();
  for (const s of hours?.weekly ?? []) if (!week[s.day].opens) week[s.day] = { opens: s.opens, closes: s.closes };
  return week;
}

export function DirectoryEntryEditor({ council, id, role }: { council: string; id: string | null; role: Role }) {
  const [stored, setStored] = useState<EntryContent | undefined>(undefined);
  const [title, setTitle] = useState("");
  const [slug, setSlug] = useState("");
  const [summary, setSummary] = useState("");
  const [accessibility, setAccessibility] = useState("");
  const [body, setBody] = useState<Block[]>([]);
  const [channels, setChannels] = useState<string[]>([]);
  const [facets, setFacets] = useState<Record<string, string[]>>({});
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [website, setWebsite] = useState("");
  const [youngest, setYoungest] = useState("");
  const [oldest, setOldest] = useState("");
  const [hasVenue, setHasVenue] = useState(false);
  const [lines, setLines] = useState("");
  const [town, setTown] = useState("");
  const [postcode, setPostcode] = useState("");
  const [latitude, setLatitude] = useState("");
  const [longitude, setLongitude] = useState("");
  const [uprn, setUprn] = useState("");
  const [hasHours, setHasHours] = useState(false);
  const [week, setWeek] = useState<Week>(emptyWeek());
  const [exceptions, setExceptions] = useState<ExceptionForm[]>([]);
  const [bankHolidays, setBankHolidays] = useState<Schemas["BankHolidays"]>("closed");
  const [directories, setDirectories] = useState<Item[]>([]);
  // The facet groups of the directories it is listed in (lists carry no content: each is read when chosen).
  const [groupsOf, setGroupsOf] = useState<Record<string, DirectoryContent["facet_groups"]>>({});

  const editing = useItem<EntryContent>(council, "directory-entries", "directory entry", id, (c) => {
    setStored(c);
    const en = c?.translations?.en;
    setTitle(en?.title ?? "");
    setSlug(en?.slug ?? "");
    setSummary(en?.summary ?? "");
    setAccessibility(en?.accessibility ?? "");
    setBody(en?.body ?? []);
    setChannels(c?.channels ?? []);
    setFacets(c?.facets ?? {});
    setPhone(c?.contact?.phone ?? "");
    setEmail(c?.contact?.email ?? "");
    setWebsite(c?.contact?.website ?? "");
    setYoungest(c?.ages?.minimum != null ? String(c.ages.minimum) : "");
    setOldest(c?.ages?.maximum != null ? String(c.ages.maximum) : "");
    const venue = c?.venue;
    setHasVenue(!!venue);
    setLines(venue?.address.lines.join("\n") ?? "");
    setTown(venue?.address.town ?? "");
    setPostcode(venue?.address.postcode ?? "");
    setLatitude(venue ? String(venue.latitude) : "");
    setLongitude(venue ? String(venue.longitude) : "");
    setUprn(venue?.uprn != null ? String(venue.uprn) : "");
    setHasHours(!!venue?.opening_hours);
    setWeek(weekOf(venue?.opening_hours));
    setExceptions(
      (venue?.opening_hours?.exceptions ?? []).map((e) => ({
        date: e.date,
        closed: (e.sessions ?? []).length === 0,
        opens: e.sessions?.[0]?.opens ?? "",
        closes: e.sessions?.[0]?.closes ?? "",
        note: e.note ?? "",
      })),
    );
    setBankHolidays(venue?.opening_hours?.bank_holidays ?? "closed");
  });
  useEffect(() => {
    document.title = "Directory entry – Townhall Admin";
    api.GET("/api/v1/councils/{council}/{collection}", { params: { path: { council, collection: "directories" }, query: { limit: 100 } } }).then(({ data }) => setDirectories(data?.items ?? []));
  }, [council]);
  useEffect(() => {
    for (const channel of channels.filter((c) => !(c in groupsOf)))
      api.GET("/api/v1/councils/{council}/{collection}/{id}", { params: { path: { council, collection: "directories", id: channel } } }).then(({ data }) =>
        setGroupsOf((all) => ({ ...all, [channel]: (data?.content as DirectoryContent | undefined)?.facet_groups ?? [] })),
      );
  }, [council, channels.join(",")]);

  const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text.trim()));
  // An age as typed: a whole number, or the text itself, so that the API names what is wrong with it.
  const age = (text: string) => (text.trim() === "" ? null : /^\d+$/.test(text.trim()) ? Number(text.trim()) : (text.trim() as unknown as number));
  const hours = (): Hours => {
    const before = stored?.venue?.opening_hours;
    const firsts = weekOf(before);
    // Openings beyond the first of a day, entered through the API, are kept.
    const kept = (before?.weekly ?? []).filter((s) => !(firsts[s.day].opens === s.opens && firsts[s.day].closes === s.closes));
    return {
      weekly: [...DAYS.filter(([d]) => week[d].opens || week[d].closes).map(([d]) => ({ day: d, opens: week[d].opens, closes: week[d].closes })), ...kept],
      seasons: before?.seasons ?? [],
      exceptions: exceptions.map((e) => ({ date: e.date, sessions: e.closed ? [] : [{ opens: e.opens, closes: e.closes }], note: e.note.trim() || null })),
      bank_holidays: bankHolidays,
    };
  };
  const content = (): EntryContent => ({
    channels,
    topics: stored?.topics ?? [],
    facets: Object.fromEntries(Object.entries(facets).filter(([, values]) => values.length > 0)),
    contact: phone || email || website ? { phone: phone.trim() || null, email: email.trim() || null, website: website.trim() || null } : null,
    ages: youngest.trim() || oldest.trim() ? { minimum: age(youngest), maximum: age(oldest) } : null,
    venue: hasVenue
      ? {
          address: { lines: lines.split("\n").map((l) => l.trim()).filter(Boolean), town: town.trim(), postcode: postcode.trim().toUpperCase() },
          latitude: number(latitude),
          longitude: number(longitude),
          uprn: uprn.trim() ? Number(uprn.trim()) : null,
          opening_hours: hasHours ? hours() : null,
        }
      : null,
    translations: {
      ...(stored?.translations ?? {}),
      en: { title, slug: slug || slugify(title), summary: summary.trim() || null, accessibility: accessibility.trim() || null, body },
    },
  });

  if (editing.loading) return <p class="govuk-body">Loading…</p>;
  const field = (path: string) => messageFor(editing.problem, contentField(path));
  const groups = channels.flatMap((c) => groupsOf[c] ?? []).filter((g, i, all) => all.findIndex((o) => o.key === g.key) === i);
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value));
  return (
    <>
      <EditorHeading council={council} collection="directory-entries" many="Directory entries" noun="directory entry" editing={editing} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          editing.save(content());
        }}
        noValidate
      >
        <Field path={contentField("translations.en.title")} label="Name" hint="For example Central Library" value={title} onInput={setTitle} error={field("translations.en.title")} />
        <Field path={contentField("translations.en.slug")} label="Address" hint="Lower-case letters, digits and hyphens; made from the name when left empty" value={slug} onInput={setSlug} error={field("translations.en.slug")} width="20" />
        <Field path={contentField("translations.en.summary")} label="Summary" multiline value={summary} onInput={setSummary} error={field("translations.en.summary")} />

        <div class={`govuk-form-group${field("channels") ? " govuk-form-group--error" : ""}`}>
          <fieldset class="govuk-fieldset" aria-describedby={field("channels") ? `${fieldId("channels")}-error` : undefined}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Directories it is listed in</legend>
            {field("channels") && (
              <p class="govuk-error-message" id={`${fieldId("channels")}-error`}>
                <span class="govuk-visually-hidden">Error:</span> {field("channels")}
              </p>
            )}
            {directories.length === 0 && <p class="govuk-body">Create a directory first.</p>}
            {directories.map((d, i) => (
              <Checkbox key={d.id} path={i === 0 ? "channels" : `channels-${d.id}`} label={d.title} checked={channels.includes(d.id)} onChange={(on) => setChannels((list) => toggle(list, d.id, on))} />
            ))}
          </fieldset>
        </div>
        {groups.map((g) => (
          <div class={`govuk-form-group${field(`facets.${g.key}[0]`) ? " govuk-form-group--error" : ""}`} key={g.key}>
            <fieldset class="govuk-fieldset">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{g.names.en}</legend>
              {field(`facets.${g.key}[0]`) && (
                <p class="govuk-error-message">
                  <span class="govuk-visually-hidden">Error:</span> {field(`facets.${g.key}[0]`)}
                </p>
              )}
              {g.values.map((v) => (
                <Checkbox
                  key={v.key}
                  path={`facets.${g.key}.${v.key}`}
                  label={v.names.en ?? v.key}
                  checked={(facets[g.key] ?? []).includes(v.key)}
                  onChange={(on) => setFacets((all) => ({ ...all, [g.key]: toggle(all[g.key] ?? [], v.key, on) }))}
                />
              ))}
            </fieldset>
          </div>
        ))}

        <h2 class="govuk-heading-m">Contact</h2>
        <Field path={contentField("contact.phone")} label="Phone" type="tel" value={phone} onInput={setPhone} error={field("contact.phone")} width="20" />
        <Field path={contentField("contact.email")} label="Email" type="email" value={email} onInput={setEmail} error={field("contact.email")} />
        <Field path={contentField("contact.website")} label="Website" hint="An https:// address" value={website} onInput={setWebsite} error={field("contact.website")} />

        <h2 class="govuk-heading-m">Who it is for</h2>
        <Field path={contentField("ages.minimum")} label="Youngest age (years)" hint="Leave empty when there is no lower age" value={youngest} onInput={setYoungest} error={field("ages.minimum")} width="3" />
        <Field path={contentField("ages.maximum")} label="Oldest age (years)" hint="For the under-5s, 4; leave empty when there is no upper age" value={oldest} onInput={setOldest} error={field("ages.maximum")} width="3" />

        <h2 class="govuk-heading-m">Venue</h2>
        <Checkbox path="venue" label="It has a venue residents can visit" checked={hasVenue} onChange={setHasVenue} />
        {hasVenue && (
          <>
            <Field path={contentField("venue.address.lines")} label="Address lines" hint="Building and street, one a line" multiline value={lines} onInput={setLines} error={field("venue.address.lines") ?? field("venue.address.lines[0]")} />
            <Field path={contentField("venue.address.town")} label="Town or city" value={town} onInput={setTown} error={field("venue.address.town")} width="20" />
            <Field path={contentField("venue.address.postcode")} label="Postcode" value={postcode} onInput={setPostcode} error={field("venue.address.postcode")} width="10" />
            <Field path={contentField("venue.latitude")} label="Latitude" hint="WGS 84 degrees, for example 53.9617" value={latitude} onInput={setLatitude} error={field("venue.latitude")} width="10" />
            <Field path={contentField("venue.longitude")} label="Longitude" hint="WGS 84 degrees, for example -1.0862" value={longitude} onInput={setLongitude} error={field("venue.longitude")} width="10" />
            <Field path={contentField("venue.uprn")} label="UPRN (optional)" hint="The building's Unique Property Reference Number" value={uprn} onInput={setUprn} error={field("venue.uprn")} width="20" />
            <Field path={contentField("translations.en.accessibility")} label="Accessibility" hint="Step-free access, hearing loops, toilets, parking" multiline value={accessibility} onInput={setAccessibility} error={field("translations.en.accessibility")} />

            <h3 class="govuk-heading-s">Opening hours</h3>
            <Checkbox path="venue.opening_hours" label="Give opening hours" checked={hasHours} onChange={setHasHours} />
            {hasHours && (
              <>
                <p class="govuk-body">London time. Leave a day empty when it is closed.</p>
                {DAYS.map(([day, name]) => {
                  const i = (hours().weekly ?? []).findIndex((s) => s.day === day);
                  const error = i >= 0 ? field(`venue.opening_hours.weekly[${i}].opens`) ?? field(`venue.opening_hours.weekly[${i}].closes`) : undefined;
                  return (
                    <div class="th-finder__row" key={day} role="group" aria-label={name}>
                      <Field path={contentField(`venue.opening_hours.${day}.opens`)} label={`${name} opens`} type="time" value={week[day].opens} onInput={(opens) => setWeek((w) => ({ ...w, [day]: { ...w[day], opens } }))} error={error} width="10" />
                      <Field path={contentField(`venue.opening_hours.${day}.closes`)} label={`${name} closes`} type="time" value={week[day].closes} onInput={(closes) => setWeek((w) => ({ ...w, [day]: { ...w[day], closes } }))} width="10" />
                    </div>
                  );
                })}
                <Select
                  path={contentField("venue.opening_hours.bank_holidays")}
                  label="On bank holidays"
                  value={bankHolidays}
                  options={[
                    ["closed", "Closed"],
                    ["normal", "Usual hours"],
                  ]}
                  onChange={(v) => setBankHolidays(v as Schemas["BankHolidays"])}
                />
                <h4 class="govuk-heading-s">Exceptions</h4>
                {exceptions.map((e, i) => {
                  const set = (change: Partial<ExceptionForm>) => setExceptions((list) => list.map((x, j) => (j === i ? { ...x, ...change } : x)));
                  const at = `venue.opening_hours.exceptions[${i}]`;
                  return (
                    <fieldset class="govuk-fieldset th-block" key={i} aria-label={`Exception ${i + 1}`}>
                      <Field path={contentField(`${at}.date`)} label={`Date of exception ${i + 1}`} type="date" value={e.date} onInput={(date) => set({ date })} error={field(`${at}.date`)} width="10" />
                      <Checkbox path={`${at}.closed`} label={`Closed all day (exception ${i + 1})`} checked={e.closed} onChange={(closed) => set({ closed })} />
                      {!e.closed && (
                        <div class="th-finder__row">
                          <Field path={contentField(`${at}.sessions[0].opens`)} label={`Exception ${i + 1} opens`} type="time" value={e.opens} onInput={(opens) => set({ opens })} error={field(`${at}.sessions[0].opens`)} width="10" />
                          <Field path={contentField(`${at}.sessions[0].closes`)} label={`Exception ${i + 1} closes`} type="time" value={e.closes} onInput={(closes) => set({ closes })} error={field(`${at}.sessions[0].closes`)} width="10" />
                        </div>
                      )}
                      <Field path={contentField(`${at}.note`)} label={`Note for exception ${i + 1}`} hint="For example Closed for refurbishment" value={e.note} onInput={(note) => set({ note })} error={field(`${at}.note`)} />
                      <button type="button" class="govuk-button govuk-button--warning govuk-button--small" onClick={() => setExceptions((list) => list.filter((_, j) => j !== i))}>
                        Remove exception {i + 1}
                      </button>
                    </fieldset>
                  );
                })}
                <p class="govuk-body">
                  <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setExceptions((list) => [...list, { date: "", closed: true, opens: "", closes: "", note: "" }])}>
                    Add an exception
                  </button>
                </p>
                {(stored?.venue?.opening_hours?.seasons ?? []).length > 0 && <p class="govuk-body">Its {stored?.venue?.opening_hours?.seasons?.length} seasonal periods are kept.</p>}
              </>
            )}
          </>
        )}

        <h2 class="govuk-heading-m">Description</h2>
        <BodyEditor council={council} base="translations.en.body" name="" welsh={false} blocks={body} onChange={(update) => setBody((b) => update(b))} problem={editing.problem} />
        <WorkflowButtons council={council} collection="directory-entries" noun="directory entry" role={role} editing={editing} />
      </form>
      <DeleteSection council={council} collection="directory-entries" noun="directory entry" role={role} editing={editing} />
    </>
  );
}
