// The media library: upload one or many files with a progress bar each, alt text for images (or decorative),
// the restricted flag; the library's files with their accessibility warnings, found by words in their title or
// file name; soft delete, and the deleted files to restore or (admins) purge for good.
import { useEffect, useState } from "preact/hooks";
import { type Role, type Schemas, api } from "../api/client";
import { Banner, ErrorSummary, Field, Link, Pager, Select } from "../components";
import { type Problem, problemOf } from "../errors";
import { type Media, uploadMedia } from "../upload";

interface Upload {
  name: string;
  percent: number;
  error?: string;
  done?: boolean;
}

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export function MediaLibrary({ council, role }: { council: string; role: Role }) {
  const [files, setFiles] = useState<Media[]>([]);
  const [deleted, setDeleted] = useState(false);
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [next, setNext] = useState<string | null>(null);
  const [purging, setPurging] = useState<Media | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const after = cursors[cursors.length - 1];
  const canWrite = role === "admin" || role === "editor";
  const [chosen, setChosen] = useState<File[]>([]);
  const [alt, setAlt] = useState("");
  const [decorative, setDecorative] = useState(false);
  const [restricted, setRestricted] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [usage, setUsage] = useState<{ title: string; places: Schemas["Usage"][] } | null>(null);

  // The listing follows what is asked for now; `load` asks again after a change.
  const [reload, setReload] = useState(0);
  const load = () => setReload((n) => n + 1);
  useEffect(() => {
    document.title = "Media library – Townhall Admin";
    let stale = false;
    api.GET("/api/v1/councils/{council}/media", { params: { path: { council }, query: { limit: 50, deleted, q: q || undefined, after } } }).then(({ data }) => {
      // An answer to an earlier listing that arrives late is dropped.
      if (stale) return;
      setFiles(data?.items ?? []);
      setNext(data?.next_cursor ?? null);
    });
    return () => {
      stale = true;
    };
  }, [council, deleted, q, after, reload]);

  const upload = async (event: Event) => {
    event.preventDefault();
    const list: Upload[] = chosen.map((f) => ({ name: f.name, percent: 0 }));
    setUploads([...list]);
    const fields: Record<string, string> = {};
    if (alt.trim()) fields.alt = alt.trim();
    if (decorative) fields.decorative = "true";
    if (restricted) fields.restricted = "true";
    let ok = 0;
    for (const [i, file] of chosen.entries()) {
      const result = await uploadMedia(council, file, fields, (percent) => {
        list[i] = { ...list[i]!, percent };
        setUploads([...list]);
      });
      list[i] = "error" in result ? { ...list[i]!, error: result.error } : { ...list[i]!, percent: 100, done: true };
      if (!("error" in result)) ok += 1;
      setUploads([...list]);
    }
    setNotice(`${ok} of ${chosen.length} file${chosen.length === 1 ? "" : "s"} uploaded.`);
    load();
  };
  const whereUsed = async (id: string, title: string) => {
    const { data } = await api.GET("/api/v1/councils/{council}/media/{id}/usage", { params: { path: { council, id } } });
    setUsage({ title, places: data ?? [] });
  };
  const remove = async (id: string, title: string) => {
    const { error } = await api.DELETE("/api/v1/councils/{council}/media/{id}", { params: { path: { council, id } } });
    if (error) return setProblem(problemOf(error));
    setProblem(null);
    setNotice(`“${title}” was deleted. It can be restored from the deleted files.`);
    load();
  };
  const restore = async (id: string, title: string) => {
    const { error } = await api.POST("/api/v1/councils/{council}/media/{id}/restore", { params: { path: { council, id } } });
    if (error) return setProblem(problemOf(error));
    setProblem(null);
    setNotice(`“${title}” was restored: it downloads again.`);
    load();
  };
  const purge = async (file: Media) => {
    const { error } = await api.POST("/api/v1/councils/{council}/media/{id}/purge", { params: { path: { council, id: file.id } } });
    setPurging(null);
    if (error) {
      setProblem(problemOf(error));
      if ((error as { error?: { code?: string } }).error?.code === "in_use") whereUsed(file.id, file.title);
      return;
    }
    setProblem(null);
    setNotice(`“${file.title}” was purged: its record and its bytes are gone for good.`);
    load();
  };
  const show = (event: Event) => {
    event.preventDefault();
    setCursors([undefined]);
    setQ(text.trim());
  };

  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}`}>Dashboard</Link>
      </span>
      <h1 class="govuk-heading-l">Media library</h1>
      {notice && (
        <Banner title="Important">
          <p class="govuk-notification-banner__heading">{notice}</p>
        </Banner>
      )}
      <ErrorSummary problem={problem} />
      {purging && (
        <div class="govuk-warning-text" role="region" aria-labelledby="purge-question">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <div class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            <p class="govuk-body govuk-!-font-weight-bold" id="purge-question">
              Purge “{purging.title}” for good? Its record, its bytes and its resized copies are removed and cannot be restored.
            </p>
            <div class="govuk-button-group">
              <button type="button" class="govuk-button govuk-button--warning" onClick={() => purge(purging)}>
                Yes, purge it
              </button>
              <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setPurging(null)}>
                No, keep it
              </button>
            </div>
          </div>
        </div>
      )}
      {canWrite && (
      <form onSubmit={upload} noValidate class="govuk-!-margin-bottom-8">
        <h2 class="govuk-heading-m">Upload files</h2>
        <div class="govuk-form-group">
          <label class="govuk-label" for="f-files">
            Files
          </label>
          <div id="f-files-hint" class="govuk-hint">
            PDF, Word, Excel, OpenDocument, CSV, text and images, up to the council's limit (50 MB unless it has set another)
          </div>
          <input
            class="govuk-file-upload"
            id="f-files"
            type="file"
            multiple
            aria-describedby="f-files-hint"
            onChange={(e) => setChosen([...((e.currentTarget as HTMLInputElement).files ?? [])])}
          />
        </div>
        <Field path="alt" label="Alternative text for images" hint="Required for images unless they are decorative" value={alt} onInput={setAlt} />
        <div class="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-6" data-module="govuk-checkboxes">
          <div class="govuk-checkboxes__item">
            <input class="govuk-checkboxes__input" id="f-decorative" type="checkbox" checked={decorative} onChange={(e) => setDecorative((e.currentTarget as HTMLInputElement).checked)} />
            <label class="govuk-label govuk-checkboxes__label" for="f-decorative">
              Images are decorative (no alternative text)
            </label>
          </div>
          <div class="govuk-checkboxes__item">
            <input class="govuk-checkboxes__input" id="f-restricted" type="checkbox" checked={restricted} onChange={(e) => setRestricted((e.currentTarget as HTMLInputElement).checked)} />
            <label class="govuk-label govuk-checkboxes__label" for="f-restricted">
              Restricted: only signed-in people of this council may download
            </label>
          </div>
        </div>
        <button type="submit" class="govuk-button" disabled={chosen.length === 0}>
          Upload
        </button>
      </form>
      )}
      {uploads.length > 0 && (
        <ul class="govuk-list" aria-label="Uploads">
          {uploads.map((u, i) => (
            <li key={`${u.name}-${i}`}>
              <label for={`upload-${i}`}>{u.name}</label>{" "}
              <progress id={`upload-${i}`} class="th-progress" max={100} value={u.percent} aria-valuetext={`${u.percent}%`} />
              {u.done && <strong class="govuk-tag govuk-tag--green">Uploaded</strong>}
              {u.error && (
                <p class="govuk-error-message">
                  <span class="govuk-visually-hidden">Error:</span> {u.name}: {u.error}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {usage && (
        <div class="govuk-inset-text" role="region" aria-label={`Where ${usage.title} is used`}>
          <h2 class="govuk-heading-s">Where “{usage.title}” is used</h2>
          {usage.places.length === 0 ? (
            <p class="govuk-body">Nowhere: it can be deleted without changing any page.</p>
          ) : (
            <ul class="govuk-list govuk-list--bullet">
              {usage.places.map((p) => (
                <li key={`${p.kind}-${p.id}`}>
                  {p.title} ({p.kind.replace(/_/g, " ")})
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <form onSubmit={show} class="govuk-!-margin-bottom-6" role="search" aria-label="Find files">
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <Select
              path="show"
              label="Show"
              value={deleted ? "deleted" : "live"}
              options={[
                ["live", "Files"],
                ["deleted", "Deleted files"],
              ]}
              onChange={(v) => {
                setCursors([undefined]);
                setDeleted(v === "deleted");
              }}
            />
          </div>
          <div class="govuk-grid-column-one-half">
            <Field path="media-q" label="Title or file name contains" value={text} onInput={setText} type="search" />
          </div>
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">
          Show files
        </button>
      </form>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">{deleted ? "Deleted files" : "Files"}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Title</th>
            <th scope="col" class="govuk-table__header">Type and size</th>
            <th scope="col" class="govuk-table__header">Checks</th>
            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {files.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={4}>{deleted ? "No deleted files." : q ? "No files match." : "No files yet."}</td>
            </tr>
          )}
          {files.map((f) => (
            <tr class="govuk-table__row" key={f.id}>
              <td class="govuk-table__cell">
                {deleted ? (
                  f.title
                ) : (
                  <a class="govuk-link" href={f.url}>
                    {f.title}
                  </a>
                )}
                {f.restricted && <strong class="govuk-tag govuk-tag--grey govuk-!-margin-left-1">restricted</strong>}
              </td>
              <td class="govuk-table__cell">
                {f.mime_type}, {size(f.size)}
              </td>
              <td class="govuk-table__cell">
                {f.likely_inaccessible && <strong class="govuk-tag govuk-tag--red">No readable text: probably a scan</strong>}
                {f.missing_document_title && <strong class="govuk-tag govuk-tag--yellow">No document title</strong>}
                {f.mime_type.startsWith("image/") && !f.alt && !f.decorative && <strong class="govuk-tag govuk-tag--red">No alternative text</strong>}
              </td>
              <td class="govuk-table__cell">
                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-1" onClick={() => whereUsed(f.id, f.title)}>
                  Where used<span class="govuk-visually-hidden"> {f.title}</span>
                </button>{" "}
                {canWrite && !deleted && (
                  <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" onClick={() => remove(f.id, f.title)}>
                    Delete<span class="govuk-visually-hidden"> {f.title}</span>
                  </button>
                )}
                {canWrite && deleted && (
                  <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-1" onClick={() => restore(f.id, f.title)}>
                    Restore<span class="govuk-visually-hidden"> {f.title}</span>
                  </button>
                )}{" "}
                {role === "admin" && deleted && (
                  <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" onClick={() => setPurging(f)}>
                    Purge<span class="govuk-visually-hidden"> {f.title}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager label="Pages of files" cursors={cursors} next={next} onChange={setCursors} />
    </>
  );
}
