import assert from "node:assert/strict";
import { test } from "node:test";
import { readablePath, readableValue } from "../src/diff";

test("a change's path reads as words", () => {
  assert.equal(readablePath("/translations/en/title"), "English: title");
  assert.equal(readablePath("/translations/cy/body/3/text"), "Welsh: body, block 4, text");
  assert.equal(readablePath("/translations/en/body/0/items/1"), "English: body, block 1, items, item 2");
  assert.equal(readablePath("/parent_id"), "parent id");
  assert.equal(readablePath("/a~1b"), "a/b");
});

test("values read as text", () => {
  assert.equal(readableValue("Bins"), "Bins");
  assert.equal(readableValue(undefined), "(none)");
  assert.equal(readableValue(null), "(none)");
  assert.equal(readableValue([{ text: "x" }]), '[{"text":"x"}]');
});
