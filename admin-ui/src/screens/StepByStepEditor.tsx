// A step by step: its steps in order, each with a title, whether it goes with the step before ("and") or is
// instead of it ("or"), what to know, and links to the council's pages and services (found by search) or to
// other sites.
import { useEffect, useState } from "preact/hooks";
import type { Role, Schemas } from "../api/client";
import { Field, Select } from "../components";
import { contentField, messageFor } from "../errors";
import { move } from "../blocks";
import { DeleteSection, EditorHeading, WorkflowButtons, slugify, useItem } from "./ItemEditor";
import { FindContent } from "./Pickers";

type StepByStepContent = Schemas["StepByStepContent"];
type Step = Schemas["Step"];
type StepLink = Schemas["StepLink"];

export function StepByStepEditor({ council, id, role }: { council: string; id: string | null; role: Role }) {
  const [stored, setStored] = useState<StepByStepContent | undefined>(undefined);
  const [title, setTitle] = useState("");
  const [slug, setSlug] = useState("");
  const [summary, setSummary] = useState("");
  const [steps, setSteps] = useState<Step[]>([]);
  // Titles of the pages and services chosen, to show beside their links.
  const [names, setNames] = useState<Record<string, string>>({});
  const editing = useItem<StepByStepContent>(council, "step-by-steps", "step by step", id, (c) => {
    setStored(c);
    const en = c?.translations?.en;
    setTitle(en?.title ?? "");
    setSlug(en?.slug ?? "");
    setSummary(en?.summary ?? "");
    setSteps(en?.steps ?? []);
  });
  useEffect(() => {
    document.title = "Step by step – Townhall Admin";
  }, []);
  const content = (): StepByStepContent => ({
    topics: stored?.topics ?? [],
    translations: { ...(stored?.translations ?? {}), en: { title, slug: slug || slugify(title), summary: summary.trim() || null, steps } },
  });
  if (editing.loading) return <p class="govuk-body">Loading…</p>;
  const field = (path: string) => messageFor(editing.problem, contentField(path));
  const setStep = (i: number, change: Partial<Step>) => setSteps((list) => list.map((s, j) => (j === i ? { ...s, ...change } : s)));
  const setLinks = (i: number, update: (links: StepLink[]) => StepLink[]) => setSteps((list) => list.map((s, j) => (j === i ? { ...s, links: update(s.links ?? []) } : s)));
  return (
    <>
      <EditorHeading council={council} collection="step-by-steps" many="Step by steps" noun="step by step" editing={editing} />
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
        <h2 class="govuk-heading-m">Steps</h2>
        {field("translations.en.steps") && <p class="govuk-error-message">{field("translations.en.steps")}</p>}
        {steps.map((s, i) => {
          const at = `translations.en.steps[${i}]`;
          return (
            <fieldset class="govuk-fieldset th-block" key={i} aria-label={`Step ${i + 1}`}>
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Step {i + 1}</legend>
              <Field path={contentField(`${at}.title`)} label={`Title of step ${i + 1}`} value={s.title} onInput={(t) => setStep(i, { title: t })} error={field(`${at}.title`)} />
              {i > 0 && (
                <Select
                  path={contentField(`${at}.logic`)}
                  label={`How step ${i + 1} follows the step before`}
                  value={s.logic ?? ""}
                  options={[
                    ["", "A step of its own (next number)"],
                    ["and", "And: done with the step before"],
                    ["or", "Or: instead of the step before"],
                  ]}
                  onChange={(v) => setStep(i, { logic: v === "" ? null : (v as Schemas["StepLogic"]) })}
                />
              )}
              <Field path={contentField(`${at}.text`)} label={`What to know about step ${i + 1}`} multiline value={s.text ?? ""} onInput={(t) => setStep(i, { text: t || null })} error={field(`${at}.text`)} />
              {(s.links ?? []).length > 0 && (
                <ul class="govuk-list" aria-label={`Links of step ${i + 1}`}>
                  {(s.links ?? []).map((link, j) => {
                    const target = link.page ?? link.service;
                    const label = link.text || (target ? names[target] ?? "a page or service" : link.url);
                    return (
                      <li key={j}>
                        {label} {link.url && <span class="govuk-hint govuk-!-display-inline">({link.url})</span>}
                        {field(`${at}.links[${j}].page`) ?? field(`${at}.links[${j}].service`) ? <span class="govuk-error-message">{field(`${at}.links[${j}].page`) ?? field(`${at}.links[${j}].service`)}</span> : null}{" "}
                        <button type="button" class="govuk-button govuk-button--secondary govuk-button--small govuk-!-margin-bottom-0" onClick={() => setLinks(i, (links) => links.filter((_, k) => k !== j))}>
                          Remove<span class="govuk-visually-hidden"> link {label} from step {i + 1}</span>
                        </button>
                      </li>
                    );
                  })}
                </ul>
              )}
              <FindContent
                council={council}
                path={contentField(`${at}.find`)}
                label={`Link step ${i + 1} to a page or service`}
                types={["page", "service"]}
                onChoose={(hit) => {
                  setNames((all) => ({ ...all, [hit.id]: hit.title }));
                  setLinks(i, (links) => [...links, hit.kind === "service" ? { service: hit.id } : { page: hit.id }]);
                }}
              />
              <ExternalLink step={i} onAdd={(link) => setLinks(i, (links) => [...links, link])} />
              <div class="govuk-button-group">
                <button type="button" class="govuk-button govuk-button--secondary govuk-button--small" disabled={i === 0} onClick={() => setSteps((list) => move(list, i, -1))}>
                  Move step {i + 1} up
                </button>
                <button type="button" class="govuk-button govuk-button--secondary govuk-button--small" disabled={i === steps.length - 1} onClick={() => setSteps((list) => move(list, i, 1))}>
                  Move step {i + 1} down
                </button>
                <button type="button" class="govuk-button govuk-button--warning govuk-button--small" onClick={() => setSteps((list) => list.filter((_, j) => j !== i))}>
                  Remove step {i + 1}
                </button>
              </div>
            </fieldset>
          );
        })}
        <p class="govuk-body">
          <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setSteps((list) => [...list, { title: "", links: [] }])}>
            Add a step
          </button>
        </p>
        <WorkflowButtons council={council} collection="step-by-steps" noun="step by step" role={role} editing={editing} />
      </form>
      <DeleteSection council={council} collection="step-by-steps" noun="step by step" role={role} editing={editing} />
    </>
  );
}

/** A link to another site: its address and what it is. */
function ExternalLink({ step, onAdd }: { step: number; onAdd: (link: StepLink) => void }) {
  const [url, setUrl] = useState("");
  const [text, setText] = useState("");
  return (
    <div class="th-finder__row">
      <Field path={`step-${step}-url`} label={`Another site's address for step ${step + 1}`} value={url} onInput={setUrl} />
      <Field path={`step-${step}-url-text`} label={`Its link text for step ${step + 1}`} value={text} onInput={setText} />
      <button
        type="button"
        class="govuk-button govuk-button--secondary"
        onClick={() => {
          if (!url.trim()) return;
          onAdd({ url: url.trim(), text: text.trim() || null });
          setUrl("");
          setText("");
        }}
      >
        Add the link to step {step + 1}
      </button>
    </div>
  );
}
