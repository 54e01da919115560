// The browser tests' harness: starts the real Townhall binary on a free port over a fresh SQLite database, seeds
// it through its CLI and REST API as a user would, and launches Debian's Chromium through playwright-core with
// every request that leaves this machine blocked and recorded.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const BIN = process.env.TOWNHALL_BIN || join(ROOT, "target", "debug", "townhall");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const PASSWORD = "a long browser test passphrase";

/**
 * The one way to wait: calls `check` every 50 ms until it gives something other than undefined, null or false, and
 * gives that; after `ms` (five seconds) throws, naming `what`. A `check` that throws is tried again until then.
 */
export async function eventually(what, check, ms = 5000) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`waited ${ms / 1000} s for ${what}${last ? `: ${last.message}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Starts Townhall; `env` adds settings. Returns { url, cli, stop }. */
export async function startTownhall(env = {}) {
  const dir = mkdtempSync(join(tmpdir(), "townhall-browser-"));
  const port = await freePort();
  const settings = {
    ...process.env,
    TOWNHALL_BIND: `127.0.0.1:${port}`,
    DATABASE_URL: `sqlite://${join(dir, "townhall.db")}?mode=rwc`,
    TOWNHALL_UPLOAD_DIR: join(dir, "uploads"),
    TOWNHALL_JWT_SECRET: "browser-tests-secret-at-least-32-characters-long",
    // Argon2id with little work: the journeys sign in many times (production refuses less than OWASP's).
    TOWNHALL_PASSWORD_HASH_MEMORY_KIB: "256",
    TOWNHALL_PASSWORD_HASH_ITERATIONS: "1",
    ...env,
  };
  delete settings.TOWNHALL_CONFIG;
  const child = spawn(BIN, ["serve"], { env: settings, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await eventually(
      "Townhall to start",
      async () => {
        if (child.exitCode !== null) throw new Error("it stopped");
        return (await fetch(`${url}/readyz`)).ok;
      },
      30_000,
    );
  } catch (err) {
    child.kill();
    throw new Error(`Townhall did not start (${err.message}):\n${log}`);
  }
  return {
    url,
    log: () => log,
    cli(args, input) {
      const run = spawnSync(BIN, args, { env: settings, input, encoding: "utf8" });
      if (run.status !== 0) throw new Error(`townhall ${args.join(" ")}: ${run.stderr}`);
      return run.stdout;
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls the REST API and returns the parsed body, failing on an unexpected status. */
export async function api(townhall, method, path, { token, body, ifMatch, expect = [200, 201] } = {}) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (ifMatch) headers["if-match"] = ifMatch;
  const response = await fetch(`${townhall.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!expect.includes(response.status)) {
    throw new Error(`${method} ${path}: ${response.status} ${text}`);
  }
  return { status: response.status, etag: response.headers.get("etag"), body: text ? JSON.parse(text) : null };
}

/** A platform administrator (made with the CLI, as the README says) and their access token. */
export async function platformAdmin(townhall, email = "admin@townhall.test") {
  townhall.cli(["create-user", "--email", email, "--password-stdin", "--platform-admin"], PASSWORD);
  const { body } = await api(townhall, "POST", "/api/v1/auth/login", { body: { email, password: PASSWORD } });
  return body.access_token;
}

/** A council with one published page; returns { token, pageId }. */
export async function councilWithPage(townhall, token, { slug = "york", title = "Bin collections", draft } = {}) {
  await api(townhall, "POST", "/api/v1/councils", {
    token,
    body: { slug, name: `City of ${slug} Council`, nation: "england" },
  });
  const created = await api(townhall, "POST", `/api/v1/councils/${slug}/pages`, {
    token,
    body: {
      content: {
        translations: {
          en: {
            title,
            slug: "bins",
            summary: "When your bins are emptied",
            body: [{ type: "paragraph", content: [{ text: "Put your bin out by 7am." }] }],
          },
        },
      },
    },
  });
  const id = created.body.id;
  await api(townhall, "POST", `/api/v1/councils/${slug}/pages/${id}/publish`, { token, ifMatch: created.etag });
  if (draft) {
    const current = await api(townhall, "GET", `/api/v1/councils/${slug}/pages/${id}`, { token });
    await api(townhall, "PUT", `/api/v1/councils/${slug}/pages/${id}`, {
      token,
      ifMatch: current.etag,
      body: {
        content: {
          translations: {
            en: { title: draft, slug: "bins", summary: "When your bins are emptied", body: [] },
          },
        },
      },
    });
  }
  return { pageId: id };
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A browser context in which every request to a host other than this machine is blocked and recorded. */
export async function offlineContext(browser) {
  const context = await browser.newContext();
  const blocked = [];
  await context.route("**/*", (route) => {
    const { hostname, protocol } = new URL(route.request().url());
    const local = hostname === "127.0.0.1" || hostname === "localhost";
    if (local || protocol === "data:" || protocol === "blob:") return route.continue();
    blocked.push(route.request().url());
    return route.abort("internetdisconnected");
  });
  return { context, blocked };
}

const AXE = join(ROOT, "node_modules", "axe-core", "axe.min.js");

/** The WCAG 2.2 A and AA violations axe-core finds on the page as it is now (each as "rule: target"). */
export async function accessibilityViolations(page) {
  // Evaluated rather than added as a script: the admin's Content-Security-Policy rightly refuses inline scripts.
  await page.evaluate(readFileSync(AXE, "utf8"));
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
  );
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} (${v.help})`));
}

/** A member of a council, added by the platform administrator, signed in once to check the password works. */
export async function member(townhall, adminToken, council, email, role) {
  townhall.cli(["create-user", "--email", email, "--password-stdin"], PASSWORD);
  await api(townhall, "POST", `/api/v1/councils/${council}/members`, {
    token: adminToken,
    body: { email, role },
  });
}

/**
 * A small SMTP server that keeps what Townhall sends (it speaks EHLO, MAIL, RCPT, DATA and QUIT, enough for a real
 * client). Returns { port, messages(), waitFor(predicate), close() }; messages have quoted-printable soft breaks
 * joined.
 */
export async function startSmtpSink() {
  const { createServer: createTcp } = await import("node:net");
  const kept = [];
  const server = createTcp((socket) => {
    socket.setEncoding("utf8");
    socket.write("220 sink ESMTP\r\n");
    let buffer = "";
    let data = null;
    socket.on("data", (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== null) {
          if (line === ".") {
            kept.push(data.replace(/=\n/g, "").replace(/=3D/g, "="));
            data = null;
            socket.write("250 kept\r\n");
          } else {
            data += (line.startsWith(".") ? line.slice(1) : line) + "\n";
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "DATA") {
          data = "";
          socket.write("354 go on\r\n");
        } else if (verb === "QUIT") {
          socket.end("221 bye\r\n");
        } else {
          socket.write("250 ok\r\n");
        }
      }
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: server.address().port,
    messages: () => [...kept],
    waitFor: (predicate) => eventually(`an email among ${kept.length}`, () => kept.find(predicate)),
    close: () => server.close(),
  };
}

/** The address of the first link to `path` (`/admin/invitations/`) in an email. */
export function linkIn(email, path) {
  const match = email.match(new RegExp(`https?://\\S+${path.replace(/\//g, "\\/")}[A-Za-z0-9_-]+`));
  if (!match) throw new Error(`no ${path} link in:\n${email}`);
  return match[0];
}

/** Presses Tab until the focused element's accessible name (its label or text) is `name`; fails after 120 presses. */
export async function tabTo(page, name) {
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el) return "";
      const label = el.labels?.[0]?.textContent ?? el.getAttribute("aria-label") ?? el.textContent ?? "";
      return label.replace(/\s+/g, " ").trim();
    });
    if (focused === name) return;
  }
  throw new Error(`could not reach "${name}" with Tab`);
}
