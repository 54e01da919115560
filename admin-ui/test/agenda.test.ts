// The agenda builder's operations and deadlines in words.
import assert from "node:assert/strict";
import { test } from "node:test";
import { changedPlaces, indent, moveAmongSiblings, moveBefore, ordered, outdent, renumber } from "../src/agenda";
import { agendaRule, complianceWords, dayWords, daysUntil } from "../src/deadlines";

const item = (id: string, position: number, parent_id: string | null = null) => ({ id, position, parent_id, order_label: "?" });
const labels = (items: { id: string; order_label: string }[]) => ordered(items as never[]).map((i: { id: string; order_label: string }) => `${i.order_label} ${i.id}`);

test("an agenda is numbered from its places, sub-items under their item", () => {
  const agenda = renumber([item("c", 30), item("a", 10), item("b", 20), item("b2", 2, "b"), item("b1", 1, "b")]);
  assert.deepEqual(labels(agenda), ["1 a", "2 b", "2.1 b1", "2.2 b2", "3 c"]);
});

test("items move among their siblings, and their sub-items move with them", () => {
  let agenda = renumber([item("a", 1), item("b", 2), item("b1", 1, "b"), item("c", 3)]);
  agenda = moveAmongSiblings(agenda, "b", -1);
  assert.deepEqual(labels(agenda), ["1 b", "1.1 b1", "2 a", "3 c"]);
  assert.deepEqual(labels(moveAmongSiblings(agenda, "b", -1)), labels(agenda), "the first stays first");
  agenda = moveAmongSiblings(agenda, "a", 1);
  assert.deepEqual(labels(agenda), ["1 b", "1.1 b1", "2 c", "3 a"]);
});

test("an item is nested under the one above it and brought back after it", () => {
  let agenda = renumber([item("a", 1), item("b", 2), item("c", 3)]);
  assert.deepEqual(indent(agenda, "a"), agenda, "the first item has nothing above it");
  agenda = indent(agenda, "c");
  assert.deepEqual(labels(agenda), ["1 a", "2 b", "2.1 c"]);
  agenda = indent(renumber([...agenda, item("d", 4)]), "d");
  assert.deepEqual(labels(agenda), ["1 a", "2 b", "2.1 c", "2.2 d"]);
  agenda = outdent(agenda, "c");
  assert.deepEqual(labels(agenda), ["1 a", "2 b", "2.1 d", "3 c"]);
});

test("a drag places an item before another, taking its level, never under itself", () => {
  let agenda = renumber([item("a", 1), item("b", 2), item("b1", 1, "b"), item("c", 3)]);
  const before = agenda;
  agenda = moveBefore(agenda, "c", "b1");
  assert.deepEqual(labels(agenda), ["1 a", "2 b", "2.1 c", "2.2 b1"]);
  assert.deepEqual(moveBefore(agenda, "b", "c"), agenda, "not under itself");
  const before2 = renumber([item("a", 1), item("a1", 1, "a"), item("b", 2), item("b1", 1, "b")]);
  assert.deepEqual(moveBefore(before2, "a", "b1"), before2, "an item with sub-items stays a main item");
  assert.deepEqual(changedPlaces(before, agenda).map((i) => i.id).sort(), ["b1", "c"]);
});

test("deadlines read as words with their rule", () => {
  assert.equal(dayWords("2026-12-07"), "Mon 7 Dec 2026");
  assert.equal(complianceWords("not_yet_due", "2026-12-07"), "Due by Mon 7 Dec 2026");
  assert.equal(complianceWords("overdue", "2026-12-07"), "Overdue: was due by Mon 7 Dec 2026");
  assert.equal(complianceWords(null, null), "No deadline (cancelled)");
  assert.equal(daysUntil("2026-12-07", "2026-11-29"), 8);
  const rule = agendaRule({
    nation: "england",
    agenda_clear_days: 5,
    exclude_christmas_eve: true,
    exclude_christmas_and_easter_breaks: false,
    closure_days: [],
    call_in_working_days: 5,
    key_decision_notice_days: 28,
    key_decision_notice_calendar_days: false,
    remind_agenda: true,
    remind_forward_plan: true,
    remind_call_in: true,
    version: 1,
  });
  assert.equal(rule, "5 clear working days before the meeting, not counting the day of publication or of the meeting; weekends, England bank holidays (25 and 26 December among them) and 24 December excluded");
});

test("a month's calendar starts on Monday and holds every day once", async () => {
  const { monthGrid } = await import("../src/screens/desk/MeetingCalendar");
  const december = monthGrid(2026, 12);
  assert.deepEqual(december[0], [null, "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"], "1 December 2026 is a Tuesday");
  assert.equal(december.flat().filter(Boolean).length, 31);
  assert.ok(december.every((week) => week.length === 7));
  assert.equal(monthGrid(2027, 2).flat().filter(Boolean).length, 28);
});
