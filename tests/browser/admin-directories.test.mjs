// Townhall Admin's directories, events and service status: an administrator makes a directory with facets, then a
// venue in it with its address, place on the map and opening hours (a usual week, a closure, bank holidays), fixing
// a mistake the API points at; residents' front-ends then find it open and near; then a weekly event at that venue. An alert names the services it
// affects and appears in the service status list. axe-core checks each screen.
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
}

const deliver = async (path) => (await api(townhall, "GET", `/delivery/v1/councils/york${path}`)).body;

test("an administrator makes a directory with facets, a venue with opening hours and an event there, and residents find them", async () => {
  const { context } = await offlineContext(browser);
  const tab = await context.newPage();
  const problems = [];
  tab.on("pageerror", (e) => problems.push(e.message));
  await signIn(tab, "boss@york.test");
  await tab.getByRole("heading", { name: "Dashboard" }).waitFor();

  // The directory, with one facet group of two values.
  await tab.goto(`${townhall.url}/admin/c/york/directories/new`);
  await tab.getByRole("heading", { name: "Create a directory" }).waitFor();
  await tab.getByLabel("Title", { exact: true }).fill("Find a library");
  await tab.getByLabel("Address").fill("libraries");
  await tab.getByRole("button", { name: "Add a facet group" }).click();
  await tab.getByLabel("Name of facet group 1").fill("Facilities");
  await tab.getByLabel("Values of facet group 1").fill("Free wifi\nCafé");
  await check(tab, "directory-editor");
  await tab.getByRole("button", { name: "Save draft" }).click();
  await tab.getByText("The directory was saved as a draft.").waitFor();
  await tab.getByRole("button", { name: "Publish" }).click();
  await tab.getByText("The directory is published.").waitFor();

  // The venue: listed in the directory with a facet, its address and place, and its opening hours.
  await tab.goto(`${townhall.url}/admin/c/york/directory-entries/new`);
  await tab.getByRole("heading", { name: "Create a directory entry" }).waitFor();
  await tab.getByLabel("Name", { exact: true }).fill("York Explore Library");
  await tab.getByLabel("Summary").fill("The city's central library.");
  await tab.getByLabel("Find a library").check();
  await tab.getByLabel("Free wifi").check();
  await tab.getByLabel("Phone").fill("01904 552828");
  await tab.getByLabel("Youngest age (years)").fill("5");
  await tab.getByLabel("Oldest age (years)").fill("4");
  await tab.getByLabel("It has a venue residents can visit").check();
  await tab.getByLabel("Address lines").fill("Library Square\nMuseum Street");
  await tab.getByLabel("Town or city").fill("York");
  await tab.getByLabel("Postcode").fill("yo1 7ds");
  await tab.getByLabel("Latitude").fill("91");
  await tab.getByLabel("Longitude").fill("-1.0862");
  await tab.getByLabel("Accessibility").fill("Step-free entrance on Museum Street.");
  await tab.getByLabel("Give opening hours").check();
  for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]) {
    await tab.getByLabel(`${day} opens`).fill("09:00");
    await tab.getByLabel(`${day} closes`).fill("17:00");
  }
  await tab.getByLabel("Saturday opens").fill("10:00");
  await tab.getByLabel("Saturday closes").fill("13:00");
  await tab.getByLabel("On bank holidays").selectOption("closed");
  await tab.getByRole("button", { name: "Add an exception" }).click();
  await tab.getByLabel("Date of exception 1").fill("2026-12-24");
  await tab.getByLabel("Note for exception 1").fill("Closed for stocktaking");
  await check(tab, "directory-entry-editor");
  await tab.getByRole("button", { name: "Save draft" }).click();
  // The API points at the latitude; the summary links to the field.
  const summary = tab.getByRole("alert");
  await summary.getByRole("link", { name: /latitude of a place in the UK/ }).click();
  assert.equal(await tab.evaluate(() => document.activeElement?.id), "f-venue-latitude");
  await tab.getByLabel("Latitude").fill("53.9617");
  await tab.getByRole("button", { name: "Save draft" }).click();
  // Then at the ages, the oldest below the youngest.
  await summary.getByRole("link", { name: /oldest age cannot be below the youngest/ }).click();
  assert.equal(await tab.evaluate(() => document.activeElement?.id), "f-ages-maximum");
  await tab.getByLabel("Youngest age (years)").fill("0");
  await tab.getByLabel("Oldest age (years)").fill("");
  await tab.getByRole("button", { name: "Save draft" }).click();
  await tab.getByText("The directory entry was saved as a draft.").waitFor();
  await tab.getByRole("button", { name: "Publish" }).click();
  await tab.getByText("The directory entry is published.").waitFor();
  // Reloaded, the form shows what was saved.
  await tab.reload();
  await tab.getByLabel("Saturday opens").waitFor();
  assert.equal(await tab.getByLabel("Saturday opens").inputValue(), "10:00");
  assert.equal(await tab.getByLabel("Postcode").inputValue(), "YO1 7DS");
  assert.equal(await tab.getByLabel("Free wifi").isChecked(), true);
  assert.equal(await tab.getByLabel("Youngest age (years)").inputValue(), "0");
  assert.equal(await tab.getByLabel("Oldest age (years)").inputValue(), "");
  assert.equal(await tab.getByLabel("Closed all day (exception 1)").isChecked(), true);
  assert.deepEqual(problems, []);

  // Residents' front-ends: open on a Monday morning, closed on Christmas Eve (the exception), near the Minster.
  const monday = await deliver("/directories/libraries/entries?open_at=2026-12-21T10:00");
  assert.deepEqual(monday.items.map((i) => i.title), ["York Explore Library"]);
  assert.equal(monday.items[0].opening.closes_at, "2026-12-21T17:00:00Z");
  assert.equal(monday.facets[0].values.find((v) => v.name === "Free wifi").count, 1);
  const eve = await deliver("/directories/libraries/entries?open_at=2026-12-24T10:00");
  assert.equal(eve.total_count, 0);
  const entry = await deliver("/directory-entries/york-explore-library?open_at=2026-12-24T10:00");
  assert.equal(entry.opening.opens_next_at, "2026-12-26T10:00:00Z", "Boxing Day is a Saturday; its bank holiday is the Monday");
  const near = await deliver("/directories/libraries/entries?near=53.9623,-1.0819&radius=1000");
  assert.equal(near.items[0].title, "York Explore Library");
  assert.ok(near.items[0].distance_metres > 200 && near.items[0].distance_metres < 400, String(near.items[0].distance_metres));
  // Open Referral UK: the venue as a service at a location, for all ages from 0, open Saturdays 10:00 to 13:00.
  const places = await deliver("/openreferral/service_at_locations?postcode=YO1&day=SA&start_time=10:00&end_time=13:00");
  assert.deepEqual(places.contents.map((p) => [p.location.name, p.service.minimum_age, p.service.maximum_age]), [["York Explore Library", 0, undefined]]);

  // An event at that venue: Thursday mornings through the winter, found by the venue's name.
  await tab.goto(`${townhall.url}/admin/c/york/events/new`);
  await tab.getByRole("heading", { name: "Create an event" }).waitFor();
  await tab.getByLabel("Title").fill("Rhymetime");
  await tab.getByLabel("Summary").fill("Songs and rhymes for under-fives.");
  await tab.getByLabel("Date", { exact: true }).fill("2027-01-07");
  await tab.getByLabel("Starts (London time)").fill("10:00");
  await tab.getByLabel("Ends (London time)").fill("10:45");
  await tab.getByLabel("Repeats").selectOption("weekly");
  await tab.getByLabel("On Thursdays").check();
  await tab.getByLabel("Until").fill("2027-03-25");
  await tab.getByLabel("Dates it does not happen").fill("2027-02-18");
  await tab.getByLabel("Venue", { exact: true }).selectOption("directory");
  await tab.getByLabel("Find a venue").fill("explore");
  await tab.getByLabel("Find a venue").press("Enter");
  await tab.getByRole("button", { name: "Choose York Explore Library" }).click();
  await tab.getByText("Chosen venue: York Explore Library").waitFor();
  await tab.getByLabel("Categories").fill("Family, Libraries");
  await tab.getByLabel("Price").fill("Free");
  await check(tab, "event-editor");
  await tab.getByRole("button", { name: "Save draft" }).click();
  await tab.getByText("The event was saved as a draft.").waitFor();
  await tab.getByRole("button", { name: "Publish" }).click();
  await tab.getByText("The event is published.").waitFor();
  // Reloaded, the editor names the venue.
  await tab.reload();
  await tab.getByText("Chosen venue: York Explore Library").waitFor();
  const venueId = entry.id;
  const atVenue = await deliver(`/events?from=2027-01-01&to=2027-03-31&venue=${venueId}`);
  // Thursdays from 7 January to 25 March 2027 are 12; 18 February is left out.
  assert.equal(atVenue.total_count, 11);
  assert.equal(atVenue.items[0].title, "Rhymetime");
  assert.equal(atVenue.items[0].starts_at, "2027-01-07T10:00:00Z");
  const family = await deliver("/events?from=2027-03-25&to=2027-03-26&category=family");
  assert.equal(family.items[0].starts_at, "2027-03-25T10:00:00Z");
  assert.deepEqual(problems, []);
  await context.close();
});

test("an alert names the services it affects and appears in the service status list", async () => {
  const created = await api(townhall, "POST", "/api/v1/councils/york/services", {
    token: adminToken,
    body: { content: { lgsl: [524], translations: { en: { title: "Bin collections", slug: "bins" } } } },
  });
  await api(townhall, "POST", `/api/v1/councils/york/services/${created.body.id}/publish`, { token: adminToken, ifMatch: created.etag });
  const { context } = await offlineContext(browser);
  const tab = await context.newPage();
  await signIn(tab, "boss@york.test");
  await tab.getByRole("heading", { name: "Dashboard" }).waitFor();
  await tab.goto(`${townhall.url}/admin/c/york/alerts/new`);
  await tab.getByRole("heading", { name: "Create an alert" }).waitFor();
  await tab.getByLabel("Title").fill("Snow: collections suspended");
  await tab.getByLabel("Message").fill("We will collect when the roads are safe.");
  await tab.getByLabel("Kind of alert").selectOption("emergency");
  await tab.getByLabel("Show on every page").uncheck();
  await tab.getByLabel("Find a service it affects").fill("bin");
  await tab.getByLabel("Find a service it affects").press("Enter");
  await tab.getByRole("button", { name: "Choose Bin collections" }).click();
  await tab.getByRole("list", { name: "Services affected" }).getByText("Bin collections").waitFor();
  await check(tab, "alert-services");
  await tab.getByRole("button", { name: "Save draft" }).click();
  await tab.getByText("The alert was saved as a draft.").waitFor();
  await tab.getByRole("button", { name: "Publish" }).click();
  await tab.getByText("The alert is published.").waitFor();
  const status = await deliver("/service-status");
  assert.equal(status.length, 1);
  assert.equal(status[0].alert.title, "Snow: collections suspended");
  assert.deepEqual(status[0].services.map((s) => s.path), ["/services/bins"]);
  const onBins = await deliver("/alerts?path=/services/bins");
  assert.deepEqual(onBins.map((a) => a.title), ["Snow: collections suspended"]);
  assert.deepEqual(await deliver("/alerts?path=/council-tax"), []);
  await context.close();
});
