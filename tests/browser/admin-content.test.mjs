// Townhall Admin's content tools beyond a first page: every block type of the block editor (with links to pages
// and services found by search, a service and a document embedded from search and the library), the menu editor
// with nested links in English and Welsh, and deleting, restoring and purging, with axe-core on each screen.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, test } from "node:test";
import { PASSWORD, accessibilityViolations, api, eventually, launch, member, offlineContext, platformAdmin, startTownhall } from "./harness.mjs";

let townhall, browser, adminToken;
const screens = process.env.SCREENSHOTS;
if (screens) mkdirSync(screens, { recursive: true });

/** Creates an item and publishes it; returns its id. */
async function published(council, collection, content) {
  const created = await api(townhall, "POST", `/api/v1/councils/${council}/${collection}`, { token: adminToken, body: { content } });
  await api(townhall, "POST", `/api/v1/councils/${council}/${collection}/${created.body.id}/publish`, { token: adminToken, ifMatch: created.etag });
  return created.body.id;
}

/** Uploads a file to the library through the API; returns its record. */
async function uploaded(council, name, type, bytes, fields = {}) {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type }), name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const response = await fetch(`${townhall.url}/api/v1/councils/${council}/media`, { method: "POST", headers: { authorization: `Bearer ${adminToken}` }, body: form });
  assert.equal(response.status, 201, await response.clone().text());
  return response.json();
}

/** A small PDF (the library decides a file's type from its bytes). */
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

const page = (title, slug, extra = {}) => ({ translations: { en: { title, slug, summary: null, body: [{ type: "paragraph", content: [{ text: `About ${title}.` }] }] } }, ...extra });

before(async () => {
  townhall = await startTownhall();
  adminToken = await platformAdmin(townhall, "admin@leeds.test");
  await api(townhall, "POST", "/api/v1/councils", { token: adminToken, body: { slug: "leeds", name: "Leeds City Council", nation: "england" } });
  await api(townhall, "POST", "/api/v1/councils", { token: adminToken, body: { slug: "cardiff", name: "Cardiff Council", nation: "wales", locales: ["en", "cy"] } });
  await member(townhall, adminToken, "leeds", "editor@leeds.test", "editor");
  await member(townhall, adminToken, "leeds", "boss@leeds.test", "admin");
  await member(townhall, adminToken, "cardiff", "boss@cardiff.test", "admin");
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

/** Waits until a field holds `value` (the screen updates after the click that changes it). */
async function valueIs(locator, value) {
  await eventually(`the field to hold ${JSON.stringify(value)}`, async () => (await locator.inputValue()) === value).catch(() => {});
  assert.equal(await locator.inputValue(), value);
}

async function signIn(page, email) {
  await page.goto(`${townhall.url}/admin/`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an editor uses every block type, links a page and embeds a service and a document found by search, and the public sees them", async () => {
  const bins = await published("leeds", "pages", page("Bins and recycling", "bins-and-recycling"));
  await published("leeds", "services", {
    translations: { en: { title: "Report a missed bin", slug: "report-a-missed-bin", summary: "Tell us we missed it." } },
    lgsl: [524],
  });
  const budget = await uploaded("leeds", "budget-book.pdf", "application/pdf", PDF, { title: "Budget book 2026" });

  const { context, blocked } = await offlineContext(browser);
  const tab = await context.newPage();
  const problems = [];
  tab.on("pageerror", (e) => problems.push(e.message));
  await signIn(tab, "editor@leeds.test");
  await tab.getByRole("heading", { name: "Dashboard" }).waitFor();
  await tab.goto(`${townhall.url}/admin/c/leeds/pages/new`);
  await tab.getByRole("heading", { name: "Create a page" }).waitFor();
  await tab.getByLabel("Title").fill("Household waste");
  await tab.getByLabel("Address").fill("household-waste");
  const add = async (type) => {
    await tab.getByLabel("Block to add", { exact: true }).selectOption(type);
    await tab.getByRole("button", { name: "Add block", exact: true }).click();
  };

  // 1: a paragraph with bold text and a link to a page found by a word it starts with.
  await add("paragraph");
  await tab.getByLabel("Paragraph text (block 1)").fill("Put **paper** out on _Monday_. See");
  await tab.getByLabel("Add a link to a page or service (block 1)").fill("recycl");
  await tab.getByLabel("Add a link to a page or service (block 1)").press("Enter");
  await tab.getByRole("button", { name: "Choose Bins and recycling" }).click();
  await valueIs(tab.getByLabel("Paragraph text (block 1)"), "Put **paper** out on _Monday_. See [Bins and recycling](/bins-and-recycling)");
  // 2: a table.
  await add("table");
  await tab.getByLabel("Table caption (block 2)").fill("Collection days");
  await tab.getByLabel("Column headings (block 2)").fill("Area | Day");
  await tab.getByLabel("Rows (block 2)").fill("Headingley | Monday\nRoundhay | Tuesday");
  // 3: contact details.
  await add("contact");
  await tab.getByLabel("Team or office (block 3)").fill("Waste team");
  await tab.getByLabel("Phone (block 3)").fill("0113 222 4406");
  // 4: an accordion with two sections, each with a block of its own.
  await add("accordion");
  await tab.getByLabel("Section heading (block 4, section 1)").fill("Garden waste");
  await tab.getByLabel("Paragraph text (block 4, section 1, block 1)").fill("Brown bins, March to November.");
  await tab.getByRole("button", { name: "Add a section to block 4" }).click();
  await tab.getByLabel("Section heading (block 4, section 2)").fill("Bulky waste");
  await tab.getByLabel("Paragraph text (block 4, section 2, block 1)").fill("Book a collection.");
  await tab.getByLabel("Block to add to block 4, section 2").selectOption("list");
  await tab.getByRole("button", { name: "Add block to block 4, section 2" }).click();
  await tab.getByLabel("List items, one per line (block 4, section 2, block 2)").fill("Sofas\nFridges");
  // An accordion cannot hold another: the nested choice leaves it out.
  const nestedTypes = await tab.getByLabel("Block to add to block 4, section 1").locator("option").allTextContents();
  assert.ok(!nestedTypes.some((t) => t.startsWith("Accordion")), nestedTypes.join(", "));
  // 5: an embedded service found by search; 6: an embedded document from the library.
  await add("embed");
  await tab.getByLabel("Find a service (block 5)").fill("missed");
  await tab.getByRole("button", { name: "Find (Find a service (block 5))" }).click();
  await tab.getByRole("button", { name: "Choose Report a missed bin" }).click();
  await tab.getByText("Chosen: Report a missed bin").waitFor();
  await add("embed");
  await tab.getByLabel("Links to (block 6)").selectOption("document");
  await tab.getByLabel("Find a document (block 6)").fill("BUDGET");
  await tab.getByLabel("Find a document (block 6)").press("Enter");
  await tab.getByRole("button", { name: "Choose Budget book 2026" }).click();
  await tab.getByText("Chosen: Budget book 2026").waitFor();
  // 7: a warning callout with a title.
  await add("callout");
  await tab.getByLabel("Callout kind (block 7)").selectOption("warning");
  await tab.getByLabel("Callout title (block 7)").fill("Christmas");
  await tab.getByLabel("Callout text (block 7)").fill("Collections move by a day.");
  await check(tab, "block-editor-every-type");
  await tab.getByRole("button", { name: "Save draft" }).click();
  await tab.getByText("The page was saved as a draft.").waitFor();

  // What was saved is the API's vocabulary, block by block.
  const list = await api(townhall, "GET", "/api/v1/councils/leeds/pages?q=household", { token: adminToken });
  const id = list.body.items[0].id;
  const item = await api(townhall, "GET", `/api/v1/councils/leeds/pages/${id}`, { token: adminToken });
  const body = item.body.content.translations.en.body;
  assert.deepEqual(body.map((b) => b.type), ["paragraph", "table", "contact", "accordion", "embed", "embed", "callout"]);
  assert.deepEqual(body[0].content, [
    { text: "Put " },
    { text: "paper", bold: true },
    { text: " out on " },
    { text: "Monday", italic: true },
    { text: ". See " },
    { text: "Bins and recycling", link: "/bins-and-recycling" },
  ]);
  assert.deepEqual(body[1], { type: "table", caption: "Collection days", header: ["Area", "Day"], rows: [["Headingley", "Monday"], ["Roundhay", "Tuesday"]] });
  assert.deepEqual(body[2], { type: "contact", name: "Waste team", phone: "0113 222 4406" });
  assert.deepEqual(body[3].sections.map((s) => [s.heading, s.body.map((b) => b.type)]), [["Garden waste", ["paragraph"]], ["Bulky waste", ["paragraph", "list"]]]);
  assert.deepEqual(body[4].target, "service");
  assert.deepEqual([body[5].target, body[5].id], ["document", budget.id]);
  assert.deepEqual([body[6].style, body[6].title], ["warning", "Christmas"]);

  // The preview renders it as the public will see it.
  await tab.getByRole("link", { name: "Preview" }).click();
  await tab.getByRole("heading", { name: "Household waste", level: 1 }).waitFor();
  await tab.getByRole("link", { name: "Bins and recycling" }).waitFor();
  await tab.getByRole("cell", { name: "Roundhay" }).waitFor();
  // The accordion's sections open when their heading is clicked.
  assert.equal(await tab.getByText("Brown bins, March to November.").isVisible(), false);
  await tab.getByText("Garden waste", { exact: true }).click();
  await tab.getByText("Brown bins, March to November.").waitFor();
  await tab.getByRole("link", { name: /Report a missed bin/ }).waitFor();
  await tab.getByRole("link", { name: /Budget book 2026/ }).waitFor();
  await check(tab, "preview-every-block");

  // Published, the delivery API serves the same HTML.
  const current = await api(townhall, "GET", `/api/v1/councils/leeds/pages/${id}`, { token: adminToken });
  await api(townhall, "POST", `/api/v1/councils/leeds/pages/${id}/publish`, { token: adminToken, ifMatch: current.etag });
  const route = await api(townhall, "GET", "/delivery/v1/councils/leeds/route?path=/household-waste");
  const html = route.body.item?.body_html ?? route.body.body_html;
  for (const part of ["<strong>paper</strong>", "<em>Monday</em>", 'href="/bins-and-recycling"', "<caption>Collection days</caption>", "Headingley", "0113 222 4406", "Bulky waste", "Fridges", "Report a missed bin", "Budget book 2026", "Christmas"])
    assert.ok(html.includes(part), `${part} in ${html}`);
  assert.ok(bins);
  assert.deepEqual(blocked, [], "nothing loaded from outside this machine");
  assert.deepEqual(problems, [], "no script errors");
  await context.close();
});

test("a Welsh council's admin builds the main menu with nested links to a page, a service and a web address, and front-ends read it in both languages", async () => {
  const council = await published("cardiff", "pages", { translations: { en: { title: "Council tax", slug: "council-tax", body: [] }, cy: { title: "Treth gyngor", slug: "treth-gyngor", body: [] } } });
  await published("cardiff", "services", { translations: { en: { title: "Pay council tax", slug: "pay-council-tax" }, cy: { title: "Talu treth gyngor", slug: "talu-treth-gyngor" } }, lgsl: [13] });
  const { context } = await offlineContext(browser);
  const tab = await context.newPage();
  await signIn(tab, "boss@cardiff.test");
  await tab.getByRole("heading", { name: "Dashboard" }).waitFor();
  await tab.getByRole("link", { name: "Menus" }).click();
  await tab.getByRole("link", { name: "Create a menu" }).click();
  await tab.getByRole("heading", { name: "Create a menu" }).waitFor();
  await tab.getByLabel("Menu name").fill("main");

  // Link 1: a page found by search; its label comes from the page's title until the editor changes it.
  await tab.getByRole("button", { name: "Add a link", exact: true }).click();
  await tab.getByLabel("Find a page (link 1)").fill("council");
  await tab.getByLabel("Find a page (link 1)").press("Enter");
  await tab.getByRole("button", { name: "Choose Council tax" }).click();
  await valueIs(tab.getByLabel("Label (link 1)", { exact: true }), "Council tax");
  await tab.getByLabel("Welsh label (link 1)").fill("Treth gyngor");
  // Link 1.1, under it: a service.
  await tab.getByRole("button", { name: "Add a link under link 1" }).click();
  await tab.getByLabel("Label (link 1.1)", { exact: true }).fill("Pay it");
  await tab.getByLabel("Links to (link 1.1)").selectOption("service");
  await tab.getByLabel("Find a service (link 1.1)").fill("pay");
  await tab.getByLabel("Find a service (link 1.1)").press("Enter");
  await tab.getByRole("button", { name: "Choose Pay council tax" }).click();
  await tab.getByText("Chosen: Pay council tax").waitFor();
  // Link 2: a web address, saved first without one: the API's message lands at the field.
  await tab.getByRole("button", { name: "Add a link", exact: true }).click();
  await tab.getByLabel("Label (link 2)", { exact: true }).fill("Contact us");
  await tab.getByLabel("Links to (link 2)").selectOption("url");
  await tab.getByLabel("Web address (link 2)").fill("not an address");
  await tab.getByRole("button", { name: "Save draft" }).click();
  await tab.getByRole("alert").filter({ hasText: "There is a problem" }).waitFor();
  await tab.locator("#f-items-1-url-error").waitFor();
  await check(tab, "menu-editor-error");
  await tab.getByLabel("Web address (link 2)").fill("https://www.cardiff.gov.uk/contact");
  // Reordered: the web address goes first.
  await tab.getByRole("button", { name: "Move up link 2" }).click();
  await valueIs(tab.getByLabel("Label (link 1)", { exact: true }), "Contact us");
  await tab.getByRole("button", { name: "Save draft" }).click();
  await tab.getByText("The menu was saved as a draft.").waitFor();
  await tab.getByRole("button", { name: "Publish" }).click();
  await tab.getByText("The menu is published").waitFor();
  await check(tab, "menu-editor");

  const en = await api(townhall, "GET", "/delivery/v1/councils/cardiff/menus/main");
  const links = (items) => items.map((i) => [i.label, i.url ?? i.path, links(i.children ?? [])]);
  assert.deepEqual(links(en.body.items), [
    ["Contact us", "https://www.cardiff.gov.uk/contact", []],
    ["Council tax", "/council-tax", [["Pay it", "/services/pay-council-tax", []]]],
  ]);
  const cy = await api(townhall, "GET", "/delivery/v1/councils/cardiff/menus/main?locale=cy");
  assert.deepEqual(cy.body.items.map((i) => i.label), ["Contact us", "Treth gyngor"], "a Welsh label where given, else the English one");
  assert.ok(council);
  await context.close();
});

test("an admin deletes a page and restores it from the deleted pages, filters pages by topic and parent, and deletes, restores and purges a file", async () => {
  const topic = await published("leeds", "topics", { translations: { en: { name: "Parking", slug: "parking" } } });
  const parent = await published("leeds", "pages", page("Parking and roads", "parking-and-roads"));
  await published("leeds", "pages", { ...page("Parking permits", "parking-permits"), parent_id: parent, topics: [topic] });
  await published("leeds", "pages", page("Potholes", "potholes"));
  const file = await uploaded("leeds", "old-leaflet.pdf", "application/pdf", PDF, { title: "Old parking leaflet" });
  const { context } = await offlineContext(browser);
  const tab = await context.newPage();
  await signIn(tab, "boss@leeds.test");
  await tab.getByRole("heading", { name: "Dashboard" }).waitFor();
  await tab.goto(`${townhall.url}/admin/c/leeds/pages`);
  const rows = async () => (await tab.locator("tbody tr td:first-child").allTextContents()).map((t) => t.trim()).sort();
  // The list changes once its new page arrives.
  const rowsAre = async (expected) => {
    await eventually("the list to change", async () => JSON.stringify(await rows()) === JSON.stringify(expected)).catch(() => {});
    assert.deepEqual(await rows(), expected);
  };

  // Filters: by topic, then by parent page.
  await tab.getByLabel("Topic").selectOption({ label: "Parking" });
  await rowsAre(["Parking permits"]);
  await tab.getByLabel("Topic").selectOption({ label: "Any topic" });
  await tab.getByRole("link", { name: "Potholes" }).waitFor();
  await tab.getByLabel("Under the page").selectOption({ label: "Parking and roads" });
  await rowsAre(["Parking permits"]);
  await check(tab, "pages-filtered");
  await tab.getByLabel("Under the page").selectOption({ label: "Anywhere" });
  await tab.getByRole("link", { name: "Potholes" }).waitFor();

  // Delete, with a confirmation; the page leaves the public site and the list.
  await tab.getByRole("link", { name: "Potholes" }).click();
  await tab.getByRole("button", { name: "Delete this page" }).click();
  await check(tab, "delete-confirmation");
  await tab.getByRole("button", { name: "Yes, delete it" }).click();
  await tab.getByText("“Potholes” was deleted. It can be restored from the deleted items.").waitFor();
  await api(townhall, "GET", "/delivery/v1/councils/leeds/route?path=/potholes", { expect: [410] });
  await tab.getByLabel("Show").selectOption("deleted");
  await tab.getByRole("button", { name: "Restore Potholes" }).click();
  await tab.getByText("“Potholes” was restored and is live again.").waitFor();
  await check(tab, "deleted-pages");
  await api(townhall, "GET", "/delivery/v1/councils/leeds/route?path=/potholes");

  // A file: deleted, found among the deleted files by its title, restored, deleted again and purged.
  await tab.goto(`${townhall.url}/admin/c/leeds/media`);
  await tab.getByRole("button", { name: "Delete Old parking leaflet" }).click();
  await tab.getByText("was deleted").waitFor();
  await api(townhall, "GET", new URL(file.url).pathname, { expect: [404] });
  await tab.getByLabel("Show").selectOption("deleted");
  await tab.getByLabel("Title or file name contains").fill("leaflet");
  await tab.getByRole("button", { name: "Show files" }).click();
  await tab.getByRole("button", { name: "Restore Old parking leaflet" }).click();
  await tab.getByText("was restored: it downloads again").waitFor();
  assert.equal((await fetch(file.url)).status, 200);
  await tab.getByLabel("Show").selectOption("live");
  await tab.getByRole("button", { name: "Delete Old parking leaflet" }).click();
  await tab.getByText("was deleted").waitFor();
  await tab.getByLabel("Show").selectOption("deleted");
  await tab.getByRole("button", { name: "Purge Old parking leaflet" }).click();
  await check(tab, "purge-confirmation");
  await tab.getByRole("button", { name: "Yes, purge it" }).click();
  await tab.getByText("was purged").waitFor();
  await api(townhall, "GET", `/api/v1/councils/leeds/media/${file.id}/usage`, { token: adminToken, expect: [404] });
  await context.close();
});

test("a council admin changes a member's role and removes a member, and is stopped from demoting the last admin", async () => {
  await member(townhall, adminToken, "leeds", "viewer@leeds.test", "viewer");
  const { context } = await offlineContext(browser);
  const tab = await context.newPage();
  await signIn(tab, "boss@leeds.test");
  await tab.getByRole("heading", { name: "Dashboard" }).waitFor();
  await tab.goto(`${townhall.url}/admin/c/leeds/members`);
  await tab.getByRole("heading", { name: "Members" }).waitFor();
  await tab.getByLabel("Role of viewer").selectOption("editor");
  await tab.getByRole("button", { name: "Change role of viewer" }).click();
  await tab.getByText("viewer is now editor.").waitFor();
  await check(tab, "members");
  // The only admin cannot become an editor: the API's reason is shown and nothing changes.
  await tab.getByLabel("Role of boss").selectOption("editor");
  await tab.getByRole("button", { name: "Change role of boss" }).click();
  await tab.getByRole("alert").filter({ hasText: "There is a problem" }).waitFor();
  await tab.getByRole("alert").getByText(/admin/i).waitFor();
  // Removal asks first.
  await tab.getByRole("button", { name: "Remove viewer" }).click();
  await tab.getByRole("button", { name: "Yes, remove viewer" }).click();
  await tab.getByText("viewer no longer has access to this council.").waitFor();
  const members = await api(townhall, "GET", "/api/v1/councils/leeds/members", { token: adminToken });
  assert.deepEqual(members.body.items.map((m) => [m.email, m.role]).sort(), [["boss@leeds.test", "admin"], ["editor@leeds.test", "editor"]]);
  await context.close();
});

test("what an editor types while an image uploads is kept when the upload ends", async () => {
  const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDwHwAF/wH/3gkIvgAAAABJRU5ErkJggg==", "base64");
  const context = await browser.newContext();
  const tab = await context.newPage();
  await signIn(tab, "editor@leeds.test");
  await tab.getByRole("heading", { name: "Dashboard" }).waitFor();
  await tab.goto(`${townhall.url}/admin/c/leeds/pages/new`);
  await tab.getByLabel("Title").fill("Street lights");
  await tab.getByLabel("Address").fill("street-lights");
  await tab.getByLabel("Block to add", { exact: true }).selectOption("image");
  await tab.getByRole("button", { name: "Add block", exact: true }).click();
  await tab.getByLabel("Alternative text (block 1)").fill("A street light");
  // A slow connection: the upload takes two seconds, in which the editor goes on writing.
  const cdp = await context.newCDPSession(tab);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 2000, downloadThroughput: -1, uploadThroughput: -1 });
  await tab.getByLabel("Upload an image (block 1)").setInputFiles({ name: "light.png", mimeType: "image/png", buffer: PNG });
  await tab.getByLabel("Title").fill("Street lights and lamps");
  await tab.getByLabel("Block to add", { exact: true }).selectOption("paragraph");
  await tab.getByRole("button", { name: "Add block", exact: true }).click();
  await tab.getByLabel("Paragraph text (block 2)").fill("Report a broken light.");
  await tab.getByText("Image: light.png").waitFor();
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  assert.equal(await tab.getByLabel("Title").inputValue(), "Street lights and lamps");
  assert.equal(await tab.getByLabel("Paragraph text (block 2)").inputValue(), "Report a broken light.");
  await tab.getByRole("button", { name: "Save draft" }).click();
  await tab.getByText("The page was saved as a draft.").waitFor();
  const list = await api(townhall, "GET", "/api/v1/councils/leeds/pages?q=lamps", { token: adminToken });
  const item = await api(townhall, "GET", `/api/v1/councils/leeds/pages/${list.body.items[0].id}`, { token: adminToken });
  const body = item.body.content.translations.en.body;
  assert.deepEqual(body.map((b) => b.type), ["image", "paragraph"]);
  assert.ok(body[0].media_id, "the uploaded image is in its block");
  await context.close();
});
