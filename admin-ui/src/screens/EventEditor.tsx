// An event: what and when (a date, London times or all day, repeating weekly or monthly with dates left out),
// where (a venue of the council's directory found by search, or a place of its own), its categories, price,
// booking link and accessibility; and, when it is called off, cancelled with a note (it stays published).
import { useEffect, useState } from "preact/hooks";
import { type Role, type Schemas, api } from "../api/client";
import { Checkbox, Field, Select } from "../components";
import { contentField, messageFor } from "../errors";
import { BodyEditor } from "./BodyEditor";
import { DeleteSection, EditorHeading, WorkflowButtons, slugify, useItem } from "./ItemEditor";
import { FindContent } from "./Pickers";

type EventContent = Schemas["EventContent"];
type Day = Schemas["Day"];
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

type Repeat = "none" | "weekly" | "monthly";
type Where = "none" | "directory" | "own";

export function EventEditor({ council, id, role }: { council: string; id: string | null; role: Role }) {
  const [stored, setStored] = useState<EventContent | undefined>(undefined);
  const [title, setTitle] = useState("");
  const [slug, setSlug] = useState("");
  const [summary, setSummary] = useState("");
  const [body, setBody] = useState<Block[]>([]);
  const [date, setDate] = useState("");
  const [allDay, setAllDay] = useState(false);
  const [startTime, setStartTime] = useState("");
  const [endTime, setEndTime] = useState("");
  const [endDate, setEndDate] = useState("");
  const [repeat, setRepeat] = useState<Repeat>("none");
  const [interval, setInterval] = useState("1");
  const [days, setDays] = useState<Day[]>([]);
  const [monthlyBy, setMonthlyBy] = useState<Schemas["MonthlyBy"]>("day_of_month");
  const [until, setUntil] = useState("");
  const [except, setExcept] = useState("");
  const [where, setWhere] = useState<Where>("none");
  const [venueEntry, setVenueEntry] = useState<{ id: string; title: string } | null>(null);
  const [placeName, setPlaceName] = useState("");
  const [lines, setLines] = useState("");
  const [town, setTown] = useState("");
  const [postcode, setPostcode] = useState("");
  const [latitude, setLatitude] = useState("");
  const [longitude, setLongitude] = useState("");
  const [categories, setCategories] = useState("");
  const [price, setPrice] = useState("");
  const [booking, setBooking] = useState("");
  const [accessibility, setAccessibility] = useState("");
  const [cancelled, setCancelled] = useState(false);
  const [note, setNote] = useState("");

  const editing = useItem<EventContent>(council, "events", "event", id, (c) => {
    setStored(c);
    const en = c?.translations?.en;
    setTitle(en?.title ?? "");
    setSlug(en?.slug ?? "");
    setSummary(en?.summary ?? "");
    setBody(en?.body ?? []);
    setPrice(en?.price ?? "");
    setAccessibility(en?.accessibility ?? "");
    setNote(en?.cancellation_note ?? "");
    setDate(c?.date ?? "");
    setAllDay(!!c && !c.start_time);
    setStartTime(c?.start_time ?? "");
    setEndTime(c?.end_time ?? "");
    setEndDate(c?.end_date ?? "");
    const rule = c?.recurrence;
    setRepeat(rule ? rule.frequency : "none");
    setInterval(String(rule?.interval ?? 1));
    setDays(rule?.days ?? []);
    setMonthlyBy(rule?.monthly_by ?? "day_of_month");
    setUntil(rule?.until ?? "");
    setExcept((rule?.except ?? []).join("\n"));
    const venue = c?.venue;
    setWhere(venue?.entry ? "directory" : venue ? "own" : "none");
    setVenueEntry(venue?.entry ? { id: venue.entry, title: "the chosen venue" } : null);
    // The venue's name, from the directory.
    if (venue?.entry) {
      const entry = venue.entry;
      api.GET("/api/v1/councils/{council}/{collection}/{id}", { params: { path: { council, collection: "directory-entries", id: entry } } }).then(({ data }) => data && setVenueEntry({ id: entry, title: data.title }));
    }
    setPlaceName(venue?.name ?? "");
    setLines(venue?.address?.lines.join("\n") ?? "");
    setTown(venue?.address?.town ?? "");
    setPostcode(venue?.address?.postcode ?? "");
    setLatitude(venue?.latitude != null ? String(venue.latitude) : "");
    setLongitude(venue?.longitude != null ? String(venue.longitude) : "");
    setCategories((c?.categories ?? []).join(", "));
    setBooking(c?.booking_url ?? "");
    setCancelled(c?.status === "cancelled");
  });
  useEffect(() => {
    document.title = "Event – Townhall Admin";
  }, []);

  const content = (): EventContent => ({
    topics: stored?.topics ?? [],
    date,
    start_time: allDay ? null : startTime || null,
    end_time: allDay ? null : endTime || null,
    end_date: endDate || null,
    recurrence:
      repeat === "none"
        ? null
        : {
            frequency: repeat,
            interval: Number(interval) || 0,
            days: repeat === "weekly" ? days : [],
            monthly_by: monthlyBy,
            until: until || null,
            count: null,
            except: except.split(/\s+/).filter(Boolean),
          },
    venue:
      where === "directory"
        ? { entry: venueEntry?.id ?? null }
        : where === "own"
          ? {
              name: placeName.trim() || null,
              address: lines.trim() || town.trim() || postcode.trim() ? { lines: lines.split("\n").map((l) => l.trim()).filter(Boolean), town: town.trim(), postcode: postcode.trim().toUpperCase() } : null,
              latitude: latitude.trim() ? Number(latitude) : null,
              longitude: longitude.trim() ? Number(longitude) : null,
            }
          : null,
    booking_url: booking.trim() || null,
    categories: categories.split(",").map((c) => c.trim()).filter(Boolean),
    status: cancelled ? "cancelled" : "scheduled",
    translations: {
      ...(stored?.translations ?? {}),
      en: { title, slug: slug || slugify(title), summary: summary.trim() || null, body, price: price.trim() || null, accessibility: accessibility.trim() || null, cancellation_note: cancelled ? note.trim() || null : null },
    },
  });

  if (editing.loading) return <p class="govuk-body">Loading…</p>;
  const field = (path: string) => messageFor(editing.problem, contentField(path));
  return (
    <>
      <EditorHeading council={council} collection="events" many="Events" noun="event" editing={editing} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          editing.save(content());
        }}
        noValidate
      >
        <Field path={contentField("translations.en.title")} label="Title" value={title} onInput={setTitle} error={field("translations.en.title")} />
        <Field path={contentField("translations.en.slug")} label="Address" hint="Lower-case letters, digits and hyphens; made from the title when left empty" value={slug} onInput={setSlug} error={field("translations.en.slug")} width="20" />
        <Field path={contentField("translations.en.summary")} label="Summary" multiline value={summary} onInput={setSummary} error={field("translations.en.summary")} />

        <h2 class="govuk-heading-m">When</h2>
        <Field path={contentField("date")} label="Date" hint="The first date, for an event that repeats" type="date" value={date} onInput={setDate} error={field("date")} width="10" />
        <Checkbox path="all_day" label="All day" checked={allDay} onChange={setAllDay} />
        {!allDay && (
          <div class="th-finder__row">
            <Field path={contentField("start_time")} label="Starts (London time)" type="time" value={startTime} onInput={setStartTime} error={field("start_time")} width="10" />
            <Field path={contentField("end_time")} label="Ends (London time)" type="time" value={endTime} onInput={setEndTime} error={field("end_time")} width="10" />
          </div>
        )}
        <Field path={contentField("end_date")} label="Last day (optional)" hint="For an event over several days" type="date" value={endDate} onInput={setEndDate} error={field("end_date")} width="10" />
        <Select
          path={contentField("recurrence.frequency")}
          label="Repeats"
          value={repeat}
          options={[
            ["none", "Does not repeat"],
            ["weekly", "Weekly"],
            ["monthly", "Monthly"],
          ]}
          onChange={(v) => setRepeat(v as Repeat)}
        />
        {repeat !== "none" && (
          <>
            <Field path={contentField("recurrence.interval")} label={repeat === "weekly" ? "Every how many weeks" : "Every how many months"} value={interval} onInput={setInterval} error={field("recurrence.interval")} width="3" />
            {repeat === "weekly" && (
              <fieldset class="govuk-fieldset govuk-!-margin-bottom-4">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">On these days</legend>
                {DAYS.map(([d, name]) => (
                  <Checkbox key={d} path={`recurrence.days.${d}`} label={`On ${name}s`} checked={days.includes(d)} onChange={(on) => setDays((list) => (on ? [...list.filter((x) => x !== d), d] : list.filter((x) => x !== d)))} />
                ))}
              </fieldset>
            )}
            {repeat === "monthly" && (
              <Select
                path={contentField("recurrence.monthly_by")}
                label="Each month on"
                value={monthlyBy}
                options={[
                  ["day_of_month", "The same date (for example the 14th)"],
                  ["weekday", "The same weekday (for example the 2nd Tuesday)"],
                ]}
                onChange={(v) => setMonthlyBy(v as Schemas["MonthlyBy"])}
              />
            )}
            <Field path={contentField("recurrence.until")} label="Until" hint="The last date it may happen on" type="date" value={until} onInput={setUntil} error={field("recurrence.until")} width="10" />
            <Field path={contentField("recurrence.except")} label="Dates it does not happen" hint="One a line, as 2026-12-24" multiline value={except} onInput={setExcept} error={field("recurrence.except")} />
          </>
        )}

        <h2 class="govuk-heading-m">Where</h2>
        <Select
          path={contentField("venue")}
          label="Venue"
          value={where}
          options={[
            ["none", "No venue (online, or to be confirmed)"],
            ["directory", "A venue in the council's directory"],
            ["own", "Somewhere else"],
          ]}
          onChange={(v) => setWhere(v as Where)}
        />
        {field("venue") && <p class="govuk-error-message">{field("venue")}</p>}
        {where === "directory" && (
          <>
            {venueEntry && <p class="govuk-body">Chosen venue: {venueEntry.title}</p>}
            {field("venue.entry") && <p class="govuk-error-message">{field("venue.entry")}</p>}
            <FindContent council={council} path={contentField("venue.entry")} label="Find a venue" types={["directory_entry"]} onChoose={(hit) => setVenueEntry({ id: hit.id, title: hit.title })} />
          </>
        )}
        {where === "own" && (
          <>
            <Field path={contentField("venue.name")} label="Name of the place" value={placeName} onInput={setPlaceName} error={field("venue.name")} />
            <Field path={contentField("venue.address.lines")} label="Address lines" multiline value={lines} onInput={setLines} error={field("venue.address.lines[0]")} />
            <Field path={contentField("venue.address.town")} label="Town or city" value={town} onInput={setTown} error={field("venue.address.town")} width="20" />
            <Field path={contentField("venue.address.postcode")} label="Postcode" value={postcode} onInput={setPostcode} error={field("venue.address.postcode")} width="10" />
            <Field path={contentField("venue.latitude")} label="Latitude (optional)" hint="WGS 84 degrees, so residents find it by distance" value={latitude} onInput={setLatitude} error={field("venue.latitude")} width="10" />
            <Field path={contentField("venue.longitude")} label="Longitude (optional)" value={longitude} onInput={setLongitude} error={field("venue.longitude")} width="10" />
          </>
        )}

        <h2 class="govuk-heading-m">Details</h2>
        <Field path={contentField("categories")} label="Categories" hint="Separated by commas, for example Family, Sport" value={categories} onInput={setCategories} error={field("categories") ?? field("categories[0]")} />
        <Field path={contentField("translations.en.price")} label="Price" hint="For example Free, or £5, concessions £3" value={price} onInput={setPrice} error={field("translations.en.price")} />
        <Field path={contentField("booking_url")} label="Booking link" hint="An https:// address" value={booking} onInput={setBooking} error={field("booking_url")} />
        <Field path={contentField("translations.en.accessibility")} label="Accessibility" multiline value={accessibility} onInput={setAccessibility} error={field("translations.en.accessibility")} />
        <Checkbox path="status" label="Cancelled (it stays published, marked cancelled)" checked={cancelled} onChange={setCancelled} />
        {cancelled && <Field path={contentField("translations.en.cancellation_note")} label="Cancellation note" value={note} onInput={setNote} error={field("translations.en.cancellation_note")} />}

        <h2 class="govuk-heading-m">Description</h2>
        <BodyEditor council={council} base="translations.en.body" name="" welsh={false} blocks={body} onChange={(update) => setBody((b) => update(b))} problem={editing.problem} />
        <WorkflowButtons council={council} collection="events" noun="event" role={role} editing={editing} />
      </form>
      <DeleteSection council={council} collection="events" noun="event" role={role} editing={editing} />
    </>
  );
}
