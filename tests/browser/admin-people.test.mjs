// Townhall Admin: a platform admin creates a council and invites an editor; the editor follows the emailed link,
// sets a password and signs in; a forgotten password is reset by email. The emails are read from a real SMTP
// conversation with a sink this test starts.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  PASSWORD,
  accessibilityViolations,
  launch,
  linkIn,
  offlineContext,
  platformAdmin,
  startSmtpSink,
  startTownhall,
} from "./harness.mjs";

let townhall, browser, smtp;
const screens = process.env.SCREENSHOTS;

before(async () => {
  smtp = await startSmtpSink();
  townhall = await startTownhall({
    TOWNHALL_SMTP_HOST: "127.0.0.1",
    TOWNHALL_SMTP_PORT: String(smtp.port),
    TOWNHALL_SMTP_SECURITY: "none",
    TOWNHALL_SMTP_FROM: "Townhall <townhall@example.gov.uk>",
  });
  await platformAdmin(townhall, "platform@townhall.test");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await townhall?.stop();
  smtp?.close();
});

async function check(page, name) {
  assert.deepEqual(await accessibilityViolations(page), [], `axe on ${name}`);
  if (screens) await page.screenshot({ path: `${screens}/admin-${name}.png`, fullPage: true });
}

test("a council is created, an editor invited by email joins with a new password, and a forgotten password is reset", async () => {
  const { context, blocked } = await offlineContext(browser);
  const page = await context.newPage();
  await page.goto(`${townhall.url}/admin/`);
  await page.getByLabel("Email address").fill("platform@townhall.test");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your councils" }).waitFor();

  await page.getByLabel("Council name").fill("Leeds City Council");
  await page.getByLabel("Short name for addresses").fill("leeds");
  await page.getByRole("button", { name: "Create council" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByRole("heading", { name: "Members" }).waitFor();
  await page.getByLabel("Their email address").fill("sam.editor@leeds.test");
  await page.getByLabel("Role").selectOption("editor");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await page.getByText("An invitation was sent to sam.editor@leeds.test.").waitFor();
  await page.getByRole("cell", { name: "sam.editor@leeds.test", exact: true }).waitFor();
  await check(page, "members");

  // The editor opens the emailed link in their own browser.
  const invitation = await smtp.waitFor((m) => m.includes("To: sam.editor@leeds.test"));
  assert.match(invitation, /Subject: You are invited to work on Leeds City Council in Townhall/);
  const link = linkIn(invitation, "/admin/invitations/");
  assert.ok(link.startsWith(townhall.url), link);
  const editorContext = (await offlineContext(browser)).context;
  const editor = await editorContext.newPage();
  await editor.goto(link);
  await editor.getByRole("heading", { name: "Join Leeds City Council" }).waitFor();
  await check(editor, "accept-invitation");
  await editor.getByLabel("Your name").fill("Sam Editor");
  await editor.getByLabel("Create a password").fill("short");
  await editor.getByRole("button", { name: "Accept invitation" }).click();
  await editor.getByRole("alert").filter({ hasText: "There is a problem" }).waitFor();
  await editor.getByLabel("Create a password").fill("sam's own long passphrase");
  await editor.getByRole("button", { name: "Accept invitation" }).click();
  await editor.getByRole("heading", { name: "Dashboard" }).waitFor();
  await editor.getByText("Signed in as Sam Editor").waitFor();
  // Used once: the link no longer works.
  await editor.goto(link);
  await editor.getByRole("heading", { name: "This invitation cannot be used" }).waitFor();

  // Forgotten password: a reset link by email, then a sign-in with the new password.
  await editor.goto(`${townhall.url}/admin/`);
  await editor.getByRole("button", { name: "Sign out" }).click();
  await editor.getByRole("link", { name: "Forgotten your password?" }).click();
  await editor.getByRole("heading", { name: "Reset your password" }).waitFor();
  await check(editor, "forgotten-password");
  await editor.getByLabel("Email address").fill("sam.editor@leeds.test");
  await editor.getByRole("button", { name: "Send reset link" }).click();
  await editor.getByRole("heading", { name: "Check your email" }).waitFor();
  const reset = await smtp.waitFor((m) => m.includes("Subject: Reset your Townhall password"));
  await editor.goto(linkIn(reset, "/admin/reset-password/"));
  await editor.getByRole("heading", { name: "Choose a new password" }).waitFor();
  await check(editor, "reset-password");
  await editor.getByLabel("New password").fill("a newer long passphrase");
  await editor.getByRole("button", { name: "Set password" }).click();
  await editor.getByRole("link", { name: "Sign in with your new password" }).click();
  await editor.getByLabel("Email address").fill("sam.editor@leeds.test");
  await editor.getByLabel("Password").fill("a newer long passphrase");
  await editor.getByRole("button", { name: "Sign in" }).click();
  await editor.getByRole("heading", { name: "Dashboard" }).waitFor();

  assert.deepEqual(blocked, []);
  await editorContext.close();
  await context.close();
});
