// A directory channel ("Find a library"): its title, address, introduction and the facet groups residents filter
// its entries by. A group's values are typed one a line; keys stay as they were for values kept, so entries that
// have them keep them, and Welsh names are kept with them.
import { useEffect, useState } from "preact/hooks";
import type { Role, Schemas } from "../api/client";
import { Field } from "../components";
import { contentField, messageFor } from "../errors";
import { DeleteSection, EditorHeading, WorkflowButtons, slugify, useItem } from "./ItemEditor";

type DirectoryContent = Schemas["DirectoryContent"];
type FacetGroup = Schemas["FacetGroup"];

interface GroupForm {
  key: string;
  name: string;
  values: string;
}

/** The groups as the form shows them: a name, and the English names of its values one a line. */
const toForm = (groups: FacetGroup[]): GroupForm[] => groups.map((g) => ({ key: g.key, name: g.names.en ?? "", values: g.values.map((v) => v.names.en ?? "").join("\n") }));

/** The groups to save: keys and Welsh names kept for what was kept, new keys made from new names. */
function fromForm(form: GroupForm[], before: FacetGroup[]): FacetGroup[] {
  return form
    .filter((g) => g.name.trim() || g.values.trim())
    .map((g) => {
      const old = before.find((b) => b.key === g.key);
      return {
        key: g.key || slugify(g.name),
        names: { ...(old?.names ?? {}), en: g.name.trim() },
        values: g.values
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean)
          .map((name) => {
            const kept = old?.values.find((v) => v.names.en === name);
            return kept ?? { key: slugify(name), names: { en: name } };
          }),
      };
    });
}

export function DirectoryEditor({ council, id, role }: { council: string; id: string | null; role: Role }) {
  const [title, setTitle] = useState("");
  const [slug, setSlug] = useState("");
  const [summary, setSummary] = useState("");
  const [groups, setGroups] = useState<GroupForm[]>([]);
  const [stored, setStored] = useState<DirectoryContent | undefined>(undefined);
  const editing = useItem<DirectoryContent>(council, "directories", "directory", id, (c) => {
    setStored(c);
    const en = c?.translations?.en;
    setTitle(en?.title ?? "");
    setSlug(en?.slug ?? "");
    setSummary(en?.summary ?? "");
    setGroups(toForm(c?.facet_groups ?? []));
  });
  useEffect(() => {
    document.title = "Directory – Townhall Admin";
  }, []);

  const content = (): DirectoryContent => ({
    topics: stored?.topics ?? [],
    facet_groups: fromForm(groups, stored?.facet_groups ?? []),
    translations: { ...(stored?.translations ?? {}), en: { ...(stored?.translations?.en ?? {}), title, slug: slug || slugify(title), summary: summary.trim() || null, body: stored?.translations?.en?.body ?? [] } },
  });
  if (editing.loading) return <p class="govuk-body">Loading…</p>;
  const field = (path: string) => messageFor(editing.problem, contentField(path));
  const setGroup = (i: number, change: Partial<GroupForm>) => setGroups((list) => list.map((g, j) => (j === i ? { ...g, ...change } : g)));
  return (
    <>
      <EditorHeading council={council} collection="directories" many="Directories" noun="directory" editing={editing} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          editing.save(content());
        }}
        noValidate
      >
        <Field path={contentField("translations.en.title")} label="Title" hint="What residents look for, for example Find a library" value={title} onInput={setTitle} error={field("translations.en.title")} />
        <Field path={contentField("translations.en.slug")} label="Address" hint="Lower-case letters, digits and hyphens; made from the title when left empty" value={slug} onInput={setSlug} error={field("translations.en.slug")} width="20" />
        <Field path={contentField("translations.en.summary")} label="Summary" multiline value={summary} onInput={setSummary} error={field("translations.en.summary")} />
        <h2 class="govuk-heading-m">Facets</h2>
        <p class="govuk-body">What residents filter the entries by, for example Age group with Under 5, 5 to 11 and 12 to 18.</p>
        {groups.map((g, i) => (
          <fieldset class="govuk-fieldset th-block" key={i} aria-label={`Facet group ${i + 1}`}>
            <Field path={contentField(`facet_groups[${i}].names.en`)} label={`Name of facet group ${i + 1}`} value={g.name} onInput={(name) => setGroup(i, { name })} error={field(`facet_groups[${i}].names.en`) ?? field(`facet_groups[${i}].key`)} />
            <Field path={contentField(`facet_groups[${i}].values`)} label={`Values of facet group ${i + 1}`} hint="One a line" multiline value={g.values} onInput={(values) => setGroup(i, { values })} error={field(`facet_groups[${i}].values`)} />
            <button type="button" class="govuk-button govuk-button--warning govuk-button--small" onClick={() => setGroups((list) => list.filter((_, j) => j !== i))}>
              Remove facet group {i + 1}
            </button>
          </fieldset>
        ))}
        <p class="govuk-body">
          <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setGroups((list) => [...list, { key: "", name: "", values: "" }])}>
            Add a facet group
          </button>
        </p>
        <WorkflowButtons council={council} collection="directories" noun="directory" role={role} editing={editing} />
      </form>
      <DeleteSection council={council} collection="directories" noun="directory" role={role} editing={editing} />
    </>
  );
}
