// The signed-in session. The access token lives only in this module's memory; the refresh token is the HttpOnly
// `townhall_session` cookie, which page scripts cannot read. A session survives a reload by refreshing through the
// cookie, and the access token is renewed shortly before it expires, so a long edit never meets a 401.
import type { components } from "./schema";

export type Me = components["schemas"]["MeResponse"];
export type ApiErrorBody = components["schemas"]["ErrorBody"];
type Tokens = components["schemas"]["TokenResponse"];

/** The header every cookie-session call carries (the server refuses the cookie without it). */
const SESSION_HEADERS = { "x-townhall-session": "cookie" };
/** Renew this many seconds before the access token expires (or a third of its life, when that is shorter). */
const EARLY = 30;

let access: string | null = null;
let expiresAt = 0;
let early = EARLY * 1000;
let renewing: Promise<boolean> | null = null;

/** Who wants to know when the session has ended (true) or is back (false). */
const listeners = new Set<(ended: boolean) => void>();

/** Calls `listener` when the session ends under a screen (a call refused and no renewal) or comes back. */
export function onSessionEnded(listener: (ended: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells the app that a call was refused and the session could not be renewed. */
export function sessionEnded() {
  for (const listener of listeners) listener(true);
}

function keep(tokens: Tokens) {
  for (const listener of listeners) listener(false);
  access = tokens.access_token;
  expiresAt = Date.now() + tokens.expires_in * 1000;
  early = Math.min(EARLY * 1000, (tokens.expires_in * 1000) / 3);
}

/** Signs in with a cookie session; the API's error body when it refuses. */
export async function signIn(email: string, password: string): Promise<ApiErrorBody | null> {
  const response = await fetch("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, session: "cookie" }),
  });
  const body = await response.json();
  if (!response.ok) return body as ApiErrorBody;
  keep(body as Tokens);
  return null;
}

/** Renews the access token through the session cookie; false when there is no session (sign in again). */
export function renew(): Promise<boolean> {
  renewing ??= (async () => {
    try {
      const response = await fetch("/api/v1/auth/refresh", { method: "POST", headers: SESSION_HEADERS });
      if (!response.ok) {
        access = null;
        return false;
      }
      keep((await response.json()) as Tokens);
      return true;
    } catch {
      return false;
    } finally {
      renewing = null;
    }
  })();
  return renewing;
}

/** A current access token, renewed first when it is about to expire. */
export async function accessToken(): Promise<string | null> {
  if (access && Date.now() > expiresAt - early) await renew();
  return access;
}

/** The access token as it is now, without renewing it (right after a renewal). */
export function currentToken(): string | null {
  return access;
}

/** Ends the session here and on the server. */
export async function signOut(): Promise<void> {
  access = null;
  await fetch("/api/v1/auth/logout", { method: "POST", headers: SESSION_HEADERS });
}

export function signedIn(): boolean {
  return access !== null;
}
