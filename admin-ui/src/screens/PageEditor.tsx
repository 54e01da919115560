// Editing a page: its title, address and summary, a body of blocks, and the workflow buttons the role may use.
// A save never overwrites someone else's: it sends the version it started from (If-Match), and a 412 shows the
// other version while keeping every change made here.
import { useEffect, useState } from "preact/hooks";
import { type Action, type Block, type Item, type Role, type Schemas, api, ifMatch, workflow } from "../api/client";
import { KINDS } from "./ContentList";
import type { Me } from "../api/session";
import { BodyEditor } from "./BodyEditor";
import { DeleteItem } from "./DeleteItem";
import { Banner, Done, ErrorSummary, Field, Link, Select, Tag } from "../components";
import { type Problem, contentField, messageFor, problemOf } from "../errors";
import { navigate } from "../router";
import { fromLondonInput, londonWords, toLondonInput } from "../london";

interface Draft {
  title: string;
  slug: string;
  summary: string;
  body: Block[];
}

type PageText = { title: string; slug: string; summary?: string | null; body?: Block[] };

function draftOf(item: Item | null, locale = "en"): Draft {
  const content = item?.content as { translations?: Record<string, PageText> } | null | undefined;
  const text = content?.translations?.[locale];
  return { title: text?.title ?? "", slug: text?.slug ?? "", summary: text?.summary ?? "", body: text?.body ?? [] };
}

/** Welsh fields' labels say so, so that both languages' fields have names of their own. */
const WELSH = "Welsh";

/** The kinds this editor writes: those whose text is a title, an address, a summary and a body. */
export type TextCollection = "pages" | "services" | "news";

export function PageEditor({ council, collection, id, role, me }: { council: string; collection: TextCollection; id: string | null; role: Role; me: Me }) {
  const kind = KINDS.find((k) => k.collection === collection) ?? KINDS[0]!;
  const noun = kind.one.toLowerCase();
  const [item, setItem] = useState<Item | null>(null);
  const [draft, setDraft] = useState<Draft>(draftOf(null));
  const [welsh, setWelsh] = useState<Draft>(draftOf(null, "cy"));
  const [bilingual, setBilingual] = useState(false);
  useEffect(() => {
    api.GET("/api/v1/councils/{council}", { params: { path: { council } } }).then(({ data }) => setBilingual(data?.locales.includes("cy") ?? false));
  }, [council]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [theirs, setTheirs] = useState<Item | null>(null);
  const canWrite = role === "admin" || role === "editor";
  const canPublish = role === "admin";

  const load = async () => {
    if (!id) {
      setItem(null);
      setDraft(draftOf(null));
      setWelsh(draftOf(null, "cy"));
      return;
    }
    if (item?.id === id) return;
    const { data } = await api.GET("/api/v1/councils/{council}/{collection}/{id}", {
      params: { path: { council, collection, id } },
    });
    if (data) {
      setItem(data);
      setDraft(draftOf(data));
      setWelsh(draftOf(data, "cy"));
    }
  };
  useEffect(() => {
    load();
  }, [council, id]);
  useEffect(() => {
    document.title = `${draft.title || `New ${noun}`} – Townhall Admin`;
  }, [draft.title]);

  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  // The fields this screen does not edit (a service's LGSL code, a news article's date, a page's parent, Welsh)
  // are sent back as they were loaded.
  const content = () => {
    const loaded = (item?.content ?? {}) as { translations?: Record<string, Record<string, unknown>> } & Record<string, unknown>;
    const en = loaded.translations?.en ?? {};
    const translations: Record<string, Record<string, unknown>> = {
      ...loaded.translations,
      en: { ...en, title: draft.title, slug: draft.slug, summary: draft.summary || null, body: draft.body },
    };
    if (bilingual && (welsh.title || welsh.slug || welsh.summary || welsh.body.length)) {
      const cy = loaded.translations?.cy ?? {};
      translations.cy = { ...cy, title: welsh.title, slug: welsh.slug, summary: welsh.summary || null, body: welsh.body };
    }
    return { ...loaded, translations } as Schemas["ContentBody"];
  };

  const save = async (version = item?.version) => {
    setNotice(null);
    if (!item || version === undefined) {
      const { data, error } = await api.POST("/api/v1/councils/{council}/{collection}", {
        params: { path: { council, collection } },
        body: { content: content() },
      });
      if (error || !data) return setProblem(problemOf(error));
      setProblem(null);
      setItem(data);
      navigate(`/c/${council}/${collection}/${data.id}`);
      setNotice(`The ${noun} was saved as a draft.`);
      return;
    }
    const { data, error, response } = await api.PUT("/api/v1/councils/{council}/{collection}/{id}", {
      params: { path: { council, collection, id: item.id }, header: { "If-Match": ifMatch(version) } },
      body: { content: content() },
    });
    if (response.status === 412) {
      const latest = await api.GET("/api/v1/councils/{council}/{collection}/{id}", {
        params: { path: { council, collection, id: item.id } },
      });
      setTheirs(latest.data ?? null);
      return;
    }
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setTheirs(null);
    setItem(data);
    setNotice("Your changes were saved.");
  };

  const review = async (owner: string, reviewOn: string) => {
    if (!item) return;
    const { data, error } = await api.PUT("/api/v1/councils/{council}/{collection}/{id}/review", {
      params: { path: { council, collection, id: item.id }, header: { "If-Match": ifMatch(item.version) } },
      body: { owner_id: owner || null, review_on: reviewOn || null },
    });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setItem(data);
    setNotice("The owner and review date were saved.");
  };

  const schedule = async (publishAt: string, unpublishAt: string) => {
    if (!item) return;
    const fields = [];
    const publish_at = publishAt ? fromLondonInput(publishAt) : null;
    const unpublish_at = unpublishAt ? fromLondonInput(unpublishAt) : null;
    if (publishAt && !publish_at) fields.push({ field: "publish_at", message: "Enter a date and time" });
    if (unpublishAt && !unpublish_at) fields.push({ field: "unpublish_at", message: "Enter a date and time" });
    if (fields.length) return setProblem({ message: "", fields });
    const { data, error } = await api.PUT("/api/v1/councils/{council}/{collection}/{id}/schedule", {
      params: { path: { council, collection, id: item.id }, header: { "If-Match": ifMatch(item.version) } },
      body: { publish_at, unpublish_at },
    });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setItem(data);
    setNotice(data.publish_at || data.unpublish_at ? "The schedule was saved." : "The schedule was cleared.");
  };

  const act = async (action: Action, done: string) => {
    if (!item) return;
    const { data, error } = await workflow(council, collection, item, action);
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setItem(data);
    setNotice(done);
  };

  const field = (path: string) => messageFor(problem, contentField(path));
  // Nothing can be typed or saved before the item is loaded (a save then would create another item).
  if (id && item?.id !== id) return <p class="govuk-body">Loading…</p>;
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/${collection}`}>{kind.many}</Link>
      </span>
      <h1 class="govuk-heading-l">{item ? `Edit “${item.title}”` : `Create a ${noun}`}</h1>
      {item && (
        <p class="govuk-body">
          Status: <Tag status={item.status} /> {item.live && <span>(a version is live)</span>}{" "}
          <Link href={`/c/${council}/${collection}/${item.id}/history`}>History</Link>{" "}
          <Link href={`/c/${council}/${collection}/${item.id}/preview`}>Preview</Link>
        </p>
      )}
      <Done message={notice} />
      {theirs && (
        <Banner title="Someone else saved this page first">
          <p class="govuk-body">
            While you were editing, version {theirs.version} was saved with the title “{theirs.title}”. Your changes
            are still below and have not been saved.
          </p>
          <ConflictTable theirs={draftOf(theirs)} mine={draft} />
          <button type="button" class="govuk-button" onClick={() => save(theirs.version)}>
            Save my version over theirs
          </button>{" "}
          <button
            type="button"
            class="govuk-button govuk-button--secondary"
            onClick={() => {
              setItem(theirs);
              setDraft(draftOf(theirs));
              setWelsh(draftOf(theirs, "cy"));
              setTheirs(null);
            }}
          >
            Discard my changes and load theirs
          </button>
        </Banner>
      )}
      <ErrorSummary problem={problem} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
        noValidate
      >
        <div class="govuk-grid-row">
          <div class={bilingual ? "govuk-grid-column-one-half" : "govuk-grid-column-full"} lang="en">
            {bilingual && <h2 class="govuk-heading-m">English</h2>}
        <Field path={contentField("translations.en.title")} label="Title" value={draft.title} onInput={(title) => set({ title })} error={field("translations.en.title")} />
            <Field
              path={contentField("translations.en.slug")}
              label="Address"
              hint="The last part of the page's web address: lower-case letters, digits and hyphens"
              value={draft.slug}
              onInput={(slug) => set({ slug })}
              error={field("translations.en.slug")}
              width="20"
            />
            <Field path={contentField("translations.en.summary")} label="Summary" multiline value={draft.summary} onInput={(summary) => set({ summary })} error={field("translations.en.summary")} />
            <BodyEditor council={council} base="translations.en.body" name="" welsh={false} blocks={draft.body} onChange={(update) => setDraft((d) => ({ ...d, body: update(d.body) }))} problem={problem} />
          </div>
          {bilingual && (
            <div class="govuk-grid-column-one-half" lang="cy">
              <h2 class="govuk-heading-m">Cymraeg (Welsh)</h2>
              <Field path={contentField("translations.cy.title")} label={`${WELSH} title`} value={welsh.title} onInput={(title) => setWelsh({ ...welsh, title })} error={field("translations.cy.title")} />
              <Field path={contentField("translations.cy.slug")} label={`${WELSH} address`} value={welsh.slug} onInput={(slug) => setWelsh({ ...welsh, slug })} error={field("translations.cy.slug")} width="20" />
              <Field path={contentField("translations.cy.summary")} label={`${WELSH} summary`} multiline value={welsh.summary} onInput={(summary) => setWelsh({ ...welsh, summary })} error={field("translations.cy.summary")} />
              <BodyEditor council={council} base="translations.cy.body" name="" welsh blocks={welsh.body} onChange={(update) => setWelsh((w) => ({ ...w, body: update(w.body) }))} problem={problem} />
            </div>
          )}
        </div>
        <div class="govuk-button-group">
          {canWrite && (
            <button type="submit" class="govuk-button">
              Save draft
            </button>
          )}
          {canWrite && item && item.status === "draft" && (
            <button type="button" class="govuk-button govuk-button--secondary" onClick={() => act("submit", `The ${noun} was sent for review.`)}>
              Submit for review
            </button>
          )}
          {canWrite && item && item.status === "in_review" && (
            <button type="button" class="govuk-button govuk-button--secondary" onClick={() => act("withdraw", `The ${noun} was taken back from review.`)}>
              Withdraw from review
            </button>
          )}
          {canPublish && item && item.status !== "published" && (
            <button type="button" class="govuk-button govuk-button--secondary" onClick={() => act("publish", `The ${noun} is published.`)}>
              Publish
            </button>
          )}
          {canPublish && item && item.live && (
            <button type="button" class="govuk-button govuk-button--warning" onClick={() => act("unpublish", `The ${noun} was taken off the site.`)}>
              Unpublish
            </button>
          )}
          {canPublish && item && item.status !== "archived" && (
            <button type="button" class="govuk-button govuk-button--secondary" onClick={() => act("archive", `The ${noun} was archived: off the site, kept for the record.`)}>
              Archive
            </button>
          )}
          {canPublish && item && item.status === "archived" && (
            <button type="button" class="govuk-button govuk-button--secondary" onClick={() => act("unarchive", `The ${noun} is a draft again.`)}>
              Bring back from the archive
            </button>
          )}
        </div>
      </form>
      {canWrite && item && <ReviewForm item={item} me={me} council={council} problem={problem} onSave={review} />}
      {canPublish && item && <ScheduleForm item={item} problem={problem} onSave={schedule} />}
      {canPublish && item && <DeleteItem council={council} collection={collection} item={item} noun={noun} onProblem={(message) => setProblem({ message, fields: [] })} />}
    </>
  );
}

function ScheduleForm(props: { item: Item; problem: Problem | null; onSave: (publishAt: string, unpublishAt: string) => void }) {
  const [publishAt, setPublishAt] = useState(props.item.publish_at ? toLondonInput(props.item.publish_at) : "");
  const [unpublishAt, setUnpublishAt] = useState(props.item.unpublish_at ? toLondonInput(props.item.unpublish_at) : "");
  return (
    <form
      class="govuk-!-margin-top-6"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave(publishAt, unpublishAt);
      }}
    >
      <h2 class="govuk-heading-m">Schedule</h2>
      {props.item.publish_at && <p class="govuk-body">Goes live on {londonWords(props.item.publish_at)} (London time).</p>}
      {props.item.unpublish_at && <p class="govuk-body">Comes down on {londonWords(props.item.unpublish_at)} (London time).</p>}
      <Field path="publish_at" label="Publish at (London time)" type="datetime-local" value={publishAt} onInput={setPublishAt} error={messageFor(props.problem, "publish_at")} />
      <Field path="unpublish_at" label="Take down at (London time)" type="datetime-local" value={unpublishAt} onInput={setUnpublishAt} error={messageFor(props.problem, "unpublish_at")} hint="Leave empty to keep it up" />
      <button type="submit" class="govuk-button govuk-button--secondary">
        Save schedule
      </button>
    </form>
  );
}

/** Where the other person's saved version and this screen's differ, field by field. */
function ConflictTable({ theirs, mine }: { theirs: Draft; mine: Draft }) {
  const rows: [string, string, string][] = [
    ["Title", theirs.title, mine.title],
    ["Address", theirs.slug, mine.slug],
    ["Summary", theirs.summary, mine.summary],
    ["Body", `${theirs.body.length} blocks`, `${mine.body.length} blocks`],
  ];
  const changed = rows.filter(([, a, b]) => a !== b);
  if (!changed.length) return null;
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--s">What differs</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Field</th>
          <th scope="col" class="govuk-table__header">Their saved version</th>
          <th scope="col" class="govuk-table__header">Yours</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {changed.map(([field, a, b]) => (
          <tr class="govuk-table__row" key={field}>
            <th scope="row" class="govuk-table__header">{field}</th>
            <td class="govuk-table__cell">{a || "(empty)"}</td>
            <td class="govuk-table__cell">{b || "(empty)"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReviewForm(props: { item: Item; me: Me; council: string; problem: Problem | null; onSave: (owner: string, reviewOn: string) => void }) {
  const [owner, setOwner] = useState(props.item.owner_id ?? "");
  const [reviewOn, setReviewOn] = useState(props.item.review_on ?? "");
  const [members, setMembers] = useState<[string, string][]>([]);
  useEffect(() => {
    // Admins can list every member; others choose themselves.
    api.GET("/api/v1/councils/{council}/members", { params: { path: { council: props.council } } }).then(({ data }) =>
      setMembers((data?.items ?? []).map((m) => [m.user_id, m.display_name])),
    );
  }, [props.council]);
  const options: [string, string][] = [["", "Nobody"], [props.me.id, `Me (${props.me.display_name})`]];
  for (const [id, name] of members) if (id !== props.me.id) options.push([id, name]);
  if (props.item.owner_id && !options.some(([id]) => id === props.item.owner_id)) options.push([props.item.owner_id, "Another member"]);
  return (
    <form
      class="govuk-!-margin-top-6"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave(owner, reviewOn);
      }}
    >
      <h2 class="govuk-heading-m">Owner and review</h2>
      <Select path="owner_id" label="Owner" value={owner} options={options} onChange={setOwner} />
      <Field path="review_on" label="Review by" hint="The day this should next be checked, for example a year from now" type="date" value={reviewOn} onInput={setReviewOn} error={messageFor(props.problem, "review_on")} />
      <button type="submit" class="govuk-button govuk-button--secondary">
        Save owner and review date
      </button>
    </form>
  );
}
