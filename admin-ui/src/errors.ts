// API errors as a form shows them: the API names each bad field by its path in the request body
// (`content.translations.en.title`, `content.translations.en.body[3].level`); the form's fields have those paths
// as ids, so the GOV.UK error summary links to them and each field shows its own message.
export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  message: string;
  fields: FieldError[];
}

interface ErrorShape {
  error?: { message?: string; details?: unknown };
}

/** Reads the API's error body (`{"error": {"code", "message", "details": {"fields": [...]}}}`). */
export function problemOf(body: unknown, fallback = "Something went wrong. Try again."): Problem {
  const error = (body as ErrorShape | null)?.error;
  const details = error?.details as { fields?: { field?: unknown; message?: unknown }[] } | null | undefined;
  const fields = (details?.fields ?? [])
    .filter((f) => typeof f.field === "string" && typeof f.message === "string")
    .map((f) => ({ field: f.field as string, message: f.message as string }));
  return { message: error?.message ?? fallback, fields };
}

/** A field's path in a save's body, for a path inside the content (`translations.en.title`). */
export const contentField = (path: string) => `content.${path}`;

/** The message for a field, matching its path with or without the `content.` prefix the API may leave out. */
export function messageFor(problem: Problem | null, path: string): string | undefined {
  if (!problem) return undefined;
  const bare = path.replace(/^content\./, "");
  return problem.fields.find((f) => f.field === path || f.field === bare || f.field === `content.${bare}`)?.message;
}

/** The id an input has for a field path (ids may not hold brackets in CSS selectors, so they become dashes). */
export const fieldId = (path: string) => `f-${path.replace(/^content\./, "").replace(/[^a-zA-Z0-9]+/g, "-")}`;
