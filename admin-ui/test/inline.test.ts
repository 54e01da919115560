// Inline markup: what editors type, read into the API's runs and written back unchanged.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromMarkup, linkMarkup, toMarkup } from "../src/inline";

test("bold, italic and links become runs", () => {
  assert.deepEqual(fromMarkup("Put **paper** and _card_ in the [blue bin](/bins/blue)."), [
    { text: "Put " },
    { text: "paper", bold: true },
    { text: " and " },
    { text: "card", italic: true },
    { text: " in the " },
    { text: "blue bin", link: "/bins/blue" },
    { text: "." },
  ]);
  assert.deepEqual(fromMarkup("[**Report** a _missed_ bin](https://example.gov.uk/a)"), [
    { text: "Report", bold: true, link: "https://example.gov.uk/a" },
    { text: " a ", link: "https://example.gov.uk/a" },
    { text: "missed", italic: true, link: "https://example.gov.uk/a" },
    { text: " bin", link: "https://example.gov.uk/a" },
  ]);
  assert.deepEqual(fromMarkup("**_both_**"), [{ text: "both", bold: true, italic: true }]);
});

test("unmatched marks, words with underscores and escaped characters stay plain text", () => {
  assert.deepEqual(fromMarkup("5 * 3 = 15 and [not a link]"), [{ text: "5 * 3 = 15 and [not a link]" }]);
  assert.deepEqual(fromMarkup("see file_name_here and a_b"), [{ text: "see file_name_here and a_b" }]);
  assert.deepEqual(fromMarkup("\\*\\*literal\\*\\* and a\\\\b"), [{ text: "**literal** and a\\b" }]);
  assert.deepEqual(fromMarkup(""), [{ text: "" }]);
});

test("every run written as markup reads back as the same runs", () => {
  const cases = [
    [{ text: "Price (incl. VAT) is 5*3 [approx]" }],
    [{ text: "Call " }, { text: "01234 567890", link: "tel:01234567890" }, { text: " now", bold: true }],
    [{ text: "Ward (north)", link: "/wards/north_(east)" }],
    [{ text: "back\\slash", italic: true }],
    [{ text: "Closed", bold: true, italic: true }, { text: " on Monday" }],
    // Bold next to italic, either way round, and bold next to bold-and-italic.
    [{ text: "a", bold: true }, { text: "b", italic: true }],
    [{ text: "a", italic: true }, { text: "b", bold: true }],
    [{ text: "a", bold: true }, { text: "b", bold: true, italic: true }],
    [{ text: "snake_case", italic: true }, { text: " and _under_ plain" }],
  ];
  for (const runs of cases) assert.deepEqual(fromMarkup(toMarkup(runs)), runs, toMarkup(runs));
});

test("a chosen page becomes a link in markup", () => {
  const markup = `See ${linkMarkup("Bins [and] recycling", "/bins")}`;
  assert.deepEqual(fromMarkup(markup), [{ text: "See " }, { text: "Bins [and] recycling", link: "/bins" }]);
});
