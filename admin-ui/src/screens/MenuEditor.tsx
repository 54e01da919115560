// A navigation menu (`main`, `footer`): ordered links, nested up to three levels, each to a page, a service or a
// web address, with an English label and a Welsh one where the council publishes Welsh. Pages and services are
// found by search; delivery resolves the links to their live addresses.
import { useEffect, useState } from "preact/hooks";
import { type Item, type Role, type Schemas, api, ifMatch, workflow } from "../api/client";
import { insertAt, move, remove, replace } from "../blocks";
import { Done, ErrorSummary, Field, Link, Select, Tag } from "../components";
import { type Problem, contentField, messageFor, problemOf } from "../errors";
import { navigate } from "../router";
import { FindContent } from "./Pickers";
import { DeleteItem } from "./DeleteItem";

type MenuContent = Schemas["MenuContent"];
type MenuItem = Schemas["MenuItem"];
type Target = "page" | "service" | "url";

/** Menus nest at most three levels (the API refuses deeper ones). */
const DEPTH = 3;

const targetOf = (item: MenuItem): Target => (item.service_id != null ? "service" : item.url != null ? "url" : "page");

/** The links as the API takes them: a page or service not chosen yet is sent as none (the API then names the link). */
const forApi = (links: MenuItem[]): MenuItem[] =>
  links.map((l) => ({ ...l, page_id: l.page_id || null, service_id: l.service_id || null, children: forApi(l.children ?? []) }));
const newLink = (): MenuItem => ({ labels: { en: "" }, page_id: null, children: [] });

export function MenuEditor({ council, id, role }: { council: string; id: string | null; role: Role }) {
  const [item, setItem] = useState<Item | null>(null);
  const [name, setName] = useState("main");
  const [links, setLinks] = useState<MenuItem[]>([]);
  const [bilingual, setBilingual] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canWrite = role === "admin" || role === "editor";
  const show = (data: Item) => {
    setItem(data);
    const content = data.content as MenuContent | undefined;
    setName(content?.name ?? "");
    setLinks(content?.items ?? []);
  };
  useEffect(() => {
    document.title = "Menu – Townhall Admin";
    api.GET("/api/v1/councils/{council}", { params: { path: { council } } }).then(({ data }) => setBilingual(data?.locales.includes("cy") ?? false));
    if (id && item?.id !== id)
      api.GET("/api/v1/councils/{council}/{collection}/{id}", { params: { path: { council, collection: "menus", id } } }).then(({ data }) => data && show(data));
  }, [council, id]);

  const save = async (event: Event) => {
    event.preventDefault();
    setNotice(null);
    const content: MenuContent = { name, items: forApi(links) };
    const result = item
      ? await api.PUT("/api/v1/councils/{council}/{collection}/{id}", {
          params: { path: { council, collection: "menus", id: item.id }, header: { "If-Match": ifMatch(item.version) } },
          body: { content },
        })
      : await api.POST("/api/v1/councils/{council}/{collection}", { params: { path: { council, collection: "menus" } }, body: { content } });
    if (result.response.status === 412) return setProblem({ message: "Someone else saved this menu first: reload it to see their version. Your changes are still here.", fields: [] });
    if (result.error || !result.data) return setProblem(problemOf(result.error));
    setProblem(null);
    const created = !item;
    show(result.data);
    if (created) navigate(`/c/${council}/menus/${result.data.id}`);
    setNotice(created ? "The menu was saved as a draft." : "Your changes were saved.");
  };
  const publish = async () => {
    if (!item) return;
    const { data, error } = await workflow(council, "menus", item, "publish");
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setItem(data);
    setNotice(`The menu is published: front-ends read it as “${name}”.`);
  };

  if (id && item?.id !== id) return <p class="govuk-body">Loading…</p>;
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/menus`}>Menus</Link>
      </span>
      <h1 class="govuk-heading-l">{item ? `Edit the “${item.title}” menu` : "Create a menu"}</h1>
      {item && (
        <p class="govuk-body">
          Status: <Tag status={item.status} /> <Link href={`/c/${council}/menus/${item.id}/history`}>History</Link>
        </p>
      )}
      <Done message={notice} />
      <ErrorSummary problem={problem} />
      <form onSubmit={save} noValidate>
        <Field
          path={contentField("name")}
          label="Menu name"
          hint="Front-ends ask for the menu by this name, for example main or footer: lower-case letters, digits and hyphens"
          value={name}
          onInput={setName}
          error={messageFor(problem, contentField("name"))}
          width="20"
        />
        <h2 class="govuk-heading-m">Links</h2>
        <Links council={council} base="items" name="" depth={1} links={links} onChange={setLinks} bilingual={bilingual} problem={problem} />
        <div class="govuk-button-group">
          {canWrite && (
            <button type="submit" class="govuk-button">
              Save draft
            </button>
          )}
          {role === "admin" && item && item.status !== "published" && (
            <button type="button" class="govuk-button govuk-button--secondary" onClick={publish}>
              Publish
            </button>
          )}
        </div>
      </form>
      {role === "admin" && item && <DeleteItem council={council} collection="menus" item={item} noun="menu" onProblem={(message) => setProblem({ message, fields: [] })} />}
    </>
  );
}

function Links(props: { council: string; base: string; name: string; depth: number; links: MenuItem[]; onChange: (links: MenuItem[]) => void; bilingual: boolean; problem: Problem | null }) {
  const { links, onChange } = props;
  const label = (i: number) => `link ${props.name}${i + 1}`;
  return (
    <>
      {links.map((link, i) => (
        <fieldset class="govuk-fieldset th-block" key={i}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{label(i).replace(/^l/, "L")}</legend>
          <LinkFields {...props} link={link} index={i} n={label(i)} onLink={(l) => onChange(replace(links, i, l))} />
          <div class="th-block__tools">
            <button type="button" class="govuk-button govuk-button--secondary" disabled={i === 0} onClick={() => onChange(move(links, i, -1))}>
              Move up<span class="govuk-visually-hidden"> {label(i)}</span>
            </button>
            <button type="button" class="govuk-button govuk-button--secondary" disabled={i === links.length - 1} onClick={() => onChange(move(links, i, 1))}>
              Move down<span class="govuk-visually-hidden"> {label(i)}</span>
            </button>
            <button type="button" class="govuk-button govuk-button--warning" onClick={() => onChange(remove(links, i))}>
              Remove<span class="govuk-visually-hidden"> {label(i)}</span>
            </button>
          </div>
        </fieldset>
      ))}
      <button type="button" class="govuk-button govuk-button--secondary" onClick={() => onChange(insertAt(links, links.length, newLink()))}>
        {props.name ? (
          <>
            Add a link under<span class="govuk-visually-hidden"> link</span> {props.name.replace(/\.$/, "")}
          </>
        ) : (
          "Add a link"
        )}
      </button>
    </>
  );
}

function LinkFields(props: {
  council: string;
  base: string;
  depth: number;
  link: MenuItem;
  index: number;
  n: string;
  onLink: (link: MenuItem) => void;
  bilingual: boolean;
  problem: Problem | null;
}) {
  const { link, n, onLink } = props;
  const at = `${props.base}[${props.index}]`;
  const error = (field: string) => messageFor(props.problem, contentField(field ? `${at}.${field}` : at));
  const target = targetOf(link);
  const [title, setTitle] = useState<string | null>(null);
  const chosen = link.page_id ?? link.service_id ?? null;
  useEffect(() => {
    setTitle(null);
    if (!chosen || target === "url") return;
    api
      .GET("/api/v1/councils/{council}/{collection}/{id}", { params: { path: { council: props.council, collection: target === "page" ? "pages" : "services", id: chosen } } })
      .then(({ data }) => setTitle(data?.title ?? "(no longer found)"));
  }, [chosen, target]);
  const setTarget = (t: Target) => onLink({ ...link, page_id: t === "page" ? "" : null, service_id: t === "service" ? "" : null, url: t === "url" ? "" : null });
  return (
    <>
      {error("") && (
        <p class="govuk-error-message">
          <span class="govuk-visually-hidden">Error:</span> {error("")}
        </p>
      )}
      <Field path={contentField(`${at}.labels.en`)} label={`Label (${n})`} value={link.labels.en ?? ""} onInput={(en) => onLink({ ...link, labels: { ...link.labels, en } })} error={error("labels.en")} />
      {props.bilingual && (
        <Field
          path={contentField(`${at}.labels.cy`)}
          label={`Welsh label (${n})`}
          hint="Leave empty to show the English label on Welsh pages"
          value={link.labels.cy ?? ""}
          onInput={(cy) => onLink({ ...link, labels: Object.fromEntries(Object.entries({ ...link.labels, cy }).filter(([, v]) => v !== "")) })}
          error={error("labels.cy")}
        />
      )}
      <Select
        path={`${at}.target`}
        label={`Links to (${n})`}
        value={target}
        options={[
          ["page", "A page"],
          ["service", "A service"],
          ["url", "A web address"],
        ]}
        onChange={(t) => setTarget(t as Target)}
      />
      {target === "url" ? (
        <Field path={contentField(`${at}.url`)} label={`Web address (${n})`} hint="For example https://www.example.gov.uk/contact" type="url" value={link.url ?? ""} onInput={(url) => onLink({ ...link, url })} error={error("url")} />
      ) : (
        <>
          <p class="govuk-body">{chosen ? `Chosen: ${title ?? "…"}` : `No ${target} chosen yet.`}</p>
          <FindContent
            council={props.council}
            path={`${at}.find`}
            label={`Find a ${target} (${n})`}
            types={[target]}
            onChoose={(hit) => {
              // An empty label takes the chosen title.
              const labels = link.labels.en ? link.labels : { ...link.labels, en: hit.title };
              onLink({ ...link, labels, page_id: target === "page" ? hit.id : null, service_id: target === "service" ? hit.id : null, url: null });
              setTitle(hit.title);
            }}
          />
        </>
      )}
      {props.depth < DEPTH && (
        <div class="govuk-!-margin-left-4">
          <Links
            council={props.council}
            base={`${at}.children`}
            name={`${n.replace(/^link /, "")}.`}
            depth={props.depth + 1}
            links={link.children ?? []}
            onChange={(children) => onLink({ ...link, children })}
            bilingual={props.bilingual}
            problem={props.problem}
          />
        </div>
      )}
    </>
  );
}
