// Your councils: the council switcher, and for platform administrators the form that creates a council.
import { useEffect, useState } from "preact/hooks";
import { type Schemas, api } from "../api/client";
import type { Me } from "../api/session";
import { ErrorSummary, Field, Link, Select } from "../components";
import { type Problem, messageFor, problemOf } from "../errors";
import { navigate } from "../router";

type Council = { slug: string; name: string; role: string };

export function Home({ me }: { me: Me }) {
  const [all, setAll] = useState<Schemas["CouncilResponse"][]>([]);
  useEffect(() => {
    document.title = "Your councils – Townhall Admin";
    if (me.platform_admin) api.GET("/api/v1/councils", { params: { query: { limit: 100 } } }).then(({ data }) => setAll(data?.items ?? []));
  }, [me.platform_admin]);

  const councils: Council[] = me.memberships.map((m) => ({ slug: m.council, name: m.council_name, role: m.role }));
  for (const c of all) if (!councils.some((m) => m.slug === c.slug)) councils.push({ slug: c.slug, name: c.name, role: "platform administrator" });

  useEffect(() => {
    if (!me.platform_admin && councils.length === 1 && councils[0]) navigate(`/c/${councils[0].slug}`);
  }, [councils.length]);

  return (
    <>
      <h1 class="govuk-heading-l">Your councils</h1>
      {councils.length === 0 ? (
        <p class="govuk-body">You are not a member of any council yet.</p>
      ) : (
        <ul class="govuk-list">
          {councils.map((c) => (
            <li key={c.slug}>
              <Link href={`/c/${c.slug}`}>{c.name}</Link> <span class="govuk-hint govuk-!-display-inline">({c.role.replace("_", " ")})</span>
            </li>
          ))}
        </ul>
      )}
      {me.platform_admin && <CreateCouncil onCreated={(slug) => navigate(`/c/${slug}`)} />}
    </>
  );
}

function CreateCouncil({ onCreated }: { onCreated: (slug: string) => void }) {
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [nation, setNation] = useState<Schemas["Nation"]>("england");
  const [problem, setProblem] = useState<Problem | null>(null);
  const create = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.POST("/api/v1/councils", { body: { name, slug, nation } });
    if (error || !data) return setProblem(problemOf(error));
    onCreated(data.slug);
  };
  return (
    <form onSubmit={create} noValidate>
      <h2 class="govuk-heading-m">Create a council</h2>
      <ErrorSummary problem={problem} />
      <Field path="name" label="Council name" value={name} onInput={setName} error={messageFor(problem, "name")} />
      <Field path="slug" label="Short name for addresses" hint="Lower-case letters, digits and hyphens, for example york" value={slug} onInput={setSlug} error={messageFor(problem, "slug")} width="20" />
      <Select
        path="nation"
        label="Nation"
        value={nation}
        options={[
          ["england", "England"],
          ["wales", "Wales"],
          ["scotland", "Scotland"],
          ["northern_ireland", "Northern Ireland"],
        ]}
        onChange={(v) => setNation(v as Schemas["Nation"])}
      />
      <button type="submit" class="govuk-button">
        Create council
      </button>
    </form>
  );
}
