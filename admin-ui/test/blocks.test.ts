// The block editor's operations and the reading of API errors into form fields.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Block } from "../src/api/client";
import { emptyBlock, insertAt, itemsOf, linesOf, move, remove, replace } from "../src/blocks";
import { fieldId, messageFor, problemOf } from "../src/errors";

const h = (text: string): Block => ({ type: "heading", level: 2, text });

test("blocks are added, moved within the body, replaced and removed", () => {
  let body: Block[] = [h("a"), h("b"), h("c")];
  body = insertAt(body, 1, h("new"));
  assert.deepEqual(body.map((b) => (b as { text: string }).text), ["a", "new", "b", "c"]);
  assert.deepEqual(insertAt([], 5, h("x")).length, 1, "past the end appends");
  body = move(body, 0, 1);
  assert.deepEqual(body.map((b) => (b as { text: string }).text), ["new", "a", "b", "c"]);
  assert.equal(move(body, 0, -1), body, "the first block cannot move up");
  assert.equal(move(body, 3, 1), body, "the last block cannot move down");
  body = replace(body, 2, emptyBlock("paragraph"));
  assert.equal(body[2]?.type, "paragraph");
  body = remove(body, 0);
  assert.deepEqual(body.map((b) => b.type), ["heading", "paragraph", "heading"]);
});

test("a list's items round-trip through lines of text, blank lines dropped", () => {
  const items = itemsOf("Paper\n\n  Card \nGlass");
  assert.deepEqual(items, [[{ text: "Paper" }], [{ text: "Card" }], [{ text: "Glass" }]]);
  assert.equal(linesOf(items), "Paper\nCard\nGlass");
});

test("API errors name fields by their path, and the form finds its own", () => {
  const problem = problemOf({
    error: {
      code: "validation_failed",
      message: "The request is not valid.",
      details: { fields: [{ field: "translations.en.body[3].level", message: "use 2, 3 or 4" }] },
    },
  });
  assert.equal(problem.message, "The request is not valid.");
  assert.equal(messageFor(problem, "content.translations.en.body[3].level"), "use 2, 3 or 4");
  assert.equal(messageFor(problem, "content.translations.en.title"), undefined);
  assert.equal(fieldId("content.translations.en.body[3].level"), "f-translations-en-body-3-level");
  assert.deepEqual(problemOf(null).fields, []);
});
