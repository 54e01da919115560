// An alert: a banner shown across the site or on chosen paths for a time (flooding, a closure, a death in the
// royal family), with its workflow buttons by role.
import { useEffect, useState } from "preact/hooks";
import { type Item, type Role, type Schemas, api, ifMatch, workflow } from "../api/client";
import { Done, ErrorSummary, Field, Link, Select, Tag } from "../components";
import { type Problem, contentField, messageFor, problemOf } from "../errors";
import { fromLondonInput, toLondonInput } from "../london";
import { navigate } from "../router";
import { DeleteItem } from "./DeleteItem";
import { FindContent } from "./Pickers";

type AlertContent = Schemas["AlertContent"];

const KINDS: [Schemas["AlertKind"], string][] = [
  ["announcement", "Announcement"],
  ["minor", "Minor disruption"],
  ["emergency", "Emergency"],
  ["notable_death", "Notable death"],
];

export function AlertEditor({ council, id, role }: { council: string; id: string | null; role: Role }) {
  const [item, setItem] = useState<Item | null>(null);
  const [title, setTitle] = useState("");
  const [message, setMessage] = useState("");
  const [kind, setKind] = useState<Schemas["AlertKind"]>("announcement");
  const [everywhere, setEverywhere] = useState(true);
  const [paths, setPaths] = useState("");
  const [link, setLink] = useState("");
  const [startsAt, setStartsAt] = useState("");
  const [endsAt, setEndsAt] = useState("");
  const [services, setServices] = useState<{ id: string; title: string }[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canWrite = role === "admin" || role === "editor";
  const path = (itemId: string) => ({ council, collection: "alerts" as const, id: itemId });

  const show = (data: Item) => {
    setItem(data);
    const c = data.content as AlertContent | undefined;
    const en = c?.translations?.en;
    setTitle(en?.title ?? "");
    setMessage(en?.message ?? "");
    setKind(c?.kind ?? "announcement");
    setEverywhere(c?.everywhere ?? true);
    setPaths((c?.paths ?? []).join("\n"));
    setLink(c?.link ?? "");
    setStartsAt(c?.starts_at ? toLondonInput(c.starts_at) : "");
    setEndsAt(c?.ends_at ? toLondonInput(c.ends_at) : "");
    const ids = c?.services ?? [];
    setServices(ids.map((sid) => ({ id: sid, title: "" })));
    // The services' titles, for the list of those it affects.
    if (ids.length)
      api.GET("/api/v1/councils/{council}/{collection}", { params: { path: { council, collection: "services" }, query: { limit: 100 } } }).then(({ data: list }) =>
        setServices(ids.map((sid) => ({ id: sid, title: list?.items.find((i) => i.id === sid)?.title ?? sid }))),
      );
  };
  useEffect(() => {
    document.title = "Alert – Townhall Admin";
    if (id && item?.id !== id) api.GET("/api/v1/councils/{council}/{collection}/{id}", { params: { path: path(id) } }).then(({ data }) => data && show(data));
  }, [council, id]);

  const content = (): AlertContent => ({
    kind,
    everywhere,
    paths: everywhere ? [] : paths.split(/\s+/).filter(Boolean),
    services: services.map((s) => s.id),
    link: link.trim() || null,
    starts_at: startsAt ? fromLondonInput(startsAt) : null,
    ends_at: endsAt ? fromLondonInput(endsAt) : null,
    translations: { ...((item?.content as AlertContent | undefined)?.translations ?? {}), en: { title, message } },
  });
  const save = async (event: Event) => {
    event.preventDefault();
    setNotice(null);
    if (!item) {
      const { data, error } = await api.POST("/api/v1/councils/{council}/{collection}", {
        params: { path: { council, collection: "alerts" } },
        body: { content: content() },
      });
      if (error || !data) return setProblem(problemOf(error));
      setProblem(null);
      show(data);
      navigate(`/c/${council}/alerts/${data.id}`);
      return setNotice("The alert was saved as a draft.");
    }
    const { data, error, response } = await api.PUT("/api/v1/councils/{council}/{collection}/{id}", {
      params: { path: path(item.id), header: { "If-Match": ifMatch(item.version) } },
      body: { content: content() },
    });
    if (response.status === 412) return setProblem({ message: "Someone else saved this alert first: reload it to see their version.", fields: [] });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    show(data);
    setNotice("Your changes were saved.");
  };
  const act = async (action: "publish" | "unpublish", done: string) => {
    if (!item) return;
    const { data, error } = await workflow(council, "alerts", item, action);
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setItem(data);
    setNotice(done);
  };

  if (id && item?.id !== id) return <p class="govuk-body">Loading…</p>;
  const field = (name: string) => messageFor(problem, contentField(name));
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/alerts`}>Alerts</Link>
      </span>
      <h1 class="govuk-heading-l">{item ? `Edit “${item.title}”` : "Create an alert"}</h1>
      {item && (
        <p class="govuk-body">
          Status: <Tag status={item.status} /> <Link href={`/c/${council}/alerts/${item.id}/history`}>History</Link> {item.live && <span>(live)</span>}
        </p>
      )}
      <Done message={notice} />
      <ErrorSummary problem={problem} />
      <form onSubmit={save} noValidate>
        <Field path={contentField("translations.en.title")} label="Title" value={title} onInput={setTitle} error={field("translations.en.title")} />
        <Field path={contentField("translations.en.message")} label="Message" multiline value={message} onInput={setMessage} error={field("translations.en.message")} />
        <Select path={contentField("kind")} label="Kind of alert" value={kind} options={KINDS} onChange={(v) => setKind(v as Schemas["AlertKind"])} />
        <div class="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-4">
          <div class="govuk-checkboxes__item">
            <input class="govuk-checkboxes__input" id="f-everywhere" type="checkbox" checked={everywhere} onChange={(e) => setEverywhere((e.currentTarget as HTMLInputElement).checked)} />
            <label class="govuk-label govuk-checkboxes__label" for="f-everywhere">
              Show on every page
            </label>
          </div>
        </div>
        <h2 class="govuk-heading-m">Services affected</h2>
        <p class="govuk-body">The alert shows on these services' pages and in the service status list.</p>
        {services.length > 0 && (
          <ul class="govuk-list" aria-label="Services affected">
            {services.map((svc) => (
              <li key={svc.id}>
                {svc.title}{" "}
                <button type="button" class="govuk-button govuk-button--secondary govuk-button--small govuk-!-margin-bottom-0" onClick={() => setServices((list) => list.filter((x) => x.id !== svc.id))}>
                  Remove<span class="govuk-visually-hidden"> {svc.title}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {messageFor(problem, contentField("services")) && <p class="govuk-error-message">{messageFor(problem, contentField("services"))}</p>}
        <FindContent council={council} path={contentField("services")} label="Find a service it affects" types={["service"]} onChoose={(hit) => setServices((list) => (list.some((x) => x.id === hit.id) ? list : [...list, { id: hit.id, title: hit.title }]))} />
        {!everywhere && <Field path={contentField("paths")} label="Show on these paths" hint="One per line, for example /bins; the pages below them too" multiline value={paths} onInput={setPaths} error={field("paths")} />}
        <Field path={contentField("link")} label="Link for more information" hint="A path of the site or an https:// address" value={link} onInput={setLink} error={field("link")} />
        <Field path={contentField("starts_at")} label="Show from (London time)" type="datetime-local" value={startsAt} onInput={setStartsAt} error={field("starts_at")} />
        <Field path={contentField("ends_at")} label="Show until (London time)" type="datetime-local" value={endsAt} onInput={setEndsAt} error={field("ends_at")} />
        <div class="govuk-button-group">
          {canWrite && (
            <button type="submit" class="govuk-button">
              Save draft
            </button>
          )}
          {role === "admin" && item && item.status !== "published" && (
            <button type="button" class="govuk-button govuk-button--secondary" onClick={() => act("publish", "The alert is published.")}>
              Publish
            </button>
          )}
          {role === "admin" && item?.live && (
            <button type="button" class="govuk-button govuk-button--warning" onClick={() => act("unpublish", "The alert was taken down.")}>
              Unpublish
            </button>
          )}
        </div>
      </form>
      {role === "admin" && item && <DeleteItem council={council} collection="alerts" item={item} noun="alert" onProblem={(message) => setProblem({ message, fields: [] })} />}
    </>
  );
}
