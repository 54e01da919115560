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
