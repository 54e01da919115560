// An HTML publication: its cover (title, address, summary, dates, downloadable alternatives from the library) and
// its tree of pages (each with a title, an address, a body and pages of its own, three deep), reordered with
// buttons. The table of contents is built from the pages and their headings when it is published.
import { useEffect, useState } from "preact/hooks";
import type { Role, Schemas } from "../api/client";
import { Field } from "../components";
import { contentField, messageFor } from "../errors";
import { move } from "../blocks";
import type { Problem } from "../errors";
import { BodyEditor } from "./BodyEditor";
import { DeleteSection, EditorHeading, WorkflowButtons, slugify, useItem } from "./ItemEditor";
import { FindFile } from "./Pickers";

type PublicationContent = Schemas["PublicationContent"];
type PublicationPage = Schemas["PublicationPage"];

/** The pages at `path` (`[1, 0]`: the first child of the second page) changed by `update`. */
function updateAt(pages: PublicationPage[], path: number[], update: (list: PublicationPage[]) => PublicationPage[]): PublicationPage[] {
  if (path.length === 0) return update(pages);
  const [head, ...rest] = path;
  return pages.map((p, i) => (i === head ? { ...p, children: updateAt(p.children ?? [], rest, update) } : p));
}

function withSlugs(pages: PublicationPage[]): PublicationPage[] {
  return pages.map((p) => ({ ...p, slug: p.slug || slugify(p.title), children: withSlugs(p.children ?? []) }));
}

function Pages(props: { council: string; pages: PublicationPage[]; path: number[]; problem: Problem | null; onChange: (path: number[], update: (list: PublicationPage[]) => PublicationPage[]) => void }) {
  const { council, pages, path, problem, onChange } = props;
  const field = (p: string) => messageFor(problem, contentField(p));
  const at = (i: number) => `translations.en.pages${[...path, i].map((n, d) => (d === 0 ? `[${n}]` : `.children[${n}]`)).join("")}`;
  const name = (i: number) => `page ${[...path, i].map((n) => n + 1).join(".")}`;
  return (
    <>
      {pages.map((p, i) => (
        <fieldset class="govuk-fieldset th-block" key={i} aria-label={name(i)}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{name(i).replace(/^p/, "P")}</legend>
          <Field path={contentField(`${at(i)}.title`)} label={`Title of ${name(i)}`} value={p.title} onInput={(title) => onChange(path, (list) => list.map((x, j) => (j === i ? { ...x, title } : x)))} error={field(`${at(i)}.title`)} />
          <Field path={contentField(`${at(i)}.slug`)} label={`Address of ${name(i)}`} hint="Made from the title when left empty" value={p.slug} onInput={(slug) => onChange(path, (list) => list.map((x, j) => (j === i ? { ...x, slug } : x)))} error={field(`${at(i)}.slug`)} width="20" />
          <BodyEditor council={council} base={`${at(i)}.body`} name={name(i)} welsh={false} blocks={p.body ?? []} onChange={(update) => onChange(path, (list) => list.map((x, j) => (j === i ? { ...x, body: update(x.body ?? []) } : x)))} problem={problem} />
          <div class="govuk-button-group">
            <button type="button" class="govuk-button govuk-button--secondary govuk-button--small" disabled={i === 0} onClick={() => onChange(path, (list) => move(list, i, -1))}>
              Move {name(i)} up
            </button>
            <button type="button" class="govuk-button govuk-button--secondary govuk-button--small" disabled={i === pages.length - 1} onClick={() => onChange(path, (list) => move(list, i, 1))}>
              Move {name(i)} down
            </button>
            {path.length < 2 && (
              <button type="button" class="govuk-button govuk-button--secondary govuk-button--small" onClick={() => onChange([...path, i], (list) => [...list, { title: "", slug: "", body: [], children: [] }])}>
                Add a page under {name(i)}
              </button>
            )}
            <button type="button" class="govuk-button govuk-button--warning govuk-button--small" onClick={() => onChange(path, (list) => list.filter((_, j) => j !== i))}>
              Remove {name(i)}
            </button>
          </div>
          {(p.children ?? []).length > 0 && <Pages council={council} pages={p.children ?? []} path={[...path, i]} problem={problem} onChange={onChange} />}
        </fieldset>
      ))}
    </>
  );
}

export function PublicationEditor({ council, id, role }: { council: string; id: string | null; role: Role }) {
  const [stored, setStored] = useState<PublicationContent | undefined>(undefined);
  const [title, setTitle] = useState("");
  const [slug, setSlug] = useState("");
  const [summary, setSummary] = useState("");
  const [publishedOn, setPublishedOn] = useState("");
  const [updatedOn, setUpdatedOn] = useState("");
  const [alternatives, setAlternatives] = useState<{ id: string; title: string }[]>([]);
  const [pages, setPages] = useState<PublicationPage[]>([]);
  const editing = useItem<PublicationContent>(council, "publications", "publication", id, (c) => {
    setStored(c);
    const en = c?.translations?.en;
    setTitle(en?.title ?? "");
    setSlug(en?.slug ?? "");
    setSummary(en?.summary ?? "");
    setPages(en?.pages ?? []);
    setPublishedOn(c?.published_on ?? "");
    setUpdatedOn(c?.updated_on ?? "");
    setAlternatives((c?.alternatives ?? []).map((a) => ({ id: a, title: "a file of the library" })));
  });
  useEffect(() => {
    document.title = "Publication – Townhall Admin";
  }, []);
  const content = (): PublicationContent => ({
    topics: stored?.topics ?? [],
    published_on: publishedOn || null,
    updated_on: updatedOn || null,
    alternatives: alternatives.map((a) => a.id),
    translations: { ...(stored?.translations ?? {}), en: { title, slug: slug || slugify(title), summary: summary.trim() || null, pages: withSlugs(pages) } },
  });
  if (editing.loading) return <p class="govuk-body">Loading…</p>;
  const field = (path: string) => messageFor(editing.problem, contentField(path));
  return (
    <>
      <EditorHeading council={council} collection="publications" many="Publications" noun="publication" editing={editing} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          editing.save(content());
        }}
        noValidate
      >
        <h2 class="govuk-heading-m">Cover</h2>
        <Field path={contentField("translations.en.title")} label="Title" value={title} onInput={setTitle} error={field("translations.en.title")} />
        <Field path={contentField("translations.en.slug")} label="Address" hint="Lower-case letters, digits and hyphens; made from the title when left empty" value={slug} onInput={setSlug} error={field("translations.en.slug")} width="20" />
        <Field path={contentField("translations.en.summary")} label="Summary" multiline value={summary} onInput={setSummary} error={field("translations.en.summary")} />
        <Field path={contentField("published_on")} label="Published on" type="date" value={publishedOn} onInput={setPublishedOn} error={field("published_on")} width="10" />
        <Field path={contentField("updated_on")} label="Last updated on" type="date" value={updatedOn} onInput={setUpdatedOn} error={field("updated_on")} width="10" />
        {alternatives.length > 0 && (
          <ul class="govuk-list" aria-label="Downloadable alternatives">
            {alternatives.map((a) => (
              <li key={a.id}>
                {a.title}{" "}
                <button type="button" class="govuk-button govuk-button--secondary govuk-button--small govuk-!-margin-bottom-0" onClick={() => setAlternatives((list) => list.filter((x) => x.id !== a.id))}>
                  Remove<span class="govuk-visually-hidden"> {a.title}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {field("alternatives[0]") && <p class="govuk-error-message">{field("alternatives[0]")}</p>}
        <FindFile council={council} path={contentField("alternatives")} label="Add a downloadable alternative" hint="A file of the library, such as a PDF for printing" images={false} onChoose={(file) => setAlternatives((list) => (list.some((x) => x.id === file.id) ? list : [...list, { id: file.id, title: file.title }]))} />
        <h2 class="govuk-heading-m">Pages</h2>
        {field("translations.en.pages") && <p class="govuk-error-message">{field("translations.en.pages")}</p>}
        <Pages council={council} pages={pages} path={[]} problem={editing.problem} onChange={(path, update) => setPages((all) => updateAt(all, path, update))} />
        <p class="govuk-body">
          <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setPages((list) => [...list, { title: "", slug: "", body: [], children: [] }])}>
            Add a page
          </button>
        </p>
        <WorkflowButtons council={council} collection="publications" noun="publication" role={role} editing={editing} />
      </form>
      <DeleteSection council={council} collection="publications" noun="publication" role={role} editing={editing} />
    </>
  );
}
