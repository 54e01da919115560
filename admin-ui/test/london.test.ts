import assert from "node:assert/strict";
import { test } from "node:test";
import { fromLondonInput, londonWords, toLondonInput } from "../src/london";

test("London wall-clock times convert to instants in winter and in summer", () => {
  assert.equal(fromLondonInput("2026-12-05T09:00"), "2026-12-05T09:00:00.000Z", "GMT");
  assert.equal(fromLondonInput("2026-07-01T09:00"), "2026-07-01T08:00:00.000Z", "BST");
  assert.equal(toLondonInput("2026-07-01T08:00:00Z"), "2026-07-01T09:00");
  assert.equal(toLondonInput("2026-12-05T09:00:00Z"), "2026-12-05T09:00");
  assert.equal(fromLondonInput("not a time"), null);
});

test("around the clock changes", () => {
  // 25 October 2026: 01:30 happens twice; the first (BST) is taken.
  assert.equal(fromLondonInput("2026-10-25T01:30"), "2026-10-25T00:30:00.000Z");
  // 29 March 2026: 01:30 does not exist; it is read as 02:30 BST.
  assert.equal(fromLondonInput("2026-03-29T01:30"), "2026-03-29T01:30:00.000Z");
  assert.equal(londonWords("2026-07-01T08:00:00Z"), "1 July 2026 at 09:00");
});
