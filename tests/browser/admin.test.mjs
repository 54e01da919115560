// Townhall Admin, used as editors use it: signing in, writing a page with an uploaded image, review and publication,
// two people editing the same page, and axe-core's WCAG 2.2 A and AA checks on every screen on the way.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import {
  PASSWORD,
  accessibilityViolations,
  api,
  eventually,
  launch,
  member,
  offlineContext,
  platformAdmin,
  startTownhall,
  tabTo,
} from "./harness.mjs";

/** A 2x1 PNG (one red, one blue pixel). */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDwHwAF/wH/3gkIvgAAAABJRU5ErkJggg==",
  "base64"
);

let townhall, browser, adminToken;
const screens = process.env.SCREENSHOTS;
if (screens) mkdirSync(screens, { recursive: true });

before(async () => {
  // Webhooks may call this machine (a receiver the settings test starts), and jobs run often.
  townhall = await startTownhall({ TOWNHALL_WEBHOOKS_ALLOW_PRIVATE: "true", TOWNHALL_JOBS_INTERVAL_MS: "300" });
  adminToken = await platformAdmin(townhall, "admin@york.test");
  await api(townhall, "POST", "/api/v1/councils", {
    token: adminToken,
    body: { slug: "york", name: "City of York Council", nation: "england" },
  });
  await member(townhall, adminToken, "york", "editor@york.test", "editor");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await townhall?.stop();
});

/** Checks the screen with axe-core and keeps a screenshot when asked to. */
async function check(page, name) {
  assert.deepEqual(await accessibilityViolations(page), [], `axe on ${name}`);
  if (screens) await page.screenshot({ path: `${screens}/admin-${name}.png`, fullPage: true });
}

async function signIn(page, email) {
  await page.goto(`${townhall.url}/admin/`);
  await page.getByRole("heading", { name: "Sign in to Townhall Admin" }).waitFor();
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an editor writes a page with an image, submits it, an admin publishes it and the public reads it", async () => {
  const { context, blocked } = await offlineContext(browser);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));

  await page.goto(`${townhall.url}/admin/`);
  await page.getByRole("heading", { name: "Sign in to Townhall Admin" }).waitFor();
  await check(page, "sign-in");
  // A wrong password is refused with the API's message in an error summary.
  await page.getByLabel("Email address").fill("editor@york.test");
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").getByText(/incorrect|not correct|invalid/i).waitFor();
  await check(page, "sign-in-error");

  // The editor, a member of one council, lands on its dashboard.
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await check(page, "dashboard");
  // The session survives a reload: the cookie gives a new access token, and nothing is in web storage.
  await page.reload();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.equal(storage, "{}{}", "no token in web storage");
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "townhall_session");
  assert.ok(session?.httpOnly, "the session cookie is HttpOnly");
  assert.equal(session.sameSite, "Strict");
  assert.equal(session.path, "/api/v1/auth");

  await page.getByRole("link", { name: "Pages" }).click();
  await page.getByRole("heading", { name: "Pages" }).waitFor();
  await check(page, "pages");
  await page.getByRole("link", { name: "Create a page" }).click();
  await page.getByRole("heading", { name: "Create a page" }).waitFor();

  // Saved without an address: the API's field error is shown at the field and in the summary.
  await page.getByLabel("Title").fill("Recycling centres");
  await page.getByRole("button", { name: "Save draft" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await summary.waitFor();
  await check(page, "editor-error");

  await page.getByLabel("Address").fill("recycling-centres");
  await page.getByLabel("Summary").fill("Opening times and what each centre takes");
  await page.getByLabel("Block to add").selectOption("heading");
  await page.getByRole("button", { name: "Add block" }).click();
  await page.getByLabel("Heading text (block 1)").fill("Opening times");
  await page.getByLabel("Block to add").selectOption("paragraph");
  await page.getByRole("button", { name: "Add block" }).click();
  await page.getByLabel("Paragraph text (block 2)").fill("Every centre is open from 8am to 6pm.");
  await page.getByLabel("Block to add").selectOption("image");
  await page.getByRole("button", { name: "Add block" }).click();
  await page.getByLabel("Alternative text (block 3)").fill("Map of the Hazel Court centre");
  await page.getByLabel("Upload an image (block 3)").setInputFiles({ name: "map.png", mimeType: "image/png", buffer: PNG });
  await page.getByText("Image: map.png").waitFor();
  // Reordering: the paragraph goes above the heading and back.
  await page.getByRole("button", { name: "Move up block 2" }).click();
  assert.equal(await page.getByLabel("Paragraph text (block 1)").inputValue(), "Every centre is open from 8am to 6pm.");
  await page.getByRole("button", { name: "Move down block 1" }).click();
  await page.getByRole("button", { name: "Save draft" }).click();
  await page.getByText("The page was saved as a draft.").waitFor();
  await check(page, "editor");
  await page.getByRole("button", { name: "Submit for review" }).click();
  await page.getByText("The page was sent for review.").waitFor();
  assert.equal(await page.getByRole("button", { name: "Publish" }).count(), 0, "an editor may not publish");
  const pageUrl = page.url();

  // Preview: the working copy as the public will see it, through the delivery API with the editor's token.
  await page.getByRole("link", { name: "Preview" }).click();
  await page.getByRole("heading", { level: 1, name: "Recycling centres" }).waitFor();
  await page.getByRole("heading", { level: 2, name: "Opening times" }).waitFor();
  await page.getByRole("img", { name: "Map of the Hazel Court centre" }).waitFor();
  await check(page, "preview");
  const unpublished = await fetch(`${townhall.url}/delivery/v1/councils/york/route?path=/recycling-centres`);
  assert.equal(unpublished.status, 404, "the public does not see it yet");
  await page.getByRole("link", { name: "Back to editing" }).click();
  await page.getByRole("heading", { name: "Edit “Recycling centres”" }).waitFor();

  // The admin publishes it from their own session.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, "admin@york.test");
  await adminPage.getByRole("heading", { name: "Your councils" }).waitFor();
  await check(adminPage, "councils");
  await adminPage.goto(pageUrl);
  await adminPage.getByRole("button", { name: "Publish" }).click();
  await adminPage.getByText("The page is published.").waitFor();
  await adminContext.close();

  // The public reads it over REST delivery and GraphQL, image included.
  const route = await fetch(`${townhall.url}/delivery/v1/councils/york/route?path=/recycling-centres`).then((r) => r.json());
  assert.equal(route.item.title, "Recycling centres");
  assert.match(route.item.body_html, /<h2[^>]*>Opening times<\/h2>/);
  assert.match(route.item.body_html, /alt="Map of the Hazel Court centre"/);
  const graphql = await fetch(`${townhall.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: '{ council(slug: "york") { page(path: "/recycling-centres") { title summary } } }' }),
  }).then((r) => r.json());
  assert.equal(graphql.data.council.page.summary, "Opening times and what each centre takes");

  // Signing out ends the session: a reload asks to sign in again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in to Townhall Admin" }).waitFor();
  await page.reload();
  await page.getByRole("heading", { name: "Sign in to Townhall Admin" }).waitFor();

  assert.deepEqual(blocked, [], "the admin app loads nothing from elsewhere");
  assert.deepEqual(problems, []);
  await context.close();
});

test("two people edit the same page: the second save is shown the other version and loses nothing", async () => {
  const created = await api(townhall, "POST", "/api/v1/councils/york/pages", {
    token: adminToken,
    body: { content: { translations: { en: { title: "Council tax", slug: "council-tax" } } } },
  });
  const address = `${townhall.url}/admin/c/york/pages/${created.body.id}`;
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  for (const page of [first, second]) {
    await signIn(page, "editor@york.test");
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.goto(address);
    await page.getByRole("heading", { name: "Edit “Council tax”" }).waitFor();
  }
  await first.getByLabel("Summary").fill("Bands and how to pay");
  await first.getByRole("button", { name: "Save draft" }).click();
  await first.getByText("Your changes were saved.").waitFor();

  await second.getByLabel("Summary").fill("Discounts and exemptions");
  await second.getByRole("button", { name: "Save draft" }).click();
  await second.getByRole("heading", { name: "Someone else saved this page first" }).waitFor();
  assert.equal(await second.getByLabel("Summary").inputValue(), "Discounts and exemptions", "nothing is lost");
  const differs = second.getByRole("table", { name: "What differs" });
  assert.match(await differs.getByRole("row", { name: /Summary/ }).innerText(), /Bands and how to pay\s+Discounts and exemptions/);
  await check(second, "conflict");
  const stored = await api(townhall, "GET", `/api/v1/councils/york/pages/${created.body.id}`, { token: adminToken });
  assert.equal(stored.body.content.translations.en.summary, "Bands and how to pay", "no silent overwrite");

  await second.getByRole("button", { name: "Save my version over theirs" }).click();
  await second.getByText("Your changes were saved.").waitFor();
  const after = await api(townhall, "GET", `/api/v1/councils/york/pages/${created.body.id}`, { token: adminToken });
  assert.equal(after.body.content.translations.en.summary, "Discounts and exemptions");
});

test("the history shows a readable diff between revisions and restores one after confirmation", async () => {
  const created = await api(townhall, "POST", "/api/v1/councils/york/pages", {
    token: adminToken,
    body: { content: { translations: { en: { title: "Parking permits", slug: "parking-permits" } } } },
  });
  const id = created.body.id;
  await api(townhall, "PUT", `/api/v1/councils/york/pages/${id}`, {
    token: adminToken,
    ifMatch: created.etag,
    body: { content: { translations: { en: { title: "Resident parking permits", slug: "parking-permits" } } }, note: "Clearer title" },
  });
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "editor@york.test");
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.goto(`${townhall.url}/admin/c/york/pages/${id}`);
  await page.getByRole("link", { name: "History" }).click();
  await page.getByRole("heading", { name: "History of “Resident parking permits”" }).waitFor();
  await page.getByRole("cell", { name: "Clearer title" }).waitFor();
  await page.getByRole("button", { name: "Compare" }).click();
  const changes = page.getByRole("table", { name: /Changes from revision 1 to revision 2/ });
  await changes.waitFor();
  const row = changes.getByRole("row", { name: /English: title/ });
  assert.match(await row.innerText(), /Parking permits\s+Resident parking permits/);
  await check(page, "history");

  await page.getByRole("button", { name: "Restore revision 1" }).click();
  await page.getByRole("alertdialog").waitFor();
  await page.getByRole("button", { name: "Yes, restore revision 1" }).click();
  await page.getByText("Revision 1 was restored as the newest draft.").waitFor();
  const after = await api(townhall, "GET", `/api/v1/councils/york/pages/${id}`, { token: adminToken });
  assert.equal(after.body.content.translations.en.title, "Parking permits");
  assert.equal(after.body.latest_revision, 3, "restoring adds a revision; nothing is lost");
  await page.context().close();
});

test("a 20 MB PDF uploads with a progress bar into the library, and an HTML file is refused with the API's message", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "editor@york.test");
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.getByRole("link", { name: "Media library" }).click();
  await page.getByRole("heading", { name: "Media library" }).waitFor();
  await check(page, "media");

  // A real PDF of about 20 MB (its bulk in a stream the text extractor skips).
  const filler = Buffer.alloc(20 * 1024 * 1024, 0x41);
  const pdf = Buffer.concat([
    Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n2 0 obj << /Length " + filler.length + " >>\nstream\n"),
    filler,
    Buffer.from("\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
  ]);
  // Slow the upload (Chromium's DevTools protocol), or it ends before a bar can be seen.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 4 * 1024 * 1024,
  });
  await page.getByLabel("Files", { exact: true }).setInputFiles([
    { name: "budget-book.pdf", mimeType: "application/pdf", buffer: pdf },
    { name: "page.html", mimeType: "text/html", buffer: Buffer.from("<!DOCTYPE html><html><body>x</body></html>") },
  ]);
  await page.getByRole("button", { name: "Upload" }).click();
  const bar = page.getByRole("progressbar", { name: "budget-book.pdf" });
  await bar.waitFor();
  let seen = 0;
  for (let i = 0; i < 200 && seen === 0; i++) {
    const value = Number(await bar.getAttribute("value"));
    if (value > 0 && value < 100) seen = value;
    await page.waitForTimeout(25);
  }
  assert.ok(seen > 0 && seen < 100, `the bar moved part way (${seen}%)`);
  await page.getByText("1 of 2 files uploaded.").waitFor({ timeout: 60_000 });
  await page.getByText(/page\.html: .*(type|accepted|refused)/i).waitFor();
  await page.getByRole("link", { name: "budget-book.pdf" }).waitFor();
  // The image of the first test's page is used there.
  await page.getByRole("button", { name: "Where used map.png" }).click();
  await page.getByRole("region", { name: "Where map.png is used" }).getByText("Recycling centres (page)").waitFor();
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await check(page, "media-uploaded");
  await context.close();
});


test("the whole of writing and submitting a page works with the keyboard alone", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${townhall.url}/admin/`);
  await page.getByRole("heading", { name: "Sign in to Townhall Admin" }).waitFor();
  await tabTo(page, "Email address");
  await page.keyboard.type("editor@york.test");
  await tabTo(page, "Password");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await tabTo(page, "Pages");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Pages" }).waitFor();
  await tabTo(page, "Create a page");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Create a page" }).waitFor();
  await tabTo(page, "Title");
  await page.keyboard.type("Garden waste");
  await tabTo(page, "Address");
  await page.keyboard.type("garden-waste");
  await tabTo(page, "Summary");
  await page.keyboard.type("Brown bin collections");
  // A heading block: the select moves with the arrow keys, the button with Enter.
  await tabTo(page, "Block to add");
  await page.keyboard.press("ArrowUp");
  await tabTo(page, "Add block");
  await page.keyboard.press("Enter");
  await page.getByLabel("Heading text (block 1)").waitFor();
  await tabTo(page, "Heading text (block 1)");
  await page.keyboard.type("Subscribe");
  await tabTo(page, "Block to add");
  await page.keyboard.press("ArrowDown");
  await tabTo(page, "Add block");
  await page.keyboard.press("Enter");
  await page.getByLabel("Paragraph text (block 2)").waitFor();
  await tabTo(page, "Paragraph text (block 2)");
  await page.keyboard.type("Collections run from March to November.");
  await tabTo(page, "Block to add");
  // Typing a letter picks the first option that starts with it: Image.
  await page.keyboard.press("i");
  await tabTo(page, "Add block");
  await page.keyboard.press("Enter");
  await page.getByLabel("Alternative text (block 3)").waitFor();
  await tabTo(page, "Alternative text (block 3)");
  await page.keyboard.type("A brown garden waste bin");
  await tabTo(page, "Upload an image (block 3)");
  // Space on the focused file field opens the chooser. Chromium now and then lets a first press go by without
  // one (seen once in CI under load): press again until it opens, on the same field.
  const chooser = await eventually(
    "the file chooser to open from the keyboard",
    async () => {
      const opened = page.waitForEvent("filechooser", { timeout: 3000 }).catch(() => null);
      await page.keyboard.press("Space");
      return opened;
    },
    15_000,
  );
  await chooser.setFiles({ name: "bin.png", mimeType: "image/png", buffer: PNG });
  await page.getByText("Image: bin.png").waitFor();
  await tabTo(page, "Save draft");
  await page.keyboard.press("Enter");
  await page.getByText("The page was saved as a draft.").waitFor();
  await tabTo(page, "Submit for review");
  await page.keyboard.press("Enter");
  await page.getByText("The page was sent for review.").waitFor();
  const list = await api(townhall, "GET", "/api/v1/councils/york/pages?status=in_review", { token: adminToken });
  const saved = list.body.items.find((i) => i.title === "Garden waste");
  assert.ok(saved, "submitted");
  const item = await api(townhall, "GET", `/api/v1/councils/york/pages/${saved.id}`, { token: adminToken });
  assert.deepEqual(
    item.body.content.translations.en.body.map((b) => b.type),
    ["heading", "paragraph", "image"]
  );
  await context.close();

  // The admin publishes it, by keyboard too; then the public reads it.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto(`${townhall.url}/admin/c/york/pages/${saved.id}`);
  await admin.getByRole("heading", { name: "Sign in to Townhall Admin" }).waitFor();
  await tabTo(admin, "Email address");
  await admin.keyboard.type("admin@york.test");
  await tabTo(admin, "Password");
  await admin.keyboard.type(PASSWORD);
  await admin.keyboard.press("Enter");
  await admin.getByRole("heading", { name: "Edit “Garden waste”" }).waitFor();
  await tabTo(admin, "Publish");
  await admin.keyboard.press("Enter");
  await admin.getByText("The page is published.").waitFor();
  const route = await fetch(`${townhall.url}/delivery/v1/councils/york/route?path=/garden-waste`).then((r) => r.json());
  assert.equal(route.item.title, "Garden waste");
  await adminContext.close();
});

test("an admin schedules publication in London time and archives a page", async () => {
  const created = await api(townhall, "POST", "/api/v1/councils/york/pages", {
    token: adminToken,
    body: { content: { translations: { en: { title: "Summer events", slug: "summer-events" } } } },
  });
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "admin@york.test");
  await page.getByRole("heading", { name: "Your councils" }).waitFor();
  await page.goto(`${townhall.url}/admin/c/york/pages/${created.body.id}`);
  await page.getByRole("heading", { name: "Edit “Summer events”" }).waitFor();
  await page.getByLabel("Publish at (London time)").fill("2027-07-01T09:00");
  await page.getByRole("button", { name: "Save schedule" }).click();
  await page.getByText("The schedule was saved.").waitFor();
  await page.getByText("Goes live on 1 July 2027 at 09:00 (London time).").waitFor();
  await check(page, "schedule");
  const scheduled = await api(townhall, "GET", `/api/v1/councils/york/pages/${created.body.id}`, { token: adminToken });
  assert.equal(new Date(scheduled.body.publish_at).toISOString(), "2027-07-01T08:00:00.000Z", "09:00 BST is 08:00 UTC");
  await page.getByRole("button", { name: "Archive" }).click();
  await page.getByText("The page was archived: off the site, kept for the record.").waitFor();
  await page.getByRole("button", { name: "Bring back from the archive" }).waitFor();
  await page.context().close();
});

test("an admin sets the council's details, creates an API token shown once, and adds a webhook", async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "admin@york.test");
  await page.getByRole("heading", { name: "Your councils" }).waitFor();
  await page.getByRole("link", { name: "City of York Council" }).click();
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("heading", { name: "Settings" }).waitFor();
  await page.getByLabel("Website address").fill("www.york.gov.uk");
  await page.getByRole("button", { name: "Save details" }).click();
  await page.getByRole("alert").filter({ hasText: "There is a problem" }).waitFor();
  await page.getByLabel("Website address").fill("https://www.york.gov.uk");
  await page.getByRole("button", { name: "Save details" }).click();
  await page.getByText("The council's details were saved.").waitFor();

  await page.getByLabel("Token name").fill("Website preview");
  await page.getByLabel("Preview drafts").check();
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.locator("#new-token").innerText();
  assert.match(token, /^tht_/);
  await page.getByRole("button", { name: "Copy token" }).click();
  await page.getByRole("status").filter({ hasText: "Copied." }).waitFor();
  await page.getByRole("cell", { name: "Website preview", exact: true }).waitFor();
  // The token works, for what it may do.
  const preview = await fetch(`${townhall.url}/delivery/v1/councils/york/pages?preview=true`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(preview.status, 200);

  // A site builder's receiver on this machine.
  const received = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push(body);
      res.end("ok");
    });
  });
  await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
  await page.getByLabel("Address to notify").fill(`http://127.0.0.1:${receiver.address().port}/townhall`);
  await page.getByRole("button", { name: "Add webhook" }).click();
  await page.getByRole("heading", { name: "The new webhook's signing secret" }).waitFor();
  const created = await api(townhall, "POST", "/api/v1/councils/york/pages", {
    token: adminToken,
    body: { content: { translations: { en: { title: "Libraries", slug: "libraries" } } } },
  });
  await api(townhall, "POST", `/api/v1/councils/york/pages/${created.body.id}/publish`, { token: adminToken, ifMatch: created.etag });
  const deliveries = page.getByRole("table", { name: "Deliveries" });
  // The delivery log is read when it is opened: open it again until the delivery shows as delivered.
  await eventually(
    "the delivery to show as delivered",
    async () => {
      await page.getByRole("button", { name: /Delivery log/ }).click();
      await deliveries.waitFor();
      return (await deliveries.getByRole("cell", { name: /delivered/i }).count()) > 0;
    },
    15_000,
  );
  await deliveries.getByRole("button", { name: "Send again" }).first().click();
  await eventually("the delivery sent again", () => received.length >= 2, 15_000);
  assert.equal(received.length, 2, "delivered, then sent again");
  assert.equal(JSON.parse(received[1]).item.title, "Libraries");
  receiver.close();
  await check(page, "settings");

  // After a reload, the token is not shown again.
  await page.reload();
  await page.getByRole("heading", { name: "Settings" }).waitFor();
  assert.equal(await page.locator("#new-token").count(), 0);
  const council = await api(townhall, "GET", "/api/v1/councils/york", { token: adminToken });
  assert.equal(council.body.website_url, "https://www.york.gov.uk");
  await page.context().close();
});

test("news articles and services are written in the same editor, which keeps the fields it does not show", async () => {
  const service = await api(townhall, "POST", "/api/v1/councils/york/services", {
    token: adminToken,
    body: { content: { lgsl: [524], translations: { en: { title: "Missed bin", slug: "missed-bin" } } } },
  });
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "editor@york.test");
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.getByRole("link", { name: "News", exact: true }).click();
  await page.getByRole("link", { name: "Create a news article" }).click();
  await page.getByRole("heading", { name: "Create a news article" }).waitFor();
  await page.getByLabel("Title").fill("New recycling centre opens");
  await page.getByLabel("Address").fill("new-recycling-centre");
  // An image already in the library (uploaded in the first test).
  await page.getByLabel("Block to add").selectOption("image");
  await page.getByRole("button", { name: "Add block" }).click();
  await page.getByLabel("Alternative text (block 1)").fill("The new centre's map");
  await page.getByLabel("Or choose an image from the library (block 1)").selectOption({ label: "map.png" });
  await page.getByText("Image: map.png").waitFor();
  await page.getByRole("button", { name: "Save draft" }).click();
  await page.getByText("The news article was saved as a draft.").waitFor();
  const news = await api(townhall, "GET", `/api/v1/councils/york/news/${page.url().split("/").pop()}`, { token: adminToken });
  assert.equal(news.body.content.translations.en.body[0].type, "image");

  await page.goto(`${townhall.url}/admin/c/york/services/${service.body.id}`);
  await page.getByRole("heading", { name: "Edit “Missed bin”" }).waitFor();
  await page.getByLabel("Summary").fill("Report a bin we missed");
  await page.getByRole("button", { name: "Save draft" }).click();
  await page.getByText("Your changes were saved.").waitFor();
  const saved = await api(townhall, "GET", `/api/v1/councils/york/services/${service.body.id}`, { token: adminToken });
  assert.equal(saved.body.content.translations.en.summary, "Report a bin we missed");
  assert.deepEqual(saved.body.content.lgsl, [524], "the LGSL code is kept");

  // The editor owns it and it was due for review last year: the dashboard says so.
  await page.getByLabel("Owner").selectOption({ index: 1 });
  assert.match(await page.getByLabel("Owner").locator("option:checked").innerText(), /^Me /);
  await page.getByLabel("Review by").fill("2025-11-30");
  await page.getByRole("button", { name: "Save owner and review date" }).click();
  await page.getByText("The owner and review date were saved.").waitFor();
  await page.getByRole("link", { name: "Your councils" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.getByRole("table", { name: "Due for review" }).getByRole("cell", { name: "Missed bin" }).waitFor();
  await page.getByRole("table", { name: "My drafts" }).getByRole("cell", { name: "Missed bin" }).waitFor();
  await check(page, "dashboard-review");
  await page.context().close();
});

test("a Welsh council's editor writes English and Welsh side by side, and the dashboard lists what lacks Welsh", async () => {
  await api(townhall, "POST", "/api/v1/councils", {
    token: adminToken,
    body: { slug: "cardiff", name: "Cardiff Council", nation: "wales" },
  });
  const lonely = await api(townhall, "POST", "/api/v1/councils/cardiff/pages", {
    token: adminToken,
    body: { content: { translations: { en: { title: "Parks", slug: "parks" } } } },
  });
  await api(townhall, "POST", `/api/v1/councils/cardiff/pages/${lonely.body.id}/publish`, { token: adminToken, ifMatch: lonely.etag });
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "admin@york.test");
  await page.getByRole("heading", { name: "Your councils" }).waitFor();
  await page.getByRole("link", { name: "Cardiff Council" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  const report = page.getByRole("table", { name: "Published without Welsh" });
  await report.getByRole("link", { name: "Parks" }).waitFor();
  await check(page, "dashboard-welsh");

  await page.goto(`${townhall.url}/admin/c/cardiff/pages/new`);
  await page.getByRole("heading", { name: "Cymraeg (Welsh)" }).waitFor();
  await page.getByLabel("Title", { exact: true }).fill("Libraries");
  await page.getByLabel("Address", { exact: true }).fill("libraries");
  await page.getByLabel("Welsh title").fill("Llyfrgelloedd");
  await page.getByLabel("Welsh address").fill("llyfrgelloedd");
  await page.getByLabel("Welsh block to add").selectOption("paragraph");
  await page.getByRole("button", { name: "Add Welsh block" }).click();
  await page.getByLabel("Paragraph text (Welsh block 1)").fill("Mae pob llyfrgell ar agor.");
  await page.getByRole("button", { name: "Save draft" }).click();
  await page.getByText("The page was saved as a draft.").waitFor();
  await check(page, "editor-welsh");
  const id = page.url().split("/").pop();
  const saved = await api(townhall, "GET", `/api/v1/councils/cardiff/pages/${id}`, { token: adminToken });
  assert.equal(saved.body.content.translations.cy.title, "Llyfrgelloedd");
  assert.equal(saved.body.content.translations.cy.body[0].content[0].text, "Mae pob llyfrgell ar agor.");
  await page.context().close();
});

test("an editor searches the council's content, drafts included, and changes their password", async () => {
  await api(townhall, "POST", "/api/v1/councils/york/pages", {
    token: adminToken,
    body: { content: { translations: { en: { title: "Allotments", slug: "allotments", summary: "Rent an allotment plot" } } } },
  });
  await member(townhall, adminToken, "york", "writer@york.test", "editor");
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "writer@york.test");
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.getByRole("link", { name: "Search" }).click();
  await page.getByLabel("Search the council's content, drafts included").fill("allotment");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("status").filter({ hasText: /result/ }).waitFor();
  await page.getByRole("link", { name: "Allotments" }).waitFor();
  await check(page, "search");

  await page.getByRole("link", { name: "Change password" }).click();
  await page.getByRole("heading", { name: "Change your password" }).waitFor();
  await page.getByLabel("Current password").fill("wrong password here");
  await page.getByLabel("New password").fill("writer's newer passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByRole("alert").filter({ hasText: "There is a problem" }).waitFor();
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByRole("heading", { name: "Sign in to Townhall Admin" }).waitFor();
  await page.getByLabel("Email address").fill("writer@york.test");
  await page.getByLabel("Password").fill("writer's newer passphrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.context().close();
});

test("an editor adds a redirect, and imports a CSV that is refused whole for one bad line, then accepted", async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "editor@york.test");
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.getByRole("link", { name: "Redirects" }).click();
  await page.getByRole("heading", { name: "Redirects" }).waitFor();
  await page.getByLabel("Old address", { exact: true }).fill("https://www.york.gov.uk/recycling.aspx");
  await page.getByLabel("New address", { exact: true }).fill("/recycling-centres");
  await page.getByRole("button", { name: "Add redirect" }).click();
  await page.getByText("/recycling.aspx now goes to /recycling-centres.").waitFor();
  const moved = await fetch(`${townhall.url}/delivery/v1/councils/york/route?path=/recycling.aspx`, { redirect: "manual" });
  assert.equal(moved.status, 301);

  await page.getByLabel("CSV file of old address, new address").setInputFiles({
    name: "old-site.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("from,to\n/tax.aspx,/council-tax\n/a.aspx,/recycling.aspx\n"),
  });
  await page.getByRole("button", { name: "Import redirects" }).click();
  await page.getByRole("alert").getByText(/Line 3, to: .*chain/).waitFor();
  await check(page, "redirects-error");
  await page.getByLabel("CSV file of old address, new address").setInputFiles({
    name: "old-site.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("from,to\n/tax.aspx,/council-tax\n/a.aspx,/recycling-centres\n"),
  });
  await page.getByRole("button", { name: "Import redirects" }).click();
  await page.getByText("2 redirects imported.").waitFor();
  await page.getByRole("cell", { name: "/tax.aspx", exact: true }).waitFor();
  await check(page, "redirects");
  await page.context().close();
});

test("an editor writes an alert for every page, an admin publishes it and a topic, and front-ends receive them", async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "editor@york.test");
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.getByRole("link", { name: "Alerts" }).click();
  await page.getByRole("link", { name: "Create an alert" }).click();
  await page.getByRole("heading", { name: "Create an alert" }).waitFor();
  await page.getByLabel("Title").fill("Flooding");
  await page.getByLabel("Message").fill("Several roads are closed because of flooding.");
  await page.getByLabel("Kind of alert").selectOption("emergency");
  await page.getByLabel("Link for more information").fill("/roads/flooding");
  await page.getByRole("button", { name: "Save draft" }).click();
  await page.getByText("The alert was saved as a draft.").waitFor();
  await check(page, "alert");
  const id = page.url().split("/").pop();
  await page.context().close();

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin@york.test");
  await admin.getByRole("heading", { name: "Your councils" }).waitFor();
  await admin.goto(`${townhall.url}/admin/c/york/alerts/${id}`);
  await admin.getByRole("button", { name: "Publish" }).click();
  await admin.getByText("The alert is published.").waitFor();
  // A topic, written and published the same way.
  await admin.goto(`${townhall.url}/admin/c/york/topics/new`);
  await admin.getByRole("heading", { name: "Create a topic" }).waitFor();
  await admin.getByLabel("Name").fill("Roads and travel");
  await admin.getByLabel("Address").fill("roads-and-travel");
  await admin.getByRole("button", { name: "Save draft" }).click();
  await admin.getByText("The topic was saved as a draft.").waitFor();
  await check(admin, "topic");
  await admin.getByRole("button", { name: "Publish" }).click();
  await admin.getByText("The topic is published.").waitFor();
  const topics = await fetch(`${townhall.url}/delivery/v1/councils/york/topics`).then((r) => r.json());
  assert.ok(JSON.stringify(topics).includes("Roads and travel"), JSON.stringify(topics));
  const alerts = await fetch(`${townhall.url}/delivery/v1/councils/york/alerts`).then((r) => r.json());
  const flooding = (alerts.items ?? alerts).find((a) => a.title === "Flooding");
  assert.ok(flooding, JSON.stringify(alerts));
  await admin.context().close();
});
