// GOV.UK Design System components as Preact components: the markup and classes of govuk-frontend.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { type Problem, fieldId } from "./errors";
import { follow } from "./router";

export function Link(props: { href: string; children: ComponentChildren; class?: string }) {
  return (
    <a class={props.class ?? "govuk-link"} href={`/admin${props.href}`} onClick={follow}>
      {props.children}
    </a>
  );
}

/** A field's message with the field's label in front, so the summary reads on its own ("Address: use ..."). */
function labelled(field: string, message: string): string {
  const label = document.querySelector(`label[for="${fieldId(field)}"]`)?.textContent?.trim();
  return label ? `${label}: ${message}` : message;
}

/** The GOV.UK error summary: takes focus when it appears, links each problem to its field. */
export function ErrorSummary({ problem }: { problem: Problem | null }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), [problem]);
  if (!problem) return null;
  return (
    <div class="govuk-error-summary" ref={box} tabIndex={-1} role="alert">
      <h2 class="govuk-error-summary__title">There is a problem</h2>
      <div class="govuk-error-summary__body">
        <ul class="govuk-list govuk-error-summary__list">
          {problem.fields.length === 0 && <li>{problem.message}</li>}
          {problem.fields.map((f) => (
            <li key={f.field}>
              <a href={`#${fieldId(f.field)}`}>{labelled(f.field, f.message)}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

interface FieldProps {
  path: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  type?: string;
  autocomplete?: string;
  multiline?: boolean;
  width?: string;
}

/** A labelled text input (or textarea) with its hint and error, GOV.UK style. */
export function Field(props: FieldProps) {
  const id = fieldId(props.path);
  const described = [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const common = {
    id,
    name: props.path,
    value: props.value,
    "aria-describedby": described || undefined,
    onInput: (e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class={`govuk-form-group${props.error ? " govuk-form-group--error" : ""}`}>
      <label class="govuk-label" for={id}>
        {props.label}
      </label>
      {props.hint && (
        <div id={`${id}-hint`} class="govuk-hint">
          {props.hint}
        </div>
      )}
      {props.error && (
        <p id={`${id}-error`} class="govuk-error-message">
          <span class="govuk-visually-hidden">Error:</span> {props.error}
        </p>
      )}
      {props.multiline ? (
        <textarea class={`govuk-textarea${props.error ? " govuk-textarea--error" : ""}`} rows={4} {...common} />
      ) : (
        <input
          class={`govuk-input${props.width ? ` govuk-input--width-${props.width}` : ""}${props.error ? " govuk-input--error" : ""}`}
          type={props.type ?? "text"}
          autoComplete={props.autocomplete}
          spellcheck={false}
          {...common}
        />
      )}
    </div>
  );
}

export function Select(props: {
  path: string;
  label: string;
  value: string;
  options: [string, string][];
  onChange: (value: string) => void;
}) {
  const id = fieldId(props.path);
  return (
    <div class="govuk-form-group">
      <label class="govuk-label" for={id}>
        {props.label}
      </label>
      <select
        class="govuk-select"
        id={id}
        value={props.value}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A GOV.UK notification banner (success when `success`). */
export function Banner({ title, children, success }: { title: string; children: ComponentChildren; success?: boolean }) {
  return (
    <div
      class={`govuk-notification-banner${success ? " govuk-notification-banner--success" : ""}`}
      role={success ? "alert" : "region"}
      aria-labelledby="banner-title"
    >
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="banner-title">
          {title}
        </h2>
      </div>
      <div class="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function Tag({ status }: { status: string }) {
  const colour: Record<string, string> = {
    draft: "govuk-tag--grey",
    in_review: "govuk-tag--yellow",
    published: "govuk-tag--green",
    archived: "govuk-tag--red",
  };
  return <strong class={`govuk-tag ${colour[status] ?? ""}`}>{status.replace("_", " ")}</strong>;
}

/**
 * A field whose text stands for a value (inline markup for runs of text, lines for a list): what the person types
 * stays as typed, and the value is read from it at each key. A new value from outside (a restore, a reorder)
 * replaces the text.
 */
export function ParsedField<T>(props: Omit<FieldProps, "value" | "onInput"> & { value: T; format: (value: T) => string; parse: (text: string) => T; onChange: (value: T) => void }) {
  const { value, format, parse, onChange, ...field } = props;
  const [text, setText] = useState(() => format(value));
  useEffect(() => {
    if (JSON.stringify(parse(text)) !== JSON.stringify(value)) setText(format(value));
  }, [JSON.stringify(value)]);
  return (
    <Field
      {...field}
      value={text}
      onInput={(typed) => {
        setText(typed);
        onChange(parse(typed));
      }}
    />
  );
}

/** A GOV.UK checkbox on its own. */
export function Checkbox(props: { path: string; label: string; checked: boolean; onChange: (checked: boolean) => void; hint?: string }) {
  const id = fieldId(props.path);
  return (
    <div class="govuk-form-group">
      <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
        <div class="govuk-checkboxes__item">
          <input
            class="govuk-checkboxes__input"
            id={id}
            type="checkbox"
            checked={props.checked}
            aria-describedby={props.hint ? `${id}-hint` : undefined}
            onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)}
          />
          <label class="govuk-label govuk-checkboxes__label" for={id}>
            {props.label}
          </label>
          {props.hint && (
            <div id={`${id}-hint`} class="govuk-hint govuk-checkboxes__hint">
              {props.hint}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

/** What was just done, in a GOV.UK success banner (nothing when there is no message). */
export function Done({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Banner title="Success" success>
      <p class="govuk-notification-banner__heading">{message}</p>
    </Banner>
  );
}

/** Previous and next pages of a list read by cursor: `cursors` is the stack of pages read so far. */
export function Pager({ label, cursors, next, onChange }: { label: string; cursors: (string | undefined)[]; next: string | null; onChange: (cursors: (string | undefined)[]) => void }) {
  return (
    <nav class="govuk-pagination" aria-label={label}>
      {cursors.length > 1 && (
        <div class="govuk-pagination__prev">
          <button type="button" class="govuk-button govuk-button--secondary" onClick={() => onChange(cursors.slice(0, -1))}>
            Previous page
          </button>
        </div>
      )}
      {next && (
        <div class="govuk-pagination__next">
          <button type="button" class="govuk-button govuk-button--secondary" onClick={() => onChange([...cursors, next])}>
            Next page
          </button>
        </div>
      )}
    </nav>
  );
}
