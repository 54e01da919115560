// The typed client of the management API, generated from admin-spec/openapi.json: a change to the API that breaks
// the app fails the type check.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";
import { accessToken, currentToken, renew, sessionEnded } from "./session";

export type Schemas = components["schemas"];
export type Item = Schemas["ItemResponse"];
export type Block = Schemas["Block"];
export type Role = Schemas["Role"];
export type Status = Schemas["Status"];
export type Collection = paths["/api/v1/councils/{council}/{collection}"]["get"]["parameters"]["path"]["collection"];

/** Each call's request as it was before it was sent, to send again once after a 401. */
const unsent = new Map<string, Request>();

const auth: Middleware = {
  async onRequest({ request, id }) {
    const token = await accessToken();
    if (token) request.headers.set("authorization", `Bearer ${token}`);
    // Signing in, accepting an invitation and resetting a password answer 401 for a wrong password: never sent again.
    if (!/\/api\/v1\/(auth|invitations)\//.test(new URL(request.url).pathname)) unsent.set(id, request.clone());
    return request;
  },
  // An access token can still be refused (the computer slept past its expiry, the server restarted with the
  // session revoked elsewhere): renew once through the session cookie and send the same request again, so
  // unsaved work is never lost to an expired token. When the session has ended, the 401 stands.
  async onResponse({ response, id }) {
    const retry = unsent.get(id);
    unsent.delete(id);
    if (response.status !== 401 || !retry) return response;
    if (!(await renew())) {
      sessionEnded();
      return response;
    }
    const token = currentToken();
    if (token) retry.headers.set("authorization", `Bearer ${token}`);
    return fetch(retry);
  },
  onError({ id }) {
    unsent.delete(id);
  },
};

export const api = createClient<paths>({ baseUrl: "" });
api.use(auth);

/** The strong ETag for a version, as `If-Match` wants it. */
export const ifMatch = (version: number) => `"${version}"`;

/** A workflow move. */
export type Action = "submit" | "publish" | "unpublish" | "withdraw" | "archive" | "unarchive";

/** Moves `item` through the workflow, at the version it was read at (If-Match): one call for every editor. */
export function workflow(council: string, collection: Collection, item: Item, action: Action) {
  const route = `/api/v1/councils/{council}/{collection}/{id}/${action}` as "/api/v1/councils/{council}/{collection}/{id}/publish";
  return api.POST(route, {
    params: { path: { council, collection, id: item.id }, header: { "If-Match": ifMatch(item.version) } },
  });
}
