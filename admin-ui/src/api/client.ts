// The typed client of the management API, generated from admin-spec/openapi.json: a change to the API that breaks
// the app fails the type check.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";
import { accessToken } from "./session";

export type Schemas = components["schemas"];
export type Item = Schemas["ItemResponse"];
export type Block = Schemas["Block"];
export type Role = Schemas["Role"];
export type Status = Schemas["Status"];
export type Collection = paths["/api/v1/councils/{council}/{collection}"]["get"]["parameters"]["path"]["collection"];

const auth: Middleware = {
  async onRequest({ request }) {
    const token = await accessToken();
    if (token) request.headers.set("authorization", `Bearer ${token}`);
    return request;
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
