// A guide: its title, address, summary and overview, and its pages in order, each with a title, an address under
// the guide's and a body. The pages are published together with the guide, so its contents never disagree.
import { useEffect, useState } from "preact/hooks";
import type { Role, Schemas } from "../api/client";
import { Field } from "../components";
import { contentField, messageFor } from "../errors";
import { move } from "../blocks";
import { BodyEditor } from "./BodyEditor";
import { DeleteSection, EditorHeading, WorkflowButtons, slugify, useItem } from "./ItemEditor";

type GuideContent = Schemas["GuideContent"];
type GuidePage = Schemas["GuidePage"];
type Block = Schemas["Block"];

export function GuideEditor({ council, id, role }: { council: string; id: string | null; role: Role }) {
  const [stored, setStored] = useState<GuideContent | undefined>(undefined);
  const [title, setTitle] = useState("");
  const [slug, setSlug] = useState("");
  const [summary, setSummary] = useState("");
  const [body, setBody] = useState<Block[]>([]);
  const [pages, setPages] = useState<GuidePage[]>([]);
  const editing = useItem<GuideContent>(council, "guides", "guide", id, (c) => {
    setStored(c);
    const en = c?.translations?.en;
    setTitle(en?.title ?? "");
    setSlug(en?.slug ?? "");
    setSummary(en?.summary ?? "");
    setBody(en?.body ?? []);
    setPages(en?.pages ?? []);
  });
  useEffect(() => {
    document.title = "Guide – Townhall Admin";
  }, []);
  const content = (): GuideContent => ({
    topics: stored?.topics ?? [],
    translations: {
      ...(stored?.translations ?? {}),
      en: { title, slug: slug || slugify(title), summary: summary.trim() || null, body, pages: pages.map((p) => ({ ...p, slug: p.slug || slugify(p.title) })) },
    },
  });
  if (editing.loading) return <p class="govuk-body">Loading…</p>;
  const field = (path: string) => messageFor(editing.problem, contentField(path));
  const setPage = (i: number, change: Partial<GuidePage>) => setPages((list) => list.map((p, j) => (j === i ? { ...p, ...change } : p)));
  return (
    <>
      <EditorHeading council={council} collection="guides" many="Guides" noun="guide" editing={editing} />
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
        <h2 class="govuk-heading-m">Overview</h2>
        <BodyEditor council={council} base="translations.en.body" name="" welsh={false} blocks={body} onChange={(update) => setBody((b) => update(b))} problem={editing.problem} />
        <h2 class="govuk-heading-m">Pages</h2>
        {field("translations.en.pages") && <p class="govuk-error-message">{field("translations.en.pages")}</p>}
        {pages.map((p, i) => (
          <fieldset class="govuk-fieldset th-block" key={i} aria-label={`Page ${i + 1}`}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Page {i + 1}</legend>
            <Field path={contentField(`translations.en.pages[${i}].title`)} label={`Title of page ${i + 1}`} value={p.title} onInput={(t) => setPage(i, { title: t })} error={field(`translations.en.pages[${i}].title`)} />
            <Field path={contentField(`translations.en.pages[${i}].slug`)} label={`Address of page ${i + 1}`} hint="Under the guide's address; made from the title when left empty" value={p.slug} onInput={(s) => setPage(i, { slug: s })} error={field(`translations.en.pages[${i}].slug`)} width="20" />
            <BodyEditor council={council} base={`translations.en.pages[${i}].body`} name={`page ${i + 1}`} welsh={false} blocks={p.body ?? []} onChange={(update) => setPages((list) => list.map((x, j) => (j === i ? { ...x, body: update(x.body ?? []) } : x)))} problem={editing.problem} />
            <div class="govuk-button-group">
              <button type="button" class="govuk-button govuk-button--secondary govuk-button--small" disabled={i === 0} onClick={() => setPages((list) => move(list, i, -1))}>
                Move page {i + 1} up
              </button>
              <button type="button" class="govuk-button govuk-button--secondary govuk-button--small" disabled={i === pages.length - 1} onClick={() => setPages((list) => move(list, i, 1))}>
                Move page {i + 1} down
              </button>
              <button type="button" class="govuk-button govuk-button--warning govuk-button--small" onClick={() => setPages((list) => list.filter((_, j) => j !== i))}>
                Remove page {i + 1}
              </button>
            </div>
          </fieldset>
        ))}
        <p class="govuk-body">
          <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setPages((list) => [...list, { title: "", slug: "", body: [] }])}>
            Add a page
          </button>
        </p>
        <WorkflowButtons council={council} collection="guides" noun="guide" role={role} editing={editing} />
      </form>
      <DeleteSection council={council} collection="guides" noun="guide" role={role} editing={editing} />
    </>
  );
}
