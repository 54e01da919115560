// A council's front-end on another origin reads Townhall from the browser (CORS); a preview token works only from
// an origin the council lists.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { api, councilWithPage, freePort, launch, offlineContext, platformAdmin, startTownhall } from "./harness.mjs";

const EXAMPLE = readFileSync(join(import.meta.dirname, "..", "..", "examples", "front-end", "index.html"));
let townhall, browser, token, frontEnd, frontEndUrl;

/** Serves the example front-end, and a blank page to run scripts in, from its own port (its own origin). */
async function serveFrontEnd() {
  const port = await freePort();
  const server = createServer((req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(req.url.startsWith("/blank") ? "<!DOCTYPE html><title>blank</title>" : EXAMPLE);
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  return { server, url: `http://localhost:${port}` };
}

/** A one-pixel GIF. */
const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");

/** Publishes `/recycling`, a page showing an image of the media library, uploaded as an editor would. */
async function pageWithImage() {
  const form = new FormData();
  form.append("file", new Blob([GIF], { type: "image/gif" }), "box.gif");
  form.append("alt", "A green recycling box");
  const uploaded = await fetch(`${townhall.url}/api/v1/councils/york/media`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  assert.equal(uploaded.status, 201);
  const image = await uploaded.json();
  const created = await api(townhall, "POST", "/api/v1/councils/york/pages", {
    token,
    body: {
      content: {
        translations: {
          en: {
            title: "Recycling",
            slug: "recycling",
            summary: "What goes in the green box",
            body: [{ type: "image", media_id: image.id, alt: "A green recycling box" }],
          },
        },
      },
    },
  });
  await api(townhall, "POST", `/api/v1/councils/york/pages/${created.body.id}/publish`, {
    token,
    ifMatch: created.etag,
  });
}

before(async () => {
  townhall = await startTownhall();
  token = await platformAdmin(townhall);
  await councilWithPage(townhall, token, { draft: "Bin collections (draft)" });
  await pageWithImage();
  ({ server: frontEnd, url: frontEndUrl } = await serveFrontEnd());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  frontEnd?.close();
  await townhall?.stop();
});

test("a front-end on another origin renders a published page read over GraphQL and REST", async () => {
  const { context, blocked } = await offlineContext(browser);
  const page = await context.newPage();
  await page.goto(`${frontEndUrl}/?townhall=${townhall.url}&council=york&path=/bins`);
  await page.getByRole("status").filter({ hasText: /Read from|could not/ }).waitFor();
  assert.equal(await page.getByRole("status").innerText(), "Read from City of york Council over GraphQL and REST");
  assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "Bin collections");
  await page.getByText("Put your bin out by 7am.").waitFor();
  assert.deepEqual(blocked, []);
  await context.close();
});

test("images in a page's HTML load on the front-end's origin from Townhall's whole URLs", async () => {
  const { context, blocked } = await offlineContext(browser);
  const page = await context.newPage();
  await page.goto(`${frontEndUrl}/?townhall=${townhall.url}&council=york&path=/recycling`);
  await page.getByRole("status").filter({ hasText: /Read from|could not/ }).waitFor();
  const image = page.getByRole("img", { name: "A green recycling box" });
  await image.waitFor();
  const src = await image.getAttribute("src");
  assert.ok(src.startsWith(`${townhall.url}/media/york/`), src);
  // A path would have been asked of the front-end's own server, which has no such file.
  const loaded = await image.evaluate(async (img) => {
    if (!img.complete) {
      await new Promise((done) => {
        img.addEventListener("load", done, { once: true });
        img.addEventListener("error", done, { once: true });
      });
    }
    return img.naturalWidth;
  });
  assert.equal(loaded, 1, "the image loaded");
  assert.deepEqual(blocked, []);
  await context.close();
});

/** From a page of the front-end's origin, previews the draft with the token; returns the title or the failure. */
async function previewFromBrowser(page) {
  return page.evaluate(
    async ({ url, token }) => {
      try {
        const response = await fetch(`${url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ council(slug: "york", preview: true) { page(path: "/bins") { title } } }' }),
        });
        const body = await response.json();
        return body.data?.council?.page?.title ?? JSON.stringify(body);
      } catch (error) {
        return `failed: ${error.message}`;
      }
    },
    { url: townhall.url, token }
  );
}

test("a preview token is refused from an origin the council does not list, and works once it is listed", async () => {
  const { context } = await offlineContext(browser);
  const page = await context.newPage();
  await page.goto(`${frontEndUrl}/blank`);
  assert.equal(await previewFromBrowser(page), "failed: Failed to fetch");

  const council = await api(townhall, "GET", "/api/v1/councils/york", { token });
  await api(townhall, "PATCH", "/api/v1/councils/york", {
    token,
    ifMatch: council.etag,
    body: { allowed_origins: [frontEndUrl] },
  });
  assert.equal(await previewFromBrowser(page), "Bin collections (draft)");

  // Another origin still cannot use the token.
  const other = await context.newPage();
  await other.goto(`${frontEndUrl.replace("localhost", "127.0.0.1")}/blank`);
  assert.equal(await previewFromBrowser(other), "failed: Failed to fetch");
  await context.close();
});
