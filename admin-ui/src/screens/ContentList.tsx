// The items of one kind: filter by status and text, newest or oldest first, a page at a time.
import { useEffect, useState } from "preact/hooks";
import { type Collection, type Item, type Role, type Status, api } from "../api/client";
import { Link, Select, Tag } from "../components";

export const KINDS: { collection: Collection; one: string; many: string }[] = [
  { collection: "pages", one: "Page", many: "Pages" },
  { collection: "services", one: "Service", many: "Services" },
  { collection: "news", one: "News article", many: "News" },
  { collection: "alerts", one: "Alert", many: "Alerts" },
  { collection: "topics", one: "Topic", many: "Topics" },
  { collection: "menus", one: "Menu", many: "Menus" },
];

/** The kinds the admin app edits so far (the others through the API). */
const EDITABLE: Collection[] = ["pages", "services", "news", "alerts", "topics"];

export function ContentList({ council, collection, role }: { council: string; collection: string; role: Role }) {
  const kind = KINDS.find((k) => k.collection === collection) ?? KINDS[0]!;
  const [status, setStatus] = useState("");
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [sort, setSort] = useState("-created");
  const [items, setItems] = useState<Item[]>([]);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [next, setNext] = useState<string | null>(null);
  const after = cursors[cursors.length - 1];

  useEffect(() => {
    document.title = `${kind.many} – Townhall Admin`;
    api
      .GET("/api/v1/councils/{council}/{collection}", {
        params: {
          path: { council, collection: kind.collection },
          query: { status: (status || undefined) as Status | undefined, q: q || undefined, sort, limit: 20, after },
        },
      })
      .then(({ data }) => {
        setItems(data?.items ?? []);
        setNext(data?.next_cursor ?? null);
      });
  }, [council, kind.collection, status, q, sort, after]);

  const filter = (event: Event) => {
    event.preventDefault();
    setCursors([undefined]);
    setQ(text.trim());
  };
  const canWrite = role === "admin" || role === "editor";
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}`}>Dashboard</Link>
      </span>
      <h1 class="govuk-heading-l">{kind.many}</h1>
      {canWrite && EDITABLE.includes(kind.collection) && (
        <Link href={`/c/${council}/${kind.collection}/new`} class="govuk-button">
          {`Create ${/^[aeiou]/i.test(kind.one) ? "an" : "a"} ${kind.one.toLowerCase()}`}
        </Link>
      )}
      <form onSubmit={filter} class="govuk-!-margin-bottom-6">
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-third">
            <Select
              path="status"
              label="Status"
              value={status}
              options={[
                ["", "Any status"],
                ["draft", "Draft"],
                ["in_review", "In review"],
                ["published", "Published"],
                ["archived", "Archived"],
              ]}
              onChange={(v) => {
                setCursors([undefined]);
                setStatus(v);
              }}
            />
          </div>
          <div class="govuk-grid-column-one-third">
            <Select
              path="sort"
              label="Order"
              value={sort}
              options={[
                ["-created", "Newest first"],
                ["created", "Oldest first"],
              ]}
              onChange={(v) => {
                setCursors([undefined]);
                setSort(v);
              }}
            />
          </div>
          <div class="govuk-grid-column-one-third">
            <div class="govuk-form-group">
              <label class="govuk-label" for="f-q">
                Title contains
              </label>
              <input class="govuk-input" id="f-q" type="search" value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
            </div>
          </div>
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">
          Filter
        </button>
      </form>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">{kind.many}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Title
            </th>
            <th scope="col" class="govuk-table__header">
              Status
            </th>
            <th scope="col" class="govuk-table__header">
              Last changed
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {items.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={3}>
                Nothing here yet.
              </td>
            </tr>
          )}
          {items.map((item) => (
            <tr class="govuk-table__row" key={item.id}>
              <td class="govuk-table__cell">
                {EDITABLE.includes(kind.collection) ? <Link href={`/c/${council}/${kind.collection}/${item.id}`}>{item.title}</Link> : item.title}
              </td>
              <td class="govuk-table__cell">
                <Tag status={item.status} />
              </td>
              <td class="govuk-table__cell">{new Date(item.updated_at).toLocaleString("en-GB", { timeZone: "Europe/London" })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="govuk-pagination" aria-label="Pages of results">
        {cursors.length > 1 && (
          <div class="govuk-pagination__prev">
            <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setCursors(cursors.slice(0, -1))}>
              Previous page
            </button>
          </div>
        )}
        {next && (
          <div class="govuk-pagination__next">
            <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setCursors([...cursors, next])}>
              Next page
            </button>
          </div>
        )}
      </nav>
    </>
  );
}
