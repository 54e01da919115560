// The admin's session when an access token is refused: a client whose clock is a minute slow believes its
// short-lived token is still fresh, the API refuses it (401), and the app renews the token through the session cookie
// and sends the same call again, so the editor's save and upload are not lost. Access tokens live 2 seconds here, and
// the test moves the server's clock past them (TOWNHALL_DEV_CLOCK) instead of waiting.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { PASSWORD, accessibilityViolations, api, launch, member, platformAdmin, startTownhall } from "./harness.mjs";

/** A 2x1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDwHwAF/wH/3gkIvgAAAABJRU5ErkJggg==", "base64");

let townhall, browser, adminToken;

before(async () => {
  townhall = await startTownhall({ TOWNHALL_ACCESS_TOKEN_TTL_SECS: "2", TOWNHALL_DEV_CLOCK: "true" });
  adminToken = await platformAdmin(townhall, "admin@hull.test");
  await api(townhall, "POST", "/api/v1/councils", { token: adminToken, body: { slug: "hull", name: "Hull City Council", nation: "england" } });
  await member(townhall, adminToken, "hull", "editor@hull.test", "editor");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await townhall?.stop();
});

/** Moves the server's clock past the token's life and its 5 seconds of leeway (signed in afresh: the last
 * administrator's token has expired by the same move). */
const tokenExpires = async () => {
  const { body } = await api(townhall, "POST", "/api/v1/auth/login", { body: { email: "admin@hull.test", password: PASSWORD } });
  await api(townhall, "POST", "/dev/clock", { token: body.access_token, body: { advance_secs: 10 } });
};

test("a save and an upload whose access token the API refuses are sent again after the session renews it, and nothing typed is lost", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const answers = [];
  page.on("response", (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith("/api/v1/")) answers.push(`${r.request().method()} ${url.pathname} ${r.status()}`);
  });
  await page.goto(`${townhall.url}/admin/`);
  await page.getByLabel("Email address").fill("editor@hull.test");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.getByRole("link", { name: "Pages" }).click();
  await page.getByRole("link", { name: "Create a page" }).click();
  await page.getByLabel("Title").fill("Council tax bands");
  await page.getByLabel("Address").fill("council-tax-bands");
  // The computer's clock is now a minute slow: to the app the token looks fresh for a long while yet.
  await page.clock.setFixedTime(new Date(Date.now() - 60_000));
  await tokenExpires();
  answers.length = 0;
  await page.getByRole("button", { name: "Save draft" }).click();
  await page.getByText("The page was saved as a draft.").waitFor();
  assert.deepEqual(answers.slice(0, 3), ["POST /api/v1/councils/hull/pages 401", "POST /api/v1/auth/refresh 200", "POST /api/v1/councils/hull/pages 201"]);

  // An image uploaded after the renewed token has expired too: the upload is sent again.
  await page.getByLabel("Block to add", { exact: true }).selectOption("image");
  await page.getByRole("button", { name: "Add block", exact: true }).click();
  await page.getByLabel("Alternative text (block 1)").fill("Band chart");
  await tokenExpires();
  answers.length = 0;
  await page.getByLabel("Upload an image (block 1)").setInputFiles({ name: "bands.png", mimeType: "image/png", buffer: PNG });
  await page.getByText("Image: bands.png").waitFor();
  assert.deepEqual(answers.slice(0, 3), ["POST /api/v1/councils/hull/media 401", "POST /api/v1/auth/refresh 200", "POST /api/v1/councils/hull/media 201"]);

  // The session ends (signed out elsewhere): a save is refused, the screen says so and keeps what was typed; once
  // the editor has signed in again in another tab, the same save goes through.
  const out = await context.request.post(`${townhall.url}/api/v1/auth/logout`, { headers: { "x-townhall-session": "cookie", origin: townhall.url } });
  assert.equal(out.status(), 204);
  await page.getByLabel("Title").fill("Council tax bands 2027");
  await tokenExpires();
  answers.length = 0;
  await page.getByRole("button", { name: "Save draft" }).click();
  await page.getByText("Your session has ended, so this was not saved.").waitFor();
  assert.match(answers[0] ?? "", /^PUT \/api\/v1\/councils\/hull\/pages\/[0-9a-f-]{36} 401$/);
  assert.equal(answers[1], "POST /api/v1/auth/refresh 401");
  assert.deepEqual(await accessibilityViolations(page), [], "axe with the notice shown");
  assert.equal(await page.getByLabel("Title").inputValue(), "Council tax bands 2027");
  const other = await context.newPage();
  await other.goto(`${townhall.url}/admin/`);
  await other.getByLabel("Email address").fill("editor@hull.test");
  await other.getByLabel("Password").fill(PASSWORD);
  await other.getByRole("button", { name: "Sign in" }).click();
  await other.getByRole("heading", { name: "Dashboard" }).waitFor();
  await other.close();
  await page.getByRole("button", { name: "Save draft" }).click();
  await page.getByText("Your changes were saved.").waitFor();
  assert.equal(await page.getByText("Your session has ended").count(), 0, "the notice goes once the session is back");

  const list = await api(townhall, "GET", "/api/v1/councils/hull/pages", { token: await platformAdmin2() });
  const saved = list.body.items.find((i) => i.title === "Council tax bands 2027");
  assert.ok(saved, "the page was saved with the last change");
  assert.equal(list.body.items.length, 1, "and only once");
  const item = await api(townhall, "GET", `/api/v1/councils/hull/pages/${saved.id}`, { token: await platformAdmin2() });
  assert.deepEqual(item.body.content.translations.en.body.map((b) => [b.type, b.alt]), [["image", "Band chart"]]);
  await context.close();
});

/** A fresh token for the platform admin (the one made at the start has expired). */
async function platformAdmin2() {
  const { body } = await api(townhall, "POST", "/api/v1/auth/login", { body: { email: "admin@hull.test", password: PASSWORD } });
  return body.access_token;
}
