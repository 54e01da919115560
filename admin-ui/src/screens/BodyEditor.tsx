// The block editor: a body is a list of blocks, each edited by its own fields, moved, removed and added; every
// block type the API knows. Text takes inline markup (**bold**, _italic_, [text](address)) and links to the
// council's pages and services found by search; images and documents come from the media library; accordions
// hold bodies of their own. Each field's id is its path in the API's body, so an error lands next to it.
import { useEffect, useState } from "preact/hooks";
import { type Block, type Schemas, api } from "../api/client";
import { type BlockType, cellsOf, emptyBlock, insertAt, itemsOf, linesOf, move, remove, replace, rowText, rowsOf, rowsText } from "../blocks";
import { Checkbox, Field, ParsedField, Select } from "../components";
import { type Problem, contentField, messageFor } from "../errors";
import { type Run, fromMarkup, toMarkup } from "../inline";
import { uploadMedia } from "../upload";
import { FindContent, FindFile } from "./Pickers";

const BLOCK_NAMES: [BlockType, string][] = [
  ["heading", "Heading"],
  ["paragraph", "Paragraph"],
  ["list", "List"],
  ["callout", "Callout"],
  ["image", "Image"],
  ["table", "Table"],
  ["contact", "Contact details"],
  ["embed", "Link to a service, document or meeting"],
  ["accordion", "Accordion (sections that open and close)"],
];

const MARKUP_HINT = "**bold**, _italic_, [link text](/a-page or https://…)";

interface BodyProps {
  council: string;
  /** The body's path in the content (`translations.en.body`). */
  base: string;
  /** Names a nested body's blocks ("block 2, section 1"); empty for a whole body. */
  name: string;
  welsh: boolean;
  blocks: Block[];
  /** Gets a change to apply to the body as it is when the change lands (an upload may end after other edits). */
  onChange: (update: (blocks: Block[]) => Block[]) => void;
  problem: Problem | null;
}

/** A new block, or a change to apply to the block as it is then. */
type BlockChange = Block | ((current: Block) => Block);

export function BodyEditor(props: BodyProps) {
  const [adding, setAdding] = useState<BlockType>("paragraph");
  const { blocks, onChange, name, welsh } = props;
  const nested = name !== "";
  // Every field's label names its block, so both languages' and nested bodies' fields have names of their own.
  const label = (i: number) => (nested ? `${name}, block ${i + 1}` : `${welsh ? "Welsh block" : "block"} ${i + 1}`);
  const types = nested ? BLOCK_NAMES.filter(([t]) => t !== "accordion") : BLOCK_NAMES;
  const addLabel = nested ? `Block to add to ${name}` : welsh ? "Welsh block to add" : "Block to add";
  const body = (
    <>
      {blocks.map((block, i) => (
        <div class="th-block" key={i} role="group" aria-label={`${label(i)}: ${block.type}`}>
          <BlockFields {...props} block={block} index={i} n={label(i)} onBlock={(b) => onChange((list) => replace(list, i, typeof b === "function" ? b(list[i] ?? block) : b))} />
          <div class="th-block__tools">
            <button type="button" class="govuk-button govuk-button--secondary" disabled={i === 0} onClick={() => onChange((list) => move(list, i, -1))}>
              Move up<span class="govuk-visually-hidden"> {label(i)}</span>
            </button>
            <button type="button" class="govuk-button govuk-button--secondary" disabled={i === blocks.length - 1} onClick={() => onChange((list) => move(list, i, 1))}>
              Move down<span class="govuk-visually-hidden"> {label(i)}</span>
            </button>
            <button type="button" class="govuk-button govuk-button--warning" onClick={() => onChange((list) => remove(list, i))}>
              Remove<span class="govuk-visually-hidden"> {label(i)}</span>
            </button>
          </div>
        </div>
      ))}
      <div class="govuk-form-group">
        <Select path={`new-block-${props.base}`} label={addLabel} value={adding} options={types} onChange={(v) => setAdding(v as BlockType)} />
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => onChange((list) => insertAt(list, list.length, emptyBlock(adding)))}>
          {nested ? (
            <>
              Add block<span class="govuk-visually-hidden"> to {name}</span>
            </>
          ) : welsh ? (
            "Add Welsh block"
          ) : (
            "Add block"
          )}
        </button>
      </div>
    </>
  );
  if (nested) return body;
  return (
    <fieldset class="govuk-fieldset govuk-!-margin-bottom-6">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{welsh ? "Welsh body" : "Body"}</legend>
      {body}
    </fieldset>
  );
}

type FieldsProps = BodyProps & { block: Block; index: number; n: string; onBlock: (b: BlockChange) => void };

function BlockFields(props: FieldsProps) {
  const { block, index, n, onBlock } = props;
  const path = (field: string) => contentField(`${props.base}[${index}].${field}`);
  const error = (field: string) => messageFor(props.problem, path(field));
  switch (block.type) {
    case "heading":
      return (
        <>
          <Field path={path("text")} label={`Heading text (${n})`} value={block.text} onInput={(text) => onBlock({ ...block, text })} error={error("text")} />
          <Select
            path={path("level")}
            label={`Heading level (${n})`}
            value={String(block.level)}
            options={[
              ["2", "Level 2 (section)"],
              ["3", "Level 3"],
              ["4", "Level 4"],
            ]}
            onChange={(v) => onBlock({ ...block, level: Number(v) })}
          />
        </>
      );
    case "paragraph":
      return (
        <>
          <RunsField path={path("content")} label={`Paragraph text (${n})`} value={block.content} onChange={(content) => onBlock({ ...block, content })} error={error("content")} />
          <LinkAdder council={props.council} path={path("link")} n={n} onLink={(run) => onBlock({ ...block, content: withLink(block.content, run) })} />
        </>
      );
    case "list":
      return (
        <>
          <ParsedField
            path={path("items")}
            label={`List items, one per line (${n})`}
            hint={MARKUP_HINT}
            multiline
            value={block.items}
            format={linesOf}
            parse={itemsOf}
            onChange={(items) => onBlock({ ...block, items })}
            error={error("items")}
          />
          <Select
            path={path("style")}
            label={`List style (${n})`}
            value={block.style}
            options={[
              ["unordered", "Bullets"],
              ["ordered", "Numbers"],
            ]}
            onChange={(v) => onBlock({ ...block, style: v as "ordered" | "unordered" })}
          />
        </>
      );
    case "callout":
      return (
        <>
          <Select
            path={path("style")}
            label={`Callout kind (${n})`}
            value={block.style}
            options={[
              ["info", "Information"],
              ["warning", "Warning"],
            ]}
            onChange={(v) => onBlock({ ...block, style: v as "info" | "warning" })}
          />
          <Field path={path("title")} label={`Callout title (${n})`} hint="Optional" value={block.title ?? ""} onInput={(t) => onBlock({ ...block, title: t || null })} error={error("title")} />
          <RunsField path={path("content")} label={`Callout text (${n})`} value={block.content} onChange={(content) => onBlock({ ...block, content })} error={error("content")} />
          <LinkAdder council={props.council} path={path("link")} n={n} onLink={(run) => onBlock({ ...block, content: withLink(block.content, run) })} />
        </>
      );
    case "image":
      return <ImageFields council={props.council} block={block} n={n} path={path} error={error} onChange={onBlock} />;
    case "table":
      return (
        <>
          <Field path={path("caption")} label={`Table caption (${n})`} hint="What the table shows" value={block.caption ?? ""} onInput={(t) => onBlock({ ...block, caption: t || null })} error={error("caption")} />
          <ParsedField
            path={path("header")}
            label={`Column headings (${n})`}
            hint="Separated by | (a bar)"
            value={block.header}
            format={rowText}
            parse={cellsOf}
            onChange={(header) => onBlock({ ...block, header })}
            error={error("header")}
          />
          <ParsedField
            path={path("rows")}
            label={`Rows (${n})`}
            hint="One row per line, cells separated by | (a bar), as many cells as headings"
            multiline
            value={block.rows}
            format={rowsText}
            parse={rowsOf}
            onChange={(rows) => onBlock({ ...block, rows })}
            error={error("rows")}
          />
        </>
      );
    case "contact": {
      const text = (field: "name" | "phone" | "email" | "address" | "opening_hours", label: string, extra: { multiline?: boolean; type?: string; hint?: string } = {}) => (
        <Field path={path(field)} label={`${label} (${n})`} value={block[field] ?? ""} onInput={(v) => onBlock({ ...block, [field]: v || null })} error={error(field)} {...extra} />
      );
      return (
        <>
          {text("name", "Team or office")}
          {text("phone", "Phone", { type: "tel" })}
          {text("email", "Email address", { type: "email" })}
          {text("address", "Postal address", { multiline: true })}
          {text("opening_hours", "Opening hours", { multiline: true })}
        </>
      );
    }
    case "embed":
      return <EmbedFields council={props.council} block={block} n={n} path={path} error={error} onChange={onBlock} />;
    case "accordion":
      return (
        <>
          {block.sections.map((section, j) => {
            const sectionName = `${n}, section ${j + 1}`;
            const setSection = (s: typeof section) => onBlock({ ...block, sections: replace(block.sections, j, s) });
            return (
              <fieldset class="govuk-fieldset th-section" key={j}>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Section {j + 1}</legend>
                <Field
                  path={path(`sections[${j}].heading`)}
                  label={`Section heading (${sectionName})`}
                  value={section.heading}
                  onInput={(heading) => setSection({ ...section, heading })}
                  error={error(`sections[${j}].heading`)}
                />
                <BodyEditor
                  council={props.council}
                  base={`${props.base}[${index}].sections[${j}].body`}
                  name={sectionName}
                  welsh={props.welsh}
                  blocks={section.body}
                  onChange={(update) =>
                    onBlock((current) =>
                      current.type === "accordion" ? { ...current, sections: current.sections.map((s, k) => (k === j ? { ...s, body: update(s.body) } : s)) } : current,
                    )
                  }
                  problem={props.problem}
                />
                <div class="th-block__tools">
                  <button type="button" class="govuk-button govuk-button--secondary" disabled={j === 0} onClick={() => onBlock({ ...block, sections: move(block.sections, j, -1) })}>
                    Move section up<span class="govuk-visually-hidden"> ({sectionName})</span>
                  </button>
                  <button
                    type="button"
                    class="govuk-button govuk-button--secondary"
                    disabled={j === block.sections.length - 1}
                    onClick={() => onBlock({ ...block, sections: move(block.sections, j, 1) })}
                  >
                    Move section down<span class="govuk-visually-hidden"> ({sectionName})</span>
                  </button>
                  <button type="button" class="govuk-button govuk-button--warning" onClick={() => onBlock({ ...block, sections: remove(block.sections, j) })}>
                    Remove section<span class="govuk-visually-hidden"> ({sectionName})</span>
                  </button>
                </div>
              </fieldset>
            );
          })}
          {error("sections") && <p class="govuk-error-message">{error("sections")}</p>}
          <button
            type="button"
            class="govuk-button govuk-button--secondary"
            onClick={() => onBlock({ ...block, sections: [...block.sections, { heading: "", body: [emptyBlock("paragraph")] }] })}
          >
            Add a section<span class="govuk-visually-hidden"> to {n}</span>
          </button>
        </>
      );
  }
}

/** A text with a link added at its end, after a space. */
const withLink = (content: Run[], link: Run) => {
  const text = toMarkup(content);
  return fromMarkup(`${text}${text === "" || text.endsWith(" ") ? "" : " "}${toMarkup([link])}`);
};

/** Runs of text typed as markup. */
function RunsField(props: { path: string; label: string; value: Run[]; onChange: (runs: Run[]) => void; error: string | undefined }) {
  return <ParsedField path={props.path} label={props.label} hint={MARKUP_HINT} multiline value={props.value} format={toMarkup} parse={fromMarkup} onChange={props.onChange} error={props.error} />;
}

/** Adds a link to a page or service, found by search, at the end of a text. */
function LinkAdder(props: { council: string; path: string; n: string; onLink: (run: Run) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <FindContent
        council={props.council}
        path={props.path}
        label={`Add a link to a page or service (${props.n})`}
        hint="Find it by words in its title or text; the link is added at the end of the text, where you can move it"
        types={["page", "service"]}
        onChoose={(hit) => {
          if (!hit.path) return setProblem(`“${hit.title}” has no address on the website yet.`);
          setProblem(null);
          props.onLink({ text: hit.title, link: hit.path });
        }}
      />
      {problem && <p class="govuk-error-message">{problem}</p>}
    </>
  );
}

type EmbedBlock = Extract<Block, { type: "embed" }>;

/** An embed's target, chosen by search (services and meetings) or from the library (documents). */
function EmbedFields(props: { council: string; block: EmbedBlock; n: string; path: (name: string) => string; error: (name: string) => string | undefined; onChange: (b: Block) => void }) {
  const { block, n, council } = props;
  const [title, setTitle] = useState<string | null>(null);
  useEffect(() => {
    // The title of what an embed already points at.
    setTitle(null);
    if (!block.id) return;
    const done = (t: string | undefined) => setTitle(t ?? "(no longer found)");
    if (block.target === "document")
      api.GET("/api/v1/councils/{council}/media/{id}", { params: { path: { council, id: block.id } } }).then(({ data }) => done(data?.title));
    else if (block.target === "service")
      api.GET("/api/v1/councils/{council}/{collection}/{id}", { params: { path: { council, collection: "services", id: block.id } } }).then(({ data }) => done(data?.title));
    else api.GET("/api/v1/councils/{council}/meetings/{id}", { params: { path: { council, id: block.id } } }).then(({ data }) => done(data ? meetingTitle(data) : undefined));
  }, [council, block.target, block.id]);
  const choose = (id: string, chosen: string) => {
    props.onChange({ ...block, id });
    setTitle(chosen);
  };
  return (
    <>
      <Select
        path={props.path("target")}
        label={`Links to (${n})`}
        value={block.target}
        options={[
          ["service", "A service"],
          ["document", "A document from the library"],
          ["meeting", "A meeting"],
        ]}
        onChange={(target) => props.onChange({ ...block, target: target as EmbedBlock["target"], id: "" })}
      />
      {props.error("id") && <p class="govuk-error-message">{props.error("id")}</p>}
      <p class="govuk-body" id={`${props.path("id").replace(/\W+/g, "-")}-chosen`}>
        {block.id ? `Chosen: ${title ?? "…"}` : "Nothing chosen yet."}
      </p>
      {block.target === "document" ? (
        <FindFile council={council} path={props.path("id")} label={`Find a document (${n})`} hint="By words in its title or file name" images={false} onChoose={(m) => choose(m.id, m.title)} />
      ) : (
        <FindContent
          council={council}
          path={props.path("id")}
          label={block.target === "service" ? `Find a service (${n})` : `Find a meeting (${n})`}
          types={[block.target]}
          onChoose={(hit) => choose(hit.id, hit.title)}
        />
      )}
    </>
  );
}

const meetingTitle = (m: Schemas["MeetingResponse"]) => `${m.committee.name}, ${new Date(m.start).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" })}`;

type ImageBlock = Extract<Block, { type: "image" }>;

function ImageFields(props: { council: string; block: ImageBlock; n: string; path: (name: string) => string; error: (name: string) => string | undefined; onChange: (b: BlockChange) => void }) {
  const { block, n, path, onChange } = props;
  const [progress, setProgress] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [library, setLibrary] = useState<[string, string][]>([]);
  useEffect(() => {
    // The library's newest public images, to choose one already uploaded (older ones by search below).
    api.GET("/api/v1/councils/{council}/media", { params: { path: { council: props.council }, query: { limit: 100 } } }).then(({ data }) =>
      setLibrary((data?.items ?? []).filter((m) => m.mime_type.startsWith("image/") && !m.restricted).map((m) => [m.id, m.title])),
    );
  }, [props.council]);
  const upload = async (file: File) => {
    setUploadError(null);
    const fields: Record<string, string> = block.decorative ? { decorative: "true" } : block.alt ? { alt: block.alt } : {};
    const result = await uploadMedia(props.council, file, fields, setProgress);
    setProgress(null);
    if ("error" in result) return setUploadError(result.error);
    setFileName(result.media.file_name);
    // Applied to the block as it is now: what was typed during the upload stays.
    const id = result.media.id;
    onChange((current) => (current.type === "image" ? { ...current, media_id: id } : current));
  };
  const fileId = `image-file-${path("media_id").replace(/\W+/g, "-")}`;
  return (
    <>
      {!block.decorative && (
        <Field path={path("alt")} label={`Alternative text (${n})`} hint="Describe the image for people who cannot see it" value={block.alt ?? ""} onInput={(alt) => onChange({ ...block, alt })} error={props.error("alt")} />
      )}
      <Checkbox
        path={path("decorative")}
        label={`Decorative: it adds nothing to the text (${n})`}
        hint="Screen readers skip decorative images, so they need no alternative text"
        checked={block.decorative ?? false}
        onChange={(decorative) => onChange({ ...block, decorative, alt: decorative ? null : (block.alt ?? "") })}
      />
      <Field path={path("caption")} label={`Caption (${n})`} hint="Optional, shown under the image" value={block.caption ?? ""} onInput={(c) => onChange({ ...block, caption: c || null })} error={props.error("caption")} />
      <div class={`govuk-form-group${uploadError || props.error("media_id") ? " govuk-form-group--error" : ""}`}>
        <label class="govuk-label" for={fileId}>
          {`Upload an image (${n})`}
        </label>
        {(uploadError || props.error("media_id")) && (
          <p class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> {uploadError ?? props.error("media_id")}
          </p>
        )}
        <input
          class="govuk-file-upload"
          id={fileId}
          type="file"
          accept="image/*"
          onChange={(e) => {
            const file = (e.currentTarget as HTMLInputElement).files?.[0];
            if (file) upload(file);
          }}
        />
      </div>
      {library.length > 0 && (
        <Select
          path={path("media_id")}
          label={`Or choose an image from the library (${n})`}
          value={block.media_id}
          options={[["", "Choose an image"], ...library]}
          onChange={(id) => {
            setFileName(library.find(([value]) => value === id)?.[1] ?? null);
            onChange({ ...block, media_id: id });
          }}
        />
      )}
      <FindFile
        council={props.council}
        path={path("find")}
        label={`Or find an image in the library (${n})`}
        images
        onChoose={(m) => {
          setFileName(m.title);
          onChange({ ...block, media_id: m.id });
        }}
      />
      {progress !== null && (
        <p class="govuk-body">
          <label for={`${fileId}-progress`}>Uploading</label> <progress id={`${fileId}-progress`} class="th-progress" max={100} value={progress} />
        </p>
      )}
      {block.media_id && <p class="govuk-body">Image: {fileName ?? block.media_id}</p>}
    </>
  );
}
