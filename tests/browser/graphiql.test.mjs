// GraphiQL and Swagger UI work with no request leaving the server: the docs pane, autocomplete and a query.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { councilWithPage, launch, offlineContext, platformAdmin, startTownhall } from "./harness.mjs";

let townhall, browser;
before(async () => {
  townhall = await startTownhall();
  const token = await platformAdmin(townhall);
  await councilWithPage(townhall, token);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await townhall?.stop();
});

test("GraphiQL loads from the binary, shows the docs, completes fields and runs a query offline", async () => {
  const { context, blocked } = await offlineContext(browser);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  await page.goto(`${townhall.url}/graphql`);

  // A query, typed as a person would, run with the play button.
  const editor = page.locator(".graphiql-query-editor .CodeMirror").first();
  await editor.waitFor();
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type('{ council(slug: "york") { name page(path: "/bins") { title } } }');
  await page.getByRole("button", { name: /execute query/i }).click();
  const result = page.locator(".graphiql-response");
  await result.getByText("Bin collections").waitFor();
  assert.match(await result.innerText(), /City of york Council/);

  // Autocomplete: typing inside a selection offers the schema's fields.
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type("{ counc");
  const hints = page.locator(".CodeMirror-hints");
  await hints.waitFor();
  assert.match(await hints.innerText(), /councils/);
  await page.keyboard.press("Escape");

  // The documentation explorer reads the schema through introspection.
  await page.getByRole("button", { name: /show documentation explorer/i }).click();
  const docs = page.locator(".graphiql-doc-explorer");
  await docs.getByText("Query").first().waitFor();
  await docs.getByRole("link", { name: "Query" }).first().click();
  await docs.getByText("servicesByLgsl").first().waitFor();

  assert.deepEqual(blocked, [], "GraphiQL asked for nothing outside the server");
  assert.deepEqual(problems, []);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/graphiql.png` });
  await context.close();
});

test("Swagger UI at /docs/ loads the OpenAPI document with nothing from outside", async () => {
  const { context, blocked } = await offlineContext(browser);
  const page = await context.newPage();
  await page.goto(`${townhall.url}/docs/`);
  await page.getByRole("heading", { name: /Townhall management API/ }).waitFor();
  await page.getByText("Sign in with email and password.").waitFor();
  assert.deepEqual(blocked, [], "Swagger UI asked for nothing outside the server");
  await context.close();
});
