// The items of one kind: filter by status, topic, parent page and text, newest or oldest first, a page at a time;
// the deleted items apart, to restore one.
import { useEffect, useState } from "preact/hooks";
import { type Collection, type Item, type Role, type Status, api } from "../api/client";
import { Done, ErrorSummary, Link, Pager, Select, Tag } from "../components";
import { type Problem, problemOf } from "../errors";
import { takeFlash } from "../router";

export const KINDS: { collection: Collection; one: string; many: string }[] = [
  { collection: "pages", one: "Page", many: "Pages" },
  { collection: "services", one: "Service", many: "Services" },
  { collection: "news", one: "News article", many: "News" },
  { collection: "alerts", one: "Alert", many: "Alerts" },
  { collection: "topics", one: "Topic", many: "Topics" },
  { collection: "menus", one: "Menu", many: "Menus" },
  { collection: "directories", one: "Directory", many: "Directories" },
  { collection: "directory-entries", one: "Directory entry", many: "Directory entries" },
  { collection: "events", one: "Event", many: "Events" },
  { collection: "guides", one: "Guide", many: "Guides" },
  { collection: "step-by-steps", one: "Step by step", many: "Step by steps" },
  { collection: "publications", one: "Publication", many: "Publications" },
];

/** The kinds the admin app edits. */
const EDITABLE: Collection[] = ["pages", "services", "news", "alerts", "topics", "menus", "directories", "directory-entries", "events", "guides", "step-by-steps", "publications"];

/** Kinds that can be filed under topics, and kinds with parents. */
const TOPICAL: Collection[] = ["pages", "services", "news"];

export function ContentList({ council, collection, role }: { council: string; collection: string; role: Role }) {
  const kind = KINDS.find((k) => k.collection === collection) ?? KINDS[0]!;
  const [status, setStatus] = useState("");
  const [topic, setTopic] = useState("");
  const [parent, setParent] = useState("");
  const [deleted, setDeleted] = useState(false);
  const [topics, setTopics] = useState<[string, string][]>([]);
  const [parents, setParents] = useState<[string, string][]>([]);
  const [notice, setNotice] = useState<string | null>(() => takeFlash());
  const [problem, setProblem] = useState<Problem | null>(null);
  const [reload, setReload] = useState(0);
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [sort, setSort] = useState("-created");
  const [items, setItems] = useState<Item[]>([]);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [next, setNext] = useState<string | null>(null);
  const after = cursors[cursors.length - 1];

  useEffect(() => {
    document.title = `${kind.many} – Townhall Admin`;
    let stale = false;
    api
      .GET("/api/v1/councils/{council}/{collection}", {
        params: {
          path: { council, collection: kind.collection },
          query: {
            status: (status || undefined) as Status | undefined,
            topic: topic || undefined,
            parent: parent || undefined,
            deleted,
            q: q || undefined,
            sort,
            limit: 20,
            after,
          },
        },
      })
      .then(({ data }) => {
        // An answer to an earlier filter that arrives late is dropped.
        if (stale) return;
        setItems(data?.items ?? []);
        setNext(data?.next_cursor ?? null);
      });
    return () => {
      stale = true;
    };
  }, [council, kind.collection, status, topic, parent, deleted, q, sort, after, reload]);
  useEffect(() => {
    // The choices of the topic and parent filters: the council's topics, and its pages (the first 100 by title).
    if (!TOPICAL.includes(kind.collection)) return;
    api
      .GET("/api/v1/councils/{council}/{collection}", { params: { path: { council, collection: "topics" }, query: { limit: 100 } } })
      .then(({ data }) => setTopics((data?.items ?? []).map((t) => [t.id, t.title])));
    if (kind.collection === "pages")
      api
        .GET("/api/v1/councils/{council}/{collection}", { params: { path: { council, collection: "pages" }, query: { limit: 100 } } })
        .then(({ data }) => setParents((data?.items ?? []).map((p): [string, string] => [p.id, p.title]).sort((a, b) => a[1].localeCompare(b[1]))));
  }, [council, kind.collection]);
  const restore = async (item: Item) => {
    const { data, error } = await api.POST("/api/v1/councils/{council}/{collection}/{id}/restore", { params: { path: { council, collection: kind.collection, id: item.id } } });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setNotice(`“${item.title}” was restored${data.live ? " and is live again" : ""}.`);
    setReload(reload + 1);
  };

  const filter = (event: Event) => {
    event.preventDefault();
    setCursors([undefined]);
    setQ(text.trim());
  };
  const canWrite = role === "admin" || role === "editor";
  const restart = () => setCursors([undefined]);
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}`}>Dashboard</Link>
      </span>
      <h1 class="govuk-heading-l">{kind.many}</h1>
      <Done message={notice} />
      <ErrorSummary problem={problem} />
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
        <div class="govuk-grid-row">
          {TOPICAL.includes(kind.collection) && (
            <div class="govuk-grid-column-one-third">
              <Select
                path="topic"
                label="Topic"
                value={topic}
                options={[["", "Any topic"], ...topics]}
                onChange={(v) => {
                  restart();
                  setTopic(v);
                }}
              />
            </div>
          )}
          {kind.collection === "pages" && (
            <div class="govuk-grid-column-one-third">
              <Select
                path="parent"
                label="Under the page"
                value={parent}
                options={[["", "Anywhere"], ...parents]}
                onChange={(v) => {
                  restart();
                  setParent(v);
                }}
              />
            </div>
          )}
          <div class="govuk-grid-column-one-third">
            <Select
              path="show"
              label="Show"
              value={deleted ? "deleted" : "current"}
              options={[
                ["current", `${kind.many}`],
                ["deleted", `Deleted ${kind.many.toLowerCase()}`],
              ]}
              onChange={(v) => {
                restart();
                setDeleted(v === "deleted");
              }}
            />
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
              {deleted ? "Deleted" : "Last changed"}
            </th>
            {deleted && (
              <th scope="col" class="govuk-table__header">
                <span class="govuk-visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {items.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={deleted ? 4 : 3}>
                {deleted ? "Nothing deleted." : "Nothing here yet."}
              </td>
            </tr>
          )}
          {items.map((item) => (
            <tr class="govuk-table__row" key={item.id}>
              <td class="govuk-table__cell">
                {EDITABLE.includes(kind.collection) && !deleted ? <Link href={`/c/${council}/${kind.collection}/${item.id}`}>{item.title}</Link> : item.title}
              </td>
              <td class="govuk-table__cell">
                <Tag status={item.status} />
              </td>
              <td class="govuk-table__cell">{new Date(item.deleted_at ?? item.updated_at).toLocaleString("en-GB", { timeZone: "Europe/London" })}</td>
              {deleted && (
                <td class="govuk-table__cell">
                  {role === "admin" && (
                    <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => restore(item)}>
                      Restore<span class="govuk-visually-hidden"> {item.title}</span>
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <Pager label="Pages of results" cursors={cursors} next={next} onChange={setCursors} />
    </>
  );
}
