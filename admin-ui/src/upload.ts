// Uploading a file to the media library with progress: XMLHttpRequest, because fetch cannot report upload progress.
import { accessToken, currentToken, renew, sessionEnded } from "./api/session";
import { problemOf } from "./errors";
import type { Schemas } from "./api/client";

export type Media = Schemas["MediaResponse"];

/** Uploads `file` with the form's other `fields`; `progress` gets 0 to 100. Resolves with the file or the API's message. */
export async function uploadMedia(
  council: string,
  file: File,
  fields: Record<string, string>,
  progress: (percent: number) => void,
): Promise<{ media: Media } | { error: string }> {
  const first = await send(council, file, fields, progress, false);
  // A token refused on the way (it expired during a long upload) is renewed and the upload sent again once.
  if (first !== UNAUTHORISED) return first;
  if (!(await renew())) {
    sessionEnded();
    return { error: "Your session has ended: sign in again, then upload the file again." };
  }
  const second = await send(council, file, fields, progress, true);
  return second === UNAUTHORISED ? { error: "Your session has ended: sign in again." } : second;
}

const UNAUTHORISED = Symbol("401");

async function send(
  council: string,
  file: File,
  fields: Record<string, string>,
  progress: (percent: number) => void,
  retried: boolean,
): Promise<{ media: Media } | { error: string } | typeof UNAUTHORISED> {
  const result = await post(`/api/v1/councils/${encodeURIComponent(council)}/media`, file, fields, progress, retried);
  if (result === UNAUTHORISED || "error" in result) return result;
  return { media: result.created as Media };
}

/** Uploads a meeting's paper with the form's other `fields` (`title`, `kind`, `agenda_item`, `restricted`). */
export async function uploadPaper(
  council: string,
  meeting: string,
  file: File,
  fields: Record<string, string>,
  progress: (percent: number) => void,
): Promise<{ created: unknown } | { error: string }> {
  const url = `/api/v1/councils/${encodeURIComponent(council)}/meetings/${encodeURIComponent(meeting)}/documents`;
  const first = await post(url, file, fields, progress, false);
  if (first !== UNAUTHORISED) return first;
  if (!(await renew())) {
    sessionEnded();
    return { error: "Your session has ended: sign in again, then upload the file again." };
  }
  const second = await post(url, file, fields, progress, true);
  return second === UNAUTHORISED ? { error: "Your session has ended: sign in again." } : second;
}

/** Posts a multipart form with the file and `fields` to `url`, reporting progress. */
async function post(
  url: string,
  file: File,
  fields: Record<string, string>,
  progress: (percent: number) => void,
  retried: boolean,
): Promise<{ created: unknown } | { error: string } | typeof UNAUTHORISED> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", file);
  const token = retried ? currentToken() : await accessToken();
  return new Promise((done) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    if (token) request.setRequestHeader("authorization", `Bearer ${token}`);
    request.upload.onprogress = (e) => {
      if (e.lengthComputable) progress(Math.round((e.loaded / e.total) * 100));
    };
    request.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status === 201) done({ created: body });
      else if (request.status === 401) done(UNAUTHORISED);
      else done({ error: problemOf(body, `The upload failed (${request.status}).`).message });
    };
    request.onerror = () => done({ error: "The upload failed. Check your connection and try again." });
    progress(0);
    request.send(form);
  });
}
