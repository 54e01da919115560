// A topic of the council's taxonomy: its name, address and description (Welsh kept as it was).
import { useEffect, useState } from "preact/hooks";
import { type Item, type Role, type Schemas, api, ifMatch, workflow } from "../api/client";
import { Done, ErrorSummary, Field, Link, Tag } from "../components";
import { type Problem, contentField, messageFor, problemOf } from "../errors";
import { navigate } from "../router";
import { DeleteItem } from "./DeleteItem";

type TopicContent = Schemas["TopicContent"];

export function TopicEditor({ council, id, role }: { council: string; id: string | null; role: Role }) {
  const [item, setItem] = useState<Item | null>(null);
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [description, setDescription] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const show = (data: Item) => {
    setItem(data);
    const en = (data.content as TopicContent | undefined)?.translations?.en;
    setName(en?.name ?? "");
    setSlug(en?.slug ?? "");
    setDescription(en?.description ?? "");
  };
  useEffect(() => {
    document.title = "Topic – Townhall Admin";
    if (id && item?.id !== id)
      api.GET("/api/v1/councils/{council}/{collection}/{id}", { params: { path: { council, collection: "topics", id } } }).then(({ data }) => data && show(data));
  }, [council, id]);

  const content = (): TopicContent => ({
    translations: {
      ...((item?.content as TopicContent | undefined)?.translations ?? {}),
      en: { name, slug, description: description || null },
    },
  });
  const save = async (event: Event) => {
    event.preventDefault();
    setNotice(null);
    const result = item
      ? await api.PUT("/api/v1/councils/{council}/{collection}/{id}", {
          params: { path: { council, collection: "topics", id: item.id }, header: { "If-Match": ifMatch(item.version) } },
          body: { content: content() },
        })
      : await api.POST("/api/v1/councils/{council}/{collection}", { params: { path: { council, collection: "topics" } }, body: { content: content() } });
    if (result.response.status === 412) return setProblem({ message: "Someone else saved this topic first: reload it to see their version.", fields: [] });
    if (result.error || !result.data) return setProblem(problemOf(result.error));
    setProblem(null);
    const created = !item;
    show(result.data);
    if (created) navigate(`/c/${council}/topics/${result.data.id}`);
    setNotice(created ? "The topic was saved as a draft." : "Your changes were saved.");
  };
  const publish = async () => {
    if (!item) return;
    const { data, error } = await workflow(council, "topics", item, "publish");
    if (error || !data) return setProblem(problemOf(error));
    setItem(data);
    setNotice("The topic is published.");
  };

  if (id && item?.id !== id) return <p class="govuk-body">Loading…</p>;
  const field = (path: string) => messageFor(problem, contentField(path));
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/topics`}>Topics</Link>
      </span>
      <h1 class="govuk-heading-l">{item ? `Edit “${item.title}”` : "Create a topic"}</h1>
      {item && (
        <p class="govuk-body">
          Status: <Tag status={item.status} /> <Link href={`/c/${council}/topics/${item.id}/history`}>History</Link>
        </p>
      )}
      <Done message={notice} />
      <ErrorSummary problem={problem} />
      <form onSubmit={save} noValidate>
        <Field path={contentField("translations.en.name")} label="Name" value={name} onInput={setName} error={field("translations.en.name")} />
        <Field path={contentField("translations.en.slug")} label="Address" hint="Lower-case letters, digits and hyphens" value={slug} onInput={setSlug} error={field("translations.en.slug")} width="20" />
        <Field path={contentField("translations.en.description")} label="Description" multiline value={description} onInput={setDescription} error={field("translations.en.description")} />
        <div class="govuk-button-group">
          {(role === "admin" || role === "editor") && (
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
      {role === "admin" && item && <DeleteItem council={council} collection="topics" item={item} noun="topic" onProblem={(message) => setProblem({ message, fields: [] })} />}
    </>
  );
}
