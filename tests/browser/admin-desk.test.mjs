// The democratic services desk, used as an officer uses it: a committee and a meeting, an agenda with an exempt
// item and a restricted appendix, what the public will see, publishing on time and late, the business after the
// meeting, decisions and their call-in, a ModernGov import previewed before it is written, and the agenda reordered
// with the keyboard alone. axe-core checks each screen.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { PASSWORD, ROOT, accessibilityViolations, api, launch, member, offlineContext, platformAdmin, startTownhall, tabTo } from "./harness.mjs";

let townhall, browser, adminToken;
const screens = process.env.SCREENSHOTS;
if (screens) mkdirSync(screens, { recursive: true });

/** A small PDF (papers are typed from their bytes). */
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/** The London date `n` working days (Monday to Friday) after today, as YYYY-MM-DD. */
function workingDaysAhead(n) {
  const day = new Date(`${new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" })}T12:00:00Z`);
  while (n > 0) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) n -= 1;
  }
  return day.toISOString().slice(0, 10);
}

before(async () => {
  townhall = await startTownhall();
  adminToken = await platformAdmin(townhall, "admin@york.test");
  for (const slug of ["york", "hull"]) {
    await api(townhall, "POST", "/api/v1/councils", { token: adminToken, body: { slug, name: `${slug} council`, nation: "england" } });
    await member(townhall, adminToken, slug, `officer@${slug}.test`, "democratic_services");
  }
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await townhall?.stop();
});

async function check(page, name) {
  assert.deepEqual(await accessibilityViolations(page), [], `axe on ${name}`);
  if (screens) await page.screenshot({ path: `${screens}/desk-${name}.png`, fullPage: true });
}

async function signIn(page, email) {
  await page.goto(`${townhall.url}/admin/`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
}

async function publicMeeting(id) {
  const query = `{ council(slug: "york") { meeting(id: "${id}") { title agendaCompliance agendaLateReason agenda { orderLabel title exempt exemptParagraph documents { title } children { title } } attendance { councillorId status substituteFor } motions { motionText result forCount againstCount votes { councillorId option } } } } }`;
  const response = await fetch(`${townhall.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  const body = await response.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data.council.meeting;
}

/** Adds an agenda item through the builder's form. */
async function addItem(page, title, { exempt } = {}) {
  await page.getByLabel("Item title", { exact: true }).fill(title);
  if (exempt) await page.getByLabel("Exempt information", { exact: true }).selectOption(String(exempt));
  await page.getByRole("button", { name: "Add item", exact: true }).click();
  await page.getByText(`“${title}” was added to the agenda.`).waitFor();
}

test("an officer creates a committee and a meeting, builds an agenda with an exempt item and a restricted appendix, checks the public view and publishes on time", async () => {
  const { context, blocked } = await offlineContext(browser);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await signIn(page, "officer@york.test");
  await page.getByRole("link", { name: "Democratic services desk" }).first().click();
  await page.getByRole("heading", { name: "Democratic services desk" }).waitFor();
  await check(page, "desk-empty");
  await page.getByRole("navigation", { name: "Democratic services" }).getByRole("link", { name: "Committees" }).click();
  await page.getByLabel("Committee name").fill("Planning Committee");
  await page.getByLabel("Purpose").fill("Decides planning applications.");
  await page.getByRole("button", { name: "Create committee" }).click();
  await page.getByText("The Planning Committee was created.").waitFor();
  await check(page, "committee");

  const day = workingDaysAhead(10);
  await page.getByRole("navigation", { name: "Democratic services" }).getByRole("link", { name: "Meetings" }).click();
  await page.getByLabel("Committee that meets").selectOption({ label: "Planning Committee" });
  await page.getByLabel("Starts at (London time)").fill(`${day}T18:00`);
  await page.getByLabel("Venue").fill("Council Chamber, West Offices");
  await page.getByRole("button", { name: "Create meeting" }).click();
  await page.getByText("The meeting was created.").waitFor();
  const id = new URL(page.url()).pathname.split("/").pop();

  await addItem(page, "Apologies for absence");
  await addItem(page, "Minutes of the last meeting");
  await addItem(page, "Land at Mill Lane: planning application 26/01234/FUL");
  await page.getByLabel("Exempt information", { exact: true }).selectOption("3");
  await page.getByText("Schedule 12A, paragraph 3: Information relating to the financial or business affairs").waitFor();
  await addItem(page, "Purchase of land at Station Road");
  // The report and a restricted appendix for Mill Lane, with the upload's progress.
  await page.getByLabel("Paper file").setInputFiles({ name: "mill-lane.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.getByLabel("Paper title").fill("Mill Lane report");
  await page.getByLabel("Agenda item", { exact: true }).selectOption({ label: "3. Land at Mill Lane: planning application 26/01234/FUL" });
  await page.getByRole("button", { name: "Upload paper" }).click();
  await page.getByText("“Mill Lane report” was uploaded.").waitFor();
  await page.getByLabel("Paper file").setInputFiles({ name: "appendix.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.getByLabel("Paper title").fill("Confidential appendix");
  await page.getByLabel("Kind of paper").selectOption("appendix");
  await page.getByLabel("Agenda item", { exact: true }).selectOption({ label: "3. Land at Mill Lane: planning application 26/01234/FUL" });
  await page.getByLabel("Restricted: only this council's people may read it").check();
  await page.getByRole("button", { name: "Upload paper" }).click();
  await page.getByText("“Confidential appendix” was uploaded.").waitFor();
  await check(page, "agenda-builder");

  // What the public will see, read through the public GraphQL API before publication.
  await page.getByRole("button", { name: "Show what the public will see" }).click();
  const seen = page.getByRole("region", { name: "The public agenda" });
  await seen.getByText("Exempt item (Schedule 12A, paragraph 3)").waitFor();
  const text = await seen.textContent();
  assert.ok(text.includes("Mill Lane report"), text);
  assert.ok(!text.includes("Confidential appendix") && !text.includes("Station Road"), text);
  await check(page, "public-view");

  // Published on time: no reason asked for.
  await page.getByText(/Due by \w{3} \d+ \w{3} \d{4}/).first().waitFor();
  assert.equal(await page.getByLabel("Why the agenda is late").count(), 0);
  await page.getByRole("button", { name: "Publish the agenda" }).click();
  await page.getByText("The agenda is published: the public can see it now.").waitFor();
  await page.getByText(/Published on .* by officer\./).waitFor();
  await check(page, "agenda-published");

  // The meeting in the calendar of its month.
  await page.getByRole("navigation", { name: "Democratic services" }).getByRole("link", { name: "Meetings" }).click();
  await page.getByLabel("Show as").selectOption("calendar");
  const thisMonth = new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" }).slice(0, 7);
  if (day.slice(0, 7) !== thisMonth) await page.getByRole("button", { name: "Next month" }).click();
  await page.getByRole("table", { name: /^Meetings in / }).getByRole("link", { name: "18:00 Planning Committee" }).waitFor();
  await check(page, "calendar");

  const meeting = await publicMeeting(id);
  assert.equal(meeting.agendaCompliance, "ON_TIME");
  assert.deepEqual(
    meeting.agenda.map((i) => [i.orderLabel, i.title, i.exempt]),
    [
      ["1", "Apologies for absence", false],
      ["2", "Minutes of the last meeting", false],
      ["3", "Land at Mill Lane: planning application 26/01234/FUL", false],
      ["4", "Exempt item", true],
    ]
  );
  assert.deepEqual(meeting.agenda[2].documents, [{ title: "Mill Lane report" }]);
  const ics = await (await fetch(`${townhall.url}/feeds/york/meetings.ics`)).text();
  assert.ok(ics.includes("Planning Committee"), ics);
  assert.ok(ics.includes(`DTSTART;TZID=Europe/London:${day.replaceAll("-", "")}T180000`) || ics.includes(day.replaceAll("-", "")), ics);
  assert.deepEqual(blocked, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a meeting three working days ahead shows as overdue, needs a late reason to publish, and the public sees the reason", async () => {
  const committee = await api(townhall, "POST", "/api/v1/councils/york/committees", { token: adminToken, body: { name: "Licensing Committee", kind: "committee" } });
  const meeting = await api(townhall, "POST", "/api/v1/councils/york/meetings", { token: adminToken, body: { committee_id: committee.body.id, start: `${workingDaysAhead(3)}T10:00` } });
  const { context } = await offlineContext(browser);
  const page = await context.newPage();
  await signIn(page, "officer@york.test");
  await page.getByText(/Licensing Committee: Overdue/).waitFor();
  await page.goto(`${townhall.url}/admin/c/york/desk`);
  const row = page.getByRole("row").filter({ hasText: "Licensing Committee" });
  await row.getByText(/^Overdue: was due by/).waitFor();
  await page.getByText(/Agenda deadlines: 5 clear working days before the meeting/).waitFor();
  await check(page, "desk-overdue");
  await row.getByRole("link", { name: "Licensing Committee" }).click();
  await page.getByText("The deadline has passed.", { exact: false }).waitFor();
  await page.getByRole("button", { name: "Publish the agenda" }).click();
  await page.getByRole("alert").filter({ hasText: "There is a problem" }).waitFor();
  await page.locator("#f-late-reason-error").waitFor();
  await check(page, "late-reason-required");
  await page.getByLabel("Why the agenda is late").fill("The officer's report was delayed by the planning inspectorate.");
  await page.getByRole("button", { name: "Publish the agenda" }).click();
  await page.getByText("The agenda is published").waitFor();
  await page.getByText("Reason it was late (shown to the public): The officer's report was delayed by the planning inspectorate.").waitFor();
  const seen = await publicMeeting(meeting.body.id);
  assert.equal(seen.agendaCompliance, "LATE");
  assert.equal(seen.agendaLateReason, "The officer's report was delayed by the planning inspectorate.");
  await context.close();
});

test("after the meeting: attendance, a named vote and minutes are published, and a decision shows its call-in deadline", async () => {
  const councillors = [];
  for (const name of ["Cllr Ada Lovelace", "Cllr Alan Turing", "Cllr Grace Hopper", "Cllr Tim Berners-Lee"]) {
    councillors.push((await api(townhall, "POST", "/api/v1/councils/york/councillors", { token: adminToken, body: { display_name: name } })).body.id);
  }
  const committee = (await api(townhall, "POST", "/api/v1/councils/york/committees", { token: adminToken, body: { name: "Executive", kind: "executive" } })).body.id;
  await api(townhall, "PUT", `/api/v1/councils/york/committees/${committee}/members`, {
    token: adminToken,
    body: [
      { councillor_id: councillors[0], role: "chair" },
      { councillor_id: councillors[1], role: "member" },
      { councillor_id: councillors[2], role: "member" },
    ],
  });
  const meeting = (await api(townhall, "POST", "/api/v1/councils/york/meetings", { token: adminToken, body: { committee_id: committee, start: `${workingDaysAhead(10)}T18:00` } })).body.id;
  await api(townhall, "POST", `/api/v1/councils/york/meetings/${meeting}/agenda-items`, { token: adminToken, body: { order_label: "1", position: 1, title: "Budget 2027/28" } });
  await api(townhall, "POST", `/api/v1/councils/york/meetings/${meeting}/agenda/publish`, { token: adminToken, body: {} });

  const { context } = await offlineContext(browser);
  const page = await context.newPage();
  await signIn(page, "officer@york.test");
  await page.goto(`${townhall.url}/admin/c/york/meetings/${meeting}`);
  await page.getByRole("heading", { name: "After the meeting" }).waitFor();
  await page.getByLabel("Attendance of Cllr Ada Lovelace").selectOption("present");
  await page.getByLabel("Attendance of Cllr Alan Turing").selectOption("remote");
  await page.getByLabel("Attendance of Cllr Grace Hopper").selectOption("apologies");
  // A substitute for the member who sent apologies.
  await page.getByLabel("Add a councillor who is not a member (a substitute)").selectOption({ label: "Cllr Tim Berners-Lee" });
  await page.getByRole("button", { name: "Add to attendance" }).click();
  await page.getByLabel("Cllr Tim Berners-Lee substituted for").selectOption({ label: "Cllr Grace Hopper" });
  await page.getByRole("button", { name: "Save attendance" }).click();
  await page.getByText("Attendance saved: 3 attended.").waitFor();
  await page.getByLabel("Motion", { exact: true }).fill("That the budget be approved.");
  await page.getByLabel("Agenda item of the motion").selectOption({ label: "1. Budget 2027/28" });
  await page.getByLabel("Vote of Cllr Ada Lovelace").selectOption("for");
  await page.getByLabel("Vote of Cllr Alan Turing").selectOption("for");
  await page.getByLabel("Vote of Cllr Tim Berners-Lee").selectOption("against");
  await page.getByRole("button", { name: "Record the motion" }).click();
  await page.getByText("The motion was recorded.").waitFor();
  await page.getByText(/That the budget be approved\. carried: 2 for, 1 against/).waitFor();
  await page.getByLabel("Minutes of item 1").fill("The Executive considered the budget report.");
  await page.getByLabel("Resolution of item 1").fill("That the budget for 2027/28 be approved.");
  await page.getByRole("button", { name: "Save minutes of item 1" }).click();
  await page.getByText("The minutes of item 1 were saved.").waitFor();
  await check(page, "after-the-meeting");
  await page.getByRole("button", { name: "Publish the minutes" }).click();
  await page.getByText("The minutes are published").waitFor();
  const seen = await publicMeeting(meeting);
  const [ada, alan, grace, tim] = councillors;
  const byId = (list) => list.sort((a, b) => a[0].localeCompare(b[0]));
  assert.deepEqual(byId(seen.attendance.map((a) => [a.councillorId, a.status, a.substituteFor])), byId([
    [ada, "PRESENT", null],
    [alan, "REMOTE", null],
    [grace, "APOLOGIES", null],
    [tim, "PRESENT", grace],
  ]));
  assert.deepEqual([seen.motions[0].motionText, seen.motions[0].result, seen.motions[0].forCount, seen.motions[0].againstCount], ["That the budget be approved.", "CARRIED", 2, 1]);
  assert.deepEqual(byId(seen.motions[0].votes.map((v) => [v.councillorId, v.option])), byId([
    [ada, "FOR"],
    [alan, "FOR"],
    [tim, "AGAINST"],
  ]));

  // A decision, recorded and published, shows the end of its call-in period.
  await page.getByRole("navigation", { name: "Democratic services" }).getByRole("link", { name: "Decisions" }).click();
  await page.getByLabel("Decision title").fill("Budget 2027/28");
  await page.getByLabel("Decision maker").fill("Executive");
  await page.getByLabel("The decision", { exact: true }).fill("To approve the budget for 2027/28.");
  await page.getByLabel("Key decision").check();
  await page.getByRole("button", { name: "Record decision" }).click();
  await page.getByText("“Budget 2027/28” was recorded as a draft.").waitFor();
  await page.getByRole("button", { name: "Publish Budget 2027/28" }).click();
  await page.getByText(/“Budget 2027\/28” is published; call-in ends \w{3} \d+ \w{3} \d{4}\./).waitFor();
  const row = page.getByRole("row").filter({ hasText: "Budget 2027/28" });
  await row.getByText(/Open to call-in/).waitFor();
  await row.getByText(/until \w{3} \d+ \w{3} \d{4}/).waitFor();
  await check(page, "decisions");
  await page.goto(`${townhall.url}/admin/c/york/desk`);
  await page.getByRole("table", { name: "Decisions open to call-in" }).getByText("Budget 2027/28").waitFor();
  // The meeting's history says who did what.
  await page.goto(`${townhall.url}/admin/c/york/records/${meeting}/history`);
  await page.getByRole("cell", { name: /Minutes published/ }).waitFor();
  await page.getByRole("cell", { name: /Agenda published/ }).waitFor();
  await check(page, "record-history");
  await context.close();
});

test("a ModernGov file is previewed, then imported; a second preview changes nothing; a broken file shows its reason and writes nothing", async () => {
  const fixtures = join(ROOT, "tests", "fixtures", "moderngov", "councillors-by-ward");
  const { context } = await offlineContext(browser);
  const page = await context.newPage();
  await signIn(page, "officer@hull.test");
  await page.goto(`${townhall.url}/admin/c/hull/import`);
  await page.getByLabel("What the file holds").selectOption("councillors-by-ward");
  await page.getByLabel("ModernGov XML file").setInputFiles(join(fixtures, "kirklees.gov.uk.xml"));
  await page.getByRole("button", { name: "Preview the import" }).click();
  const counts = page.getByRole("table", { name: "Records" });
  await counts.waitFor();
  const row = async (kind) => (await counts.getByRole("row").filter({ hasText: kind }).getByRole("cell").allTextContents()).map(Number);
  assert.deepEqual(await row("Wards"), [23, 0, 0]);
  assert.deepEqual(await row("Councillors"), [69, 0, 0]);
  assert.deepEqual(await row("Parties"), [6, 0, 0]);
  const written = await api(townhall, "GET", "/api/v1/councils/hull/wards?limit=100", { token: adminToken });
  assert.equal(written.body.items.length, 0, "the preview wrote nothing");
  await page.getByText("Every record (").click();
  await page.getByText(/New\s*councillor:/).first().waitFor();
  await check(page, "import-preview");
  await page.getByRole("button", { name: "Import these records" }).click();
  await page.getByText(/kirklees\.gov\.uk\.xml was imported: 23 new and 0 changed wards/).waitFor();
  assert.equal((await api(townhall, "GET", "/api/v1/councils/hull/wards?limit=100", { token: adminToken })).body.items.length, 23);

  // The same file again: nothing would change.
  await page.getByRole("button", { name: "Preview the import" }).click();
  await counts.waitFor();
  assert.deepEqual(await row("Councillors"), [0, 0, 69]);
  await page.getByRole("button", { name: "Cancel" }).click();
  await counts.waitFor({ state: "detached" });

  // A broken file: its reason, and nothing written.
  await page.getByLabel("ModernGov XML file").setInputFiles(join(fixtures, "denbighshire.gov.uk.xml"));
  await page.getByRole("button", { name: "Preview the import" }).click();
  await page.getByRole("alert").filter({ hasText: "The file cannot be imported" }).waitFor();
  await page.getByRole("alert").getByText(/nothing was written/i).first().waitFor();
  await check(page, "import-refused");
  assert.equal((await api(townhall, "GET", "/api/v1/councils/hull/wards?limit=100", { token: adminToken })).body.items.length, 23);
  await context.close();
});


test("the agenda is reordered and nested with the keyboard alone", async () => {
  const committee = (await api(townhall, "POST", "/api/v1/councils/hull/committees", { token: adminToken, body: { name: "Scrutiny Board", kind: "scrutiny" } })).body.id;
  const meeting = (await api(townhall, "POST", "/api/v1/councils/hull/meetings", { token: adminToken, body: { committee_id: committee, start: `${workingDaysAhead(15)}T14:00` } })).body.id;
  for (const [i, title] of ["Apologies", "Declarations of interest", "Housing repairs", "Work programme"].entries()) {
    await api(townhall, "POST", `/api/v1/councils/hull/meetings/${meeting}/agenda-items`, { token: adminToken, body: { order_label: String(i + 1), position: i + 1, title } });
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "officer@hull.test");
  await page.goto(`${townhall.url}/admin/c/hull/meetings/${meeting}`);
  await page.getByRole("list", { name: "Agenda items" }).waitFor();
  const agenda = async () => (await page.getByRole("list", { name: "Agenda items" }).locator("li > p:first-child").allTextContents()).map((t) => t.trim());
  // "Work programme" up one place, with Tab and Enter only.
  await tabTo(page, "Move up item 4");
  await page.keyboard.press("Enter");
  await page.getByText("Item “Work programme” moved up.").waitFor();
  assert.deepEqual(await agenda(), ["1. Apologies", "2. Declarations of interest", "3. Work programme", "4. Housing repairs"]);
  // "Housing repairs" under "Work programme".
  await tabTo(page, "Make a sub-item (item 4)");
  await page.keyboard.press("Enter");
  await page.getByText("Item “Housing repairs” is now under the item above.").waitFor();
  assert.deepEqual(await agenda(), ["1. Apologies", "2. Declarations of interest", "3. Work programme", "3.1. Housing repairs"]);
  // "Apologies" down one place.
  await tabTo(page, "Move down item 1");
  await page.keyboard.press("Space");
  await page.getByText("Item “Apologies” moved down.").waitFor();
  assert.deepEqual(await agenda(), ["1. Declarations of interest", "2. Apologies", "3. Work programme", "3.1. Housing repairs"]);
  const saved = await api(townhall, "GET", `/api/v1/councils/hull/meetings/${meeting}/agenda`, { token: adminToken });
  assert.deepEqual(
    saved.body.items.map((i) => `${i.order_label} ${i.title}`).sort(),
    ["1 Declarations of interest", "2 Apologies", "3 Work programme", "3.1 Housing repairs"]
  );
  // With a pointer, an item is dragged before another.
  const item = (title) => page.getByRole("list", { name: "Agenda items" }).locator("li").filter({ hasText: title });
  await item("Work programme").first().dragTo(item("Declarations of interest"));
  await page.getByText("The agenda was reordered.").waitFor();
  assert.deepEqual(await agenda(), ["1. Work programme", "1.1. Housing repairs", "2. Declarations of interest", "3. Apologies"]);
  // Removing an item takes its sub-items, and the rest move up a number.
  await page.getByRole("button", { name: "Remove item 1", exact: true }).click();
  await page.getByText("Item 1 was removed with its 1 sub-item(s).").waitFor();
  assert.deepEqual(await agenda(), ["1. Declarations of interest", "2. Apologies"]);
  const left = await api(townhall, "GET", `/api/v1/councils/hull/meetings/${meeting}/agenda`, { token: adminToken });
  assert.deepEqual(left.body.items.map((i) => `${i.order_label} ${i.title}`).sort(), ["1 Declarations of interest", "2 Apologies"]);
  await context.close();
});

test("a council admin turns a kind of deadline reminder off at the desk", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // A platform admin (no membership) lands on the list of councils rather than a dashboard.
  await page.goto(`${townhall.url}/admin/`);
  await page.getByLabel("Email address").fill("admin@york.test");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  await page.goto(`${townhall.url}/admin/c/york/desk`);
  await page.getByRole("heading", { name: "Reminders by email" }).waitFor();
  assert.equal(await page.getByLabel("Call-in periods ending").isChecked(), true);
  await page.getByLabel("Call-in periods ending").uncheck();
  await page.getByRole("button", { name: "Save reminders" }).click();
  await page.getByText("The reminders were saved.").waitFor();
  await check(page, "reminders");
  const settings = await api(townhall, "GET", "/api/v1/councils/york/deadline-settings", { token: adminToken });
  assert.deepEqual([settings.body.remind_agenda, settings.body.remind_forward_plan, settings.body.remind_call_in], [true, true, false]);
  await context.close();
});

test("an officer adds a ward, a party and a councillor with a register whose sensitive entry the public sees as withheld, and puts a key decision on the forward plan", async () => {
  const form = new FormData();
  form.append("file", new Blob([PDF], { type: "application/pdf" }), "highways.pdf");
  form.append("title", "Highways maintenance report");
  const uploaded = await fetch(`${townhall.url}/api/v1/councils/york/media`, { method: "POST", headers: { authorization: `Bearer ${adminToken}` }, body: form });
  assert.equal(uploaded.status, 201);
  const { context } = await offlineContext(browser);
  const page = await context.newPage();
  await signIn(page, "officer@york.test");
  await page.goto(`${townhall.url}/admin/c/york/councillors`);
  await page.getByLabel("New ward").fill("Guildhall");
  await page.getByRole("button", { name: "Add ward" }).click();
  await page.getByText("The ward Guildhall was added.").waitFor();
  await page.getByLabel("New party or group").fill("Green Party");
  await page.getByRole("button", { name: "Add party" }).click();
  await page.getByText("The party Green Party was added.").waitFor();
  await page.getByLabel("Name", { exact: true }).fill("Cllr Sam Rivers");
  await page.getByLabel("Ward", { exact: true }).selectOption({ label: "Guildhall" });
  await page.getByLabel("Party", { exact: true }).selectOption({ label: "Green Party" });
  await page.getByRole("button", { name: "Add councillor" }).click();
  await page.getByText("Cllr Sam Rivers was added.").waitFor();
  const id = new URL(page.url()).pathname.split("/").pop();
  await page.getByLabel("Email address").fill("sam.rivers@york.test");
  await page.getByRole("button", { name: "Save councillor" }).click();
  await page.getByText("The councillor was saved.").waitFor();
  await page.getByRole("button", { name: "Add a role" }).click();
  await page.getByLabel("Title (role 1)").fill("Cabinet Member for Climate");
  await page.getByRole("button", { name: "Save roles" }).click();
  await page.getByText("The roles were saved: 1.").waitFor();
  await page.getByRole("button", { name: "Add an interest" }).click();
  await page.getByLabel("Category (interest 1)").fill("Employment");
  await page.getByLabel("Description (interest 1)").fill("Lecturer at the University of York");
  await page.getByRole("button", { name: "Add an interest" }).click();
  await page.getByLabel("Category (interest 2)").fill("Land");
  await page.getByLabel("Description (interest 2)").fill("Home at 4 Hidden Row");
  await page.getByLabel("Sensitive: withheld from the public register (interest 2)").check();
  await page.getByRole("button", { name: "Save the register" }).click();
  await page.getByText("The register of interests was saved: 2 entries, 1 withheld from the public.").waitFor();
  await check(page, "councillor");
  const query = `{ council(slug: "york") { councillor(id: "${id}") { seats { ward { name } party { name } } roles { kind title } interests { category description withheld } } } }`;
  const body = await (await fetch(`${townhall.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) })).json();
  const seen = body.data.council.councillor;
  assert.deepEqual(seen.seats, [{ ward: { name: "Guildhall" }, party: { name: "Green Party" } }]);
  assert.deepEqual(seen.roles, [{ kind: "CABINET_MEMBER", title: "Cabinet Member for Climate" }]);
  assert.ok(!JSON.stringify(body).includes("Hidden Row"), JSON.stringify(body));
  assert.deepEqual(seen.interests.map((i) => [i.category, i.withheld]), [["Employment", false], ["Sensitive interest", true]]);

  // The forward plan: a key decision in two months, with its report from the library; its notice published in time.
  const expected = new Date(Date.now() + 60 * 86_400_000).toLocaleDateString("en-CA", { timeZone: "Europe/London" });
  await page.getByRole("navigation", { name: "Democratic services" }).getByRole("link", { name: "Forward plan" }).click();
  await page.getByLabel("Key decision", { exact: true }).fill("Award of the highways maintenance contract");
  await page.getByLabel("Decision maker").fill("Cabinet");
  await page.getByLabel("Expected date of the decision").fill(expected);
  await page.getByLabel("Add a document from the library").fill("highways");
  await page.getByLabel("Add a document from the library").press("Enter");
  await page.getByRole("button", { name: "Choose Highways maintenance report" }).click();
  await page.getByRole("button", { name: "Add to the forward plan" }).click();
  await page.getByText("“Award of the highways maintenance contract” was added to the forward plan.").waitFor();
  const row = page.getByRole("row").filter({ hasText: "Award of the highways maintenance contract" });
  await row.getByText(/Notice due by \w{3} \d+ \w{3} \d{4}/).waitFor();
  await row.getByText("1 document(s)", { exact: false }).waitFor();
  await check(page, "forward-plan");
  await row.getByRole("button", { name: "Publish notice of Award of the highways maintenance contract" }).click();
  await page.getByText("The notice of “Award of the highways maintenance contract” is published.").waitFor();
  await row.getByText("Notice published in time").waitFor();
  await context.close();
});
