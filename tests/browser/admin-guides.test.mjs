// Townhall Admin's guides and step by steps: an administrator writes a guide with an overview and two pages and
// publishes them together, then a step by step whose steps link to a page found by search and to another site;
// the public sees each guide page at its own path and the page shows the step by step it is part of.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, test } from "node:test";
import { PASSWORD, accessibilityViolations, api, launch, member, offlineContext, platformAdmin, startTownhall } from "./harness.mjs";

let townhall, browser, adminToken;
const screens = process.env.SCREENSHOTS;
if (screens) mkdirSync(screens, { recursive: true });

before(async () => {
  townhall = await startTownhall();
  adminToken = await platformAdmin(townhall, "admin@york.test");
  await api(townhall, "POST", "/api/v1/councils", { token: adminToken, body: { slug: "york", name: "City of York Council", nation: "england" } });
  await member(townhall, adminToken, "york", "boss@york.test", "admin");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await townhall?.stop();
});

async function check(page, name) {
  assert.deepEqual(await accessibilityViolations(page), [], `axe on ${name}`);
  if (screens) await page.screenshot({ path: `${screens}/admin-${name}.png`, fullPage: true });
}

async function signIn(page, email) {
  await page.goto(`${townhall.url}/admin/`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
}

const graphql = async (query) => (await api(townhall, "POST", "/graphql", { body: { query } })).body.data;

test("an administrator writes a guide with two pages and a step by step, and the public follows them", async () => {
  const created = await api(townhall, "POST", "/api/v1/councils/york/pages", {
    token: adminToken,
    body: { content: { translations: { en: { title: "Blue badge parking bays", slug: "blue-badge-bays" } } } },
  });
  await api(townhall, "POST", `/api/v1/councils/york/pages/${created.body.id}/publish`, { token: adminToken, ifMatch: created.etag });
  const { context } = await offlineContext(browser);
  const tab = await context.newPage();
  const problems = [];
  tab.on("pageerror", (e) => problems.push(e.message));
  await signIn(tab, "boss@york.test");

  await tab.goto(`${townhall.url}/admin/c/york/guides/new`);
  await tab.getByRole("heading", { name: "Create a guide" }).waitFor();
  await tab.getByLabel("Title", { exact: true }).fill("Apply for a blue badge");
  await tab.getByLabel("Address", { exact: true }).fill("blue-badge");
  await tab.getByRole("button", { name: "Add block", exact: true }).click();
  await tab.getByLabel("Paragraph text (block 1)").fill("A blue badge lets you park closer to where you need to go.");
  for (const [n, title, text] of [
    [1, "Who can apply", "You may get one automatically."],
    [2, "How to apply", "Apply online with a photograph."],
  ]) {
    await tab.getByRole("button", { name: "Add a page" }).click();
    await tab.getByLabel(`Title of page ${n}`).fill(title);
    await tab.getByRole("button", { name: `Add block to page ${n}` }).click();
    await tab.getByLabel(`Paragraph text (page ${n}, block 1)`).fill(text);
  }
  await check(tab, "guide-editor");
  await tab.getByRole("button", { name: "Save draft" }).click();
  await tab.getByText("The guide was saved as a draft.").waitFor();
  await tab.getByRole("button", { name: "Publish" }).click();
  await tab.getByText("The guide is published.").waitFor();
  const route = (await api(townhall, "GET", "/delivery/v1/councils/york/route?path=/guides/blue-badge/how-to-apply")).body;
  assert.equal(route.item.part, "how-to-apply");
  assert.match(route.item.body_html, /Apply online with a photograph/);
  const guide = await graphql(`{ council(slug: "york") { guide(slug: "blue-badge") { contents { title path } } } }`);
  assert.deepEqual(
    guide.council.guide.contents.map((c) => c.path),
    ["/guides/blue-badge", "/guides/blue-badge/who-can-apply", "/guides/blue-badge/how-to-apply"],
  );

  await tab.goto(`${townhall.url}/admin/c/york/step-by-steps/new`);
  await tab.getByRole("heading", { name: "Create a step by step" }).waitFor();
  await tab.getByLabel("Title", { exact: true }).fill("Get a blue badge");
  await tab.getByRole("button", { name: "Add a step" }).click();
  await tab.getByLabel("Title of step 1").fill("Check you can apply");
  await tab.getByLabel("Link step 1 to a page or service").fill("bays");
  await tab.getByLabel("Link step 1 to a page or service").press("Enter");
  await tab.getByRole("button", { name: "Choose Blue badge parking bays" }).click();
  await tab.getByRole("list", { name: "Links of step 1" }).getByText("Blue badge parking bays").waitFor();
  await tab.getByRole("button", { name: "Add a step" }).click();
  await tab.getByLabel("Title of step 2").fill("Apply on GOV.UK");
  await tab.getByLabel("How step 2 follows the step before").selectOption("and");
  await tab.getByLabel("Another site's address for step 2").fill("https://www.gov.uk/apply-blue-badge");
  await tab.getByLabel("Its link text for step 2").fill("Apply for a blue badge on GOV.UK");
  await tab.getByRole("button", { name: "Add the link to step 2" }).click();
  await check(tab, "step-by-step-editor");
  await tab.getByRole("button", { name: "Save draft" }).click();
  await tab.getByText("The step by step was saved as a draft.").waitFor();
  await tab.getByRole("button", { name: "Publish" }).click();
  await tab.getByText("The step by step is published.").waitFor();
  const shown = await graphql(`{ council(slug: "york") {
    stepByStep(slug: "get-a-blue-badge") { steps { number title logic links { text url kind } } }
    page(path: "/blue-badge-bays") { stepBySteps { title } } } }`);
  assert.deepEqual(
    shown.council.stepByStep.steps.map((s) => [s.number, s.logic, s.links.map((l) => l.url)]),
    [
      [1, null, ["/blue-badge-bays"]],
      [1, "AND", ["https://www.gov.uk/apply-blue-badge"]],
    ],
  );
  assert.deepEqual(shown.council.page.stepBySteps, [{ title: "Get a blue badge" }]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("an administrator writes a publication with nested pages and a PDF alternative, and its contents list its headings", async () => {
  const form = new FormData();
  form.append("file", new Blob([Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")], { type: "application/pdf" }), "plan.pdf");
  form.append("title", "Local Plan for printing");
  const uploaded = await fetch(`${townhall.url}/api/v1/councils/york/media`, { method: "POST", headers: { authorization: `Bearer ${adminToken}` }, body: form });
  assert.equal(uploaded.status, 201, await uploaded.clone().text());
  const { context } = await offlineContext(browser);
  const tab = await context.newPage();
  const problems = [];
  tab.on("pageerror", (e) => problems.push(e.message));
  await signIn(tab, "boss@york.test");
  await tab.goto(`${townhall.url}/admin/c/york/publications/new`);
  await tab.getByRole("heading", { name: "Create a publication" }).waitFor();
  await tab.getByLabel("Title", { exact: true }).fill("Local Plan 2026 to 2041");
  await tab.getByLabel("Address", { exact: true }).fill("local-plan");
  await tab.getByLabel("Published on").fill("2026-11-01");
  await tab.getByLabel("Add a downloadable alternative").fill("printing");
  await tab.getByLabel("Add a downloadable alternative").press("Enter");
  await tab.getByRole("button", { name: "Choose Local Plan for printing" }).click();
  await tab.getByRole("list", { name: "Downloadable alternatives" }).getByText("Local Plan for printing").waitFor();
  await tab.getByRole("button", { name: "Add a page", exact: true }).click();
  await tab.getByLabel("Title of page 1", { exact: true }).fill("Introduction");
  await tab.getByRole("button", { name: "Add a page under page 1", exact: true }).click();
  await tab.getByLabel("Title of page 1.1").fill("How to read this plan");
  await tab.getByLabel("Block to add to page 1.1").selectOption("heading");
  await tab.getByRole("button", { name: "Add block to page 1.1" }).click();
  await tab.getByLabel("Heading text (page 1.1, block 1)").fill("Policies and maps");
  await check(tab, "publication-editor");
  await tab.getByRole("button", { name: "Save draft" }).click();
  await tab.getByText("The publication was saved as a draft.").waitFor();
  await tab.getByRole("button", { name: "Publish" }).click();
  await tab.getByText("The publication is published.").waitFor();
  const shown = await graphql(`{ council(slug: "york") { publication(slug: "local-plan") {
    publishedOn alternatives { title mimeType } contents { path depth headings { path } } } } }`);
  const publication = shown.council.publication;
  assert.equal(publication.publishedOn, "2026-11-01");
  assert.deepEqual(publication.alternatives, [{ title: "Local Plan for printing", mimeType: "application/pdf" }]);
  assert.deepEqual(
    publication.contents.map((c) => [c.path, c.depth, c.headings.map((h) => h.path)]),
    [
      ["/publications/local-plan/introduction", 1, []],
      ["/publications/local-plan/how-to-read-this-plan", 2, ["/publications/local-plan/how-to-read-this-plan#policies-and-maps"]],
    ],
  );
  assert.deepEqual(problems, []);
  await context.close();
});
