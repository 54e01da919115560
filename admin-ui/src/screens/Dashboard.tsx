// A council's dashboard: drafts, items in review, scheduled publications and what was published lately.
import { useEffect, useState } from "preact/hooks";
import { type Collection, type Item, type Schemas, api } from "../api/client";
import type { Me } from "../api/session";
import { Link, Tag } from "../components";
import { KINDS } from "./ContentList";
import { complianceColour, complianceWords, londonToday } from "../deadlines";

async function itemsOf(council: string, status: Item["status"] | "review" | "mine"): Promise<(Item & { collection: Collection })[]> {
  const lists = await Promise.all(
    KINDS.map(async (kind) => {
      const { data } = await api.GET("/api/v1/councils/{council}/{collection}", {
        params: {
          path: { council, collection: kind.collection },
          query:
            status === "review"
              ? { review_due: true, limit: 50 }
              : status === "mine"
                ? { status: "draft", mine: true, sort: "-created", limit: 10 }
                : { status, sort: "-created", limit: 10 },
        },
      });
      return (data?.items ?? []).map((item) => ({ ...item, collection: kind.collection }));
    }),
  );
  return lists.flat().sort((a, b) => b.updated_at.localeCompare(a.updated_at));
}

function ItemTable({ caption, items }: { caption: string; items: (Item & { collection: Collection })[] }) {
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">
            Title
          </th>
          <th scope="col" class="govuk-table__header">
            Kind
          </th>
          <th scope="col" class="govuk-table__header">
            Status
          </th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {items.length === 0 && (
          <tr class="govuk-table__row">
            <td class="govuk-table__cell" colSpan={3}>
              None
            </td>
          </tr>
        )}
        {items.map((item) => (
          <tr class="govuk-table__row" key={item.id}>
            <td class="govuk-table__cell">{item.title}</td>
            <td class="govuk-table__cell">{KINDS.find((k) => k.collection === item.collection)?.one}</td>
            <td class="govuk-table__cell">
              <Tag status={item.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Dashboard({ me, council }: { me: Me; council: string }) {
  const name = me.memberships.find((m) => m.council === council)?.council_name ?? council;
  const [mine, setMine] = useState<(Item & { collection: Collection })[]>([]);
  const [drafts, setDrafts] = useState<(Item & { collection: Collection })[]>([]);
  const [review, setReview] = useState<(Item & { collection: Collection })[]>([]);
  const [published, setPublished] = useState<(Item & { collection: Collection })[]>([]);
  const [due, setDue] = useState<(Item & { collection: Collection })[]>([]);
  useEffect(() => {
    document.title = `${name} – Townhall Admin`;
    itemsOf(council, "mine").then(setMine);
    itemsOf(council, "draft").then(setDrafts);
    itemsOf(council, "in_review").then(setReview);
    itemsOf(council, "published").then(setPublished);
    itemsOf(council, "review").then(setDue);
  }, [council]);
  const scheduled = [...drafts, ...review, ...published].filter((i) => i.publish_at);
  const [untranslated, setUntranslated] = useState<Schemas["UntranslatedItem"][] | null>(null);
  useEffect(() => {
    api.GET("/api/v1/councils/{council}", { params: { path: { council } } }).then(({ data }) => {
      if (!data?.locales.includes("cy")) return setUntranslated(null);
      api
        .GET("/api/v1/councils/{council}/reports/missing-translations", { params: { path: { council }, query: { locale: "cy" } } })
        .then(({ data }) => setUntranslated(data ?? []));
    });
  }, [council]);
  return (
    <>
      <span class="govuk-caption-l">{name}</span>
      <h1 class="govuk-heading-l">Dashboard</h1>
      <nav aria-label="Content">
        <ul class="govuk-list govuk-list--inline">
          {KINDS.map((k) => (
            <li key={k.collection}>
              <Link href={`/c/${council}/${k.collection}`}>{k.many}</Link>
            </li>
          ))}
          <li>
            <Link href={`/c/${council}/media`}>Media library</Link>
          </li>
          <li>
            <Link href={`/c/${council}/search`}>Search</Link>
          </li>
          <li>
            <Link href={`/c/${council}/redirects`}>Redirects</Link>
          </li>
          <li>
            <Link href={`/c/${council}/desk`}>Democratic services desk</Link>
          </li>
          {(me.platform_admin || me.memberships.some((m) => m.council === council && m.role === "admin")) && (
            <>
              <li>
                <Link href={`/c/${council}/members`}>Members</Link>
              </li>
              <li>
                <Link href={`/c/${council}/settings`}>Settings</Link>
              </li>
            </>
          )}
        </ul>
      </nav>
      <ItemTable caption="My drafts" items={mine} />
      <ItemTable caption="All drafts" items={drafts} />
      <ItemTable caption="In review" items={review} />
      <ItemTable caption="Scheduled" items={scheduled} />
      <ItemTable caption="Recently published" items={published.slice(0, 10)} />
      <ItemTable caption="Due for review" items={due} />
      {untranslated && (
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--m">Published without Welsh</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Title</th>
              <th scope="col" class="govuk-table__header">Address</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {untranslated.length === 0 && (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell" colSpan={2}>Everything published has its Welsh version.</td>
              </tr>
            )}
            {untranslated.map((u) => (
              <tr class="govuk-table__row" key={u.id}>
                <td class="govuk-table__cell">
                  {["page", "service", "news"].includes(u.kind) ? (
                    <Link href={`/c/${council}/${u.kind === "news" ? "news" : `${u.kind}s`}/${u.id}`}>{u.title}</Link>
                  ) : (
                    u.title
                  )}
                </td>
                <td class="govuk-table__cell">{u.path ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(me.platform_admin || me.memberships.some((m) => m.council === council && (m.role === "admin" || m.role === "democratic_services"))) && <AgendasDue council={council} />}
    </>
  );
}

/** Agendas due in the next weeks, the overdue first: what the desk would show first. */
function AgendasDue({ council }: { council: string }) {
  const [meetings, setMeetings] = useState<Schemas["MeetingResponse"][] | null>(null);
  useEffect(() => {
    const from = londonToday();
    const to = new Date(Date.now() + 28 * 86_400_000).toLocaleDateString("en-CA", { timeZone: "Europe/London" });
    api
      .GET("/api/v1/councils/{council}/meetings", { params: { path: { council }, query: { from, to, limit: 100 } } })
      .then(({ data }) => setMeetings((data?.items ?? []).filter((m) => m.agenda_compliance === "overdue" || m.agenda_compliance === "not_yet_due")));
  }, [council]);
  if (!meetings) return null;
  return (
    <>
      <h2 class="govuk-heading-m">Agendas due</h2>
      {meetings.length === 0 ? (
        <p class="govuk-body">No agenda is due in the next four weeks.</p>
      ) : (
        <ul class="govuk-list">
          {meetings.map((m) => (
            <li key={m.id}>
              <Link href={`/c/${council}/meetings/${m.id}`}>{m.committee.name}</Link>: <strong class={`govuk-tag ${complianceColour(m.agenda_compliance)}`}>{complianceWords(m.agenda_compliance, m.agenda_due_by)}</strong>
            </li>
          ))}
        </ul>
      )}
      <p class="govuk-body">
        <Link href={`/c/${council}/desk`}>Open the democratic services desk</Link>
      </p>
    </>
  );
}
