// Deadlines in words, as democratic services officers read them: "due by Mon 2 Dec", whether the agenda is on
// time, and the rule that set the date ("5 clear working days; weekends, bank holidays and 24 December excluded").
import type { Schemas } from "./api/client";

export type Compliance = Schemas["Compliance"];
export type DeadlineSettings = Schemas["DeadlineSettingsResponse"];

/** A date (YYYY-MM-DD) as "Mon 2 Dec 2026". */
export function dayWords(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return d.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "Europe/London" }).replace(",", "");
}

/** Where an agenda stands, in words an officer acts on. */
export function complianceWords(compliance: Compliance | null | undefined, dueBy: string | null | undefined): string {
  switch (compliance) {
    case "on_time":
      return "Published on time";
    case "late":
      return "Published late";
    case "overdue":
      return dueBy ? `Overdue: was due by ${dayWords(dueBy)}` : "Overdue";
    case "not_yet_due":
      return dueBy ? `Due by ${dayWords(dueBy)}` : "Not yet due";
    default:
      return "No deadline (cancelled)";
  }
}

/** The GOV.UK tag colour for a compliance. */
export function complianceColour(compliance: Compliance | null | undefined): string {
  const colours: Record<string, string> = { on_time: "govuk-tag--green", late: "govuk-tag--orange", overdue: "govuk-tag--red", not_yet_due: "govuk-tag--blue" };
  return colours[compliance ?? ""] ?? "govuk-tag--grey";
}

const NATIONS: Record<string, string> = { england: "England", wales: "Wales", scotland: "Scotland", northern_ireland: "Northern Ireland" };

/** The rule behind an agenda deadline, from the council's deadline settings. */
export function agendaRule(s: DeadlineSettings): string {
  const excluded = ["weekends", `${NATIONS[s.nation] ?? s.nation} bank holidays (25 and 26 December among them)`];
  if (s.exclude_christmas_eve) excluded.push("24 December");
  if (s.exclude_christmas_and_easter_breaks) excluded.push("the Christmas and Easter breaks");
  if (s.closure_days.length) excluded.push(`${s.closure_days.length} closure day${s.closure_days.length === 1 ? "" : "s"} of the council`);
  const last = excluded.pop();
  return `${s.agenda_clear_days} clear working days before the meeting, not counting the day of publication or of the meeting; ${excluded.join(", ")} and ${last} excluded`;
}

/** Whole days from `today` (YYYY-MM-DD) to `date`: negative when it has passed. */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** Today's date in London (YYYY-MM-DD). */
export function londonToday(now = new Date()): string {
  return now.toLocaleDateString("en-CA", { timeZone: "Europe/London" });
}
