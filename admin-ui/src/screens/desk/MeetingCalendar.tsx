// A month of meetings as a calendar (Monday first, London dates), with the previous and next months.
import { useEffect, useState } from "preact/hooks";
import { type Schemas, api } from "../../api/client";
import { Link } from "../../components";

type Meeting = Schemas["MeetingResponse"];

/** The weeks of a month as rows of seven dates (YYYY-MM-DD), Monday first; days of other months are null. */
export function monthGrid(year: number, month: number): (string | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= days; d++) cells.push(`${year}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

const londonDate = (instant: string) => new Date(instant).toLocaleDateString("en-CA", { timeZone: "Europe/London" });
const londonTime = (instant: string) => new Date(instant).toLocaleTimeString("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

export function MeetingCalendar({ council, committee, start }: { council: string; committee: string; start: string }) {
  const [year, setYear] = useState(Number(start.slice(0, 4)));
  const [month, setMonth] = useState(Number(start.slice(5, 7)));
  const [meetings, setMeetings] = useState<Meeting[]>([]);
  useEffect(() => {
    let stale = false;
    const from = `${year}-${String(month).padStart(2, "0")}-01`;
    const to = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    api
      .GET("/api/v1/councils/{council}/meetings", { params: { path: { council }, query: { from, to, committee: committee || undefined, limit: 100 } } })
      .then(({ data }) => !stale && setMeetings(data?.items ?? []));
    return () => {
      stale = true;
    };
  }, [council, committee, year, month]);
  const name = new Date(Date.UTC(year, month - 1, 15)).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
  const step = (by: number) => {
    const m = month + by;
    setYear(year + Math.floor((m - 1) / 12));
    setMonth(((m - 1 + 120) % 12) + 1);
  };
  return (
    <>
      <div class="govuk-button-group">
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => step(-1)}>
          Previous month
        </button>
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => step(1)}>
          Next month
        </button>
      </div>
      <table class="govuk-table th-calendar">
        <caption class="govuk-table__caption govuk-table__caption--m">Meetings in {name}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            {["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].map((d) => (
              <th scope="col" class="govuk-table__header" key={d}>
                <abbr title={d}>{d.slice(0, 3)}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {monthGrid(year, month).map((week, i) => (
            <tr class="govuk-table__row" key={i}>
              {week.map((day, j) => (
                <td class="govuk-table__cell" key={j}>
                  {day && (
                    <>
                      <span class="govuk-body-s govuk-!-font-weight-bold">{Number(day.slice(8))}</span>
                      <ul class="govuk-list govuk-body-s">
                        {meetings
                          .filter((m) => londonDate(m.start) === day)
                          .map((m) => (
                            <li key={m.id}>
                              <Link href={`/c/${council}/meetings/${m.id}`}>
                                {londonTime(m.start)} {m.committee.name}
                              </Link>
                              {m.status === "cancelled" && " (cancelled)"}
                            </li>
                          ))}
                      </ul>
                    </>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
