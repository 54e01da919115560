// Times as councils read and write them: London time, whatever the browser's own time zone.

const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** The London wall-clock time of an instant, as `YYYY-MM-DDTHH:MM` (what `<input type="datetime-local">` holds). */
export function toLondonInput(instant: string | Date): string {
  const p = Object.fromEntries(parts.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The instant (ISO, UTC) of a London wall-clock time `YYYY-MM-DDTHH:MM`; null when it is not one. In the hour the
 * clocks go back the earlier of the two is taken; in the hour they go forward, the time after the change. */
export function fromLondonInput(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wanted = Date.UTC(y, mo - 1, d, h, mi);
  // London is UTC or UTC+1: try both offsets, earlier instant first.
  for (const offset of [60, 0]) {
    const instant = new Date(wanted - offset * 60_000);
    if (toLondonInput(instant) === local) return instant.toISOString();
  }
  // A time the clocks skip (01:00 to 02:00 on the last Sunday of March): the same wall time an hour on.
  return new Date(wanted).toISOString();
}

/** "5 December 2026 at 09:00" in London time. */
export function londonWords(instant: string): string {
  const date = new Date(instant).toLocaleDateString("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });
  const time = new Date(instant).toLocaleTimeString("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return `${date} at ${time}`;
}
