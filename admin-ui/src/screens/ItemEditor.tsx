// What every editor of one content item shares: loading it, saving a draft (a new item, or an edit at the version
// it was read at), the workflow buttons by role, and the heading with its status and history.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { type Collection, type Item, type Role, type Schemas, api, ifMatch, workflow } from "../api/client";
import { Done, ErrorSummary, Link, Tag } from "../components";
import { type Problem, problemOf } from "../errors";
import { navigate } from "../router";
import { DeleteItem } from "./DeleteItem";

export interface ItemEditing<C> {
  item: Item | null;
  loading: boolean;
  problem: Problem | null;
  setProblem: (problem: Problem | null) => void;
  notice: string | null;
  save: (content: C) => Promise<void>;
  act: (action: "publish" | "unpublish", done: string) => Promise<void>;
}

/** Loads item `id` of `collection` (none for a new one) and saves it; `show` fills the form from its content. */
export function useItem<C>(council: string, collection: Collection, noun: string, id: string | null, show: (content: C | undefined) => void): ItemEditing<C> {
  const [item, setItem] = useState<Item | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = (data: Item) => {
    setItem(data);
    show(data.content as C | undefined);
  };
  useEffect(() => {
    if (id && item?.id !== id) api.GET("/api/v1/councils/{council}/{collection}/{id}", { params: { path: { council, collection, id } } }).then(({ data }) => data && load(data));
  }, [council, id]);

  const save = async (content: C) => {
    setNotice(null);
    const body = { content: content as unknown as Schemas["ContentBody"] };
    const result = item
      ? await api.PUT("/api/v1/councils/{council}/{collection}/{id}", {
          params: { path: { council, collection, id: item.id }, header: { "If-Match": ifMatch(item.version) } },
          body,
        })
      : await api.POST("/api/v1/councils/{council}/{collection}", { params: { path: { council, collection } }, body });
    if (result.response.status === 412) return setProblem({ message: `Someone else saved this ${noun} first: reload it to see their version.`, fields: [] });
    if (result.error || !result.data) return setProblem(problemOf(result.error));
    setProblem(null);
    const created = !item;
    load(result.data);
    if (created) navigate(`/c/${council}/${collection}/${result.data.id}`);
    setNotice(created ? `The ${noun} was saved as a draft.` : "Your changes were saved.");
  };
  const act = async (action: "publish" | "unpublish", done: string) => {
    if (!item) return;
    const { data, error } = await workflow(council, collection, item, action);
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setItem(data);
    setNotice(done);
  };
  return { item, loading: !!id && item?.id !== id, problem, setProblem, notice, save, act };
}

/** The heading of an item's editor: where it belongs, its title or "Create a …", its status and history. */
export function EditorHeading({ council, collection, many, noun, editing }: { council: string; collection: Collection; many: string; noun: string; editing: ItemEditing<never> }) {
  const { item } = editing;
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/${collection}`}>{many}</Link>
      </span>
      <h1 class="govuk-heading-l">{item ? `Edit “${item.title}”` : `Create ${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`}</h1>
      {item && (
        <p class="govuk-body">
          Status: <Tag status={item.status} /> <Link href={`/c/${council}/${collection}/${item.id}/history`}>History</Link> {item.live && <span>(live)</span>}
        </p>
      )}
      <Done message={editing.notice} />
      <ErrorSummary problem={editing.problem} />
    </>
  );
}

/** Save, publish and unpublish as the role allows, then the form's delete section. */
export function WorkflowButtons({ council, collection, noun, role, editing, children }: { council: string; collection: Collection; noun: string; role: Role; editing: ItemEditing<never>; children?: ComponentChildren }) {
  const { item } = editing;
  return (
    <div class="govuk-button-group">
      {(role === "admin" || role === "editor") && (
        <button type="submit" class="govuk-button">
          Save draft
        </button>
      )}
      {role === "admin" && item && item.status !== "published" && (
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => editing.act("publish", `The ${noun} is published.`)}>
          Publish
        </button>
      )}
      {role === "admin" && item?.live && (
        <button type="button" class="govuk-button govuk-button--warning" onClick={() => editing.act("unpublish", `The ${noun} was taken down.`)}>
          Unpublish
        </button>
      )}
      {children}
    </div>
  );
}

/** The delete section under an item's form (administrators only). */
export function DeleteSection({ council, collection, noun, role, editing }: { council: string; collection: Collection; noun: string; role: Role; editing: ItemEditing<never> }) {
  if (role !== "admin" || !editing.item) return null;
  return <DeleteItem council={council} collection={collection} item={editing.item} noun={noun} onProblem={(message) => editing.setProblem({ message, fields: [] })} />;
}

/** A slug from a title: lower-case letters, digits and single hyphens. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);
}
