// One meeting at the desk: its details (reschedule, cancel, venue, webcast), the agenda builder, its papers, what
// the public will see (read through the public GraphQL API), publishing the agenda against its deadline, and
// the business after the meeting.
import { useEffect, useState } from "preact/hooks";
import { type Role, type Schemas, api, ifMatch } from "../../api/client";
import { accessToken } from "../../api/session";
import { changedPlaces, childrenOf, indent, moveAmongSiblings, moveBefore, ordered, outdent, renumber } from "../../agenda";
import { Checkbox, Done, ErrorSummary, Field, Link, Select } from "../../components";
import { agendaRule, complianceColour, complianceWords, dayWords } from "../../deadlines";
import { type Problem, messageFor, problemOf } from "../../errors";
import { londonWords, toLondonInput } from "../../london";
import { takeFlash } from "../../router";
import { uploadPaper } from "../../upload";
import { STATUSES } from "./Meetings";
import { Proceedings } from "./Proceedings";
import { DeskNav } from "./Desk";

type Meeting = Schemas["MeetingResponse"];
type Item = Schemas["AgendaItemResponse"];
type Paper = Schemas["DocumentResponse"];

/** Schedule 12A to the Local Government Act 1972 (as amended in England): the seven descriptions of exempt information. */
export const PARAGRAPHS: [string, string][] = [
  ["1", "Information relating to any individual"],
  ["2", "Information which is likely to reveal the identity of an individual"],
  ["3", "Information relating to the financial or business affairs of any particular person (including the authority holding that information)"],
  ["4", "Information relating to consultations or negotiations in connection with a labour relations matter between the authority and its employees or office holders"],
  ["5", "Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings"],
  ["6", "Information which reveals that the authority proposes to give a notice imposing requirements on a person, or to make an order or direction under any enactment"],
  ["7", "Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime"],
];

export const PAPER_KINDS: [Schemas["DocumentKind"], string][] = [
  ["report", "Report"],
  ["appendix", "Appendix"],
  ["agenda_pack", "Agenda pack"],
  ["supplement", "Supplement"],
  ["background_paper", "Background paper"],
  ["minutes", "Minutes"],
  ["decision_notice", "Decision notice"],
];

/** The body of an item's full replacement, with `change` applied. */
function request(item: Item, change: Partial<Item> = {}): Schemas["AgendaItemRequest"] {
  const i = { ...item, ...change };
  return {
    order_label: i.order_label,
    title: i.title,
    description: i.description ?? null,
    exempt_paragraph: i.exempt_paragraph ?? null,
    key_decision: i.key_decision,
    minutes: i.minutes ?? null,
    resolution: i.resolution ?? null,
    parent_id: i.parent_id ?? null,
    position: i.position,
    ward_ids: i.ward_ids,
  };
}

export function MeetingScreen({ council, id, role }: { council: string; id: string; role: Role }) {
  const [meeting, setMeeting] = useState<Meeting | null>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [papers, setPapers] = useState<Paper[]>([]);
  const [wards, setWards] = useState<Schemas["WardResponse"][]>([]);
  const [rule, setRule] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(() => takeFlash());
  const canWrite = role === "admin" || role === "democratic_services";
  const loadAgenda = () =>
    api.GET("/api/v1/councils/{council}/meetings/{id}/agenda", { params: { path: { council, id } } }).then(({ data }) => {
      setItems(data?.items ?? []);
      setPapers(data?.documents ?? []);
    });
  useEffect(() => {
    api.GET("/api/v1/councils/{council}/meetings/{id}", { params: { path: { council, id } } }).then(({ data }) => {
      setMeeting(data ?? null);
      document.title = `${data?.committee.name ?? "Meeting"} – Townhall Admin`;
    });
    loadAgenda();
    api.GET("/api/v1/councils/{council}/wards", { params: { path: { council }, query: { limit: 100 } } }).then(({ data }) => setWards(data?.items ?? []));
    api.GET("/api/v1/councils/{council}/deadline-settings", { params: { path: { council } } }).then(({ data }) => setRule(data ? agendaRule(data) : null));
  }, [council, id]);
  if (!meeting) return <p class="govuk-body">Loading…</p>;
  const done = (message: string) => {
    setProblem(null);
    setNotice(message);
  };
  const failed = (error: unknown) => {
    setNotice(null);
    setProblem(problemOf(error));
  };

  /** Saves the new order of the whole agenda in one go, each item at the version it was read at. */
  const place = async (next: Item[], message: string, current: Item[] = items) => {
    if (!changedPlaces(current, next).length) {
      await loadAgenda();
      return done(message);
    }
    const { data, error, response } = await api.PUT("/api/v1/councils/{council}/meetings/{id}/agenda/order", {
      params: { path: { council, id } },
      body: {
        items: next.map((i) => ({
          id: i.id,
          version: current.find((c) => c.id === i.id)?.version ?? i.version,
          parent_id: i.parent_id ?? null,
          position: i.position,
          order_label: i.order_label,
        })),
      },
    });
    if (error || !data) {
      await loadAgenda();
      return failed(response.status === 412 ? { error: { message: "Someone else changed the agenda: it has been reloaded. Try again." } } : error);
    }
    setItems(data.items);
    setPapers(data.documents);
    done(message);
  };

  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}/meetings`}>Meetings</Link>
      </span>
      <h1 class="govuk-heading-l">
        {meeting.committee.name}, {londonWords(meeting.start)}
      </h1>
      <DeskNav council={council} />
      <Done message={notice} />
      <ErrorSummary problem={problem} />
      <dl class="govuk-summary-list">
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Status</dt>
          <dd class="govuk-summary-list__value">{STATUSES.find(([s]) => s === meeting.status)?.[1] ?? meeting.status}</dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Venue</dt>
          <dd class="govuk-summary-list__value">{meeting.venue ?? "Not set"}</dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Agenda</dt>
          <dd class="govuk-summary-list__value">
            <strong class={`govuk-tag ${complianceColour(meeting.agenda_compliance)}`}>{complianceWords(meeting.agenda_compliance, meeting.agenda_due_by)}</strong>
            {meeting.agenda_published_at && (
              <p class="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                Published on {londonWords(meeting.agenda_published_at)}
                {meeting.agenda_published_by && ` by ${meeting.agenda_published_by}`}.
              </p>
            )}
            {meeting.agenda_late_reason && <p class="govuk-body govuk-!-margin-bottom-0">Reason it was late (shown to the public): {meeting.agenda_late_reason}</p>}
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Minutes</dt>
          <dd class="govuk-summary-list__value">
            {meeting.minutes_published_at ? `Published on ${londonWords(meeting.minutes_published_at)}${meeting.minutes_published_by ? ` by ${meeting.minutes_published_by}` : ""}.` : "Not published"}
          </dd>
        </div>
      </dl>
      <p class="govuk-body">
        <Link href={`/c/${council}/records/${meeting.id}/history`}>History of this meeting</Link>
      </p>
      {canWrite && <Details council={council} meeting={meeting} onSaved={(m) => (setMeeting(m), done("The meeting was saved."))} onProblem={failed} />}

      <h2 class="govuk-heading-l govuk-!-margin-top-8">Agenda</h2>
      <AgendaList
        items={items}
        papers={papers}
        canWrite={canWrite}
        onPlace={place}
        onEdit={async (item, change) => {
          const { error } = await api.PATCH("/api/v1/councils/{council}/agenda-items/{id}", {
            params: { path: { council, id: item.id }, header: { "If-Match": ifMatch(item.version) } },
            body: request(item, change),
          });
          if (error) {
            failed(error);
            return false;
          }
          await loadAgenda();
          done(`Item ${item.order_label} was saved.`);
          return true;
        }}
        onRemove={async (item) => {
          // Its sub-items go with it; the items after it move up a number.
          const going = [...childrenOf(items, item.id), item];
          for (const gone of going) {
            const { error } = await api.DELETE("/api/v1/councils/{council}/agenda-items/{id}", { params: { path: { council, id: gone.id } } });
            if (error) {
              await loadAgenda();
              return failed(error);
            }
          }
          const rest = items.filter((i) => !going.some((g) => g.id === i.id));
          await place(renumber(rest), `Item ${item.order_label} was removed${going.length > 1 ? ` with its ${going.length - 1} sub-item(s)` : ""}.`, rest);
        }}
        wards={wards}
      />
      {canWrite && (
        <NewItem
          wards={wards}
          onAdd={async (fields) => {
            const top = childrenOf(items, null);
            const last = Math.max(0, ...top.map((t) => t.position));
            const { error } = await api.POST("/api/v1/councils/{council}/meetings/{id}/agenda-items", {
              params: { path: { council, id } },
              body: { ...fields, order_label: String(top.length + 1), position: last + 1, parent_id: null },
            });
            if (error) {
              failed(error);
              return false;
            }
            await loadAgenda();
            done(`“${fields.title}” was added to the agenda.`);
            return true;
          }}
        />
      )}

      <h2 class="govuk-heading-l govuk-!-margin-top-8">Papers</h2>
      <PaperList council={council} meeting={id} items={items} papers={papers} canWrite={canWrite} onChanged={async (message) => (await loadAgenda(), done(message))} onProblem={failed} />

      <PublicView council={council} meeting={id} key={`${items.length}-${papers.length}-${items.map((i) => i.version).join()}`} />

      {canWrite && !meeting.agenda_published_at && meeting.status !== "cancelled" && (
        <PublishAgenda council={council} meeting={meeting} rule={rule} onPublished={(m) => (setMeeting(m), done("The agenda is published: the public can see it now."))} onProblem={setProblem} problem={problem} />
      )}
      {meeting.agenda_published_at && <Proceedings council={council} meeting={meeting} items={items} canWrite={canWrite} onMeeting={setMeeting} onAgenda={loadAgenda} />}
    </>
  );
}

function Details({ council, meeting, onSaved, onProblem }: { council: string; meeting: Meeting; onSaved: (m: Meeting) => void; onProblem: (e: unknown) => void }) {
  const [start, setStart] = useState(toLondonInput(meeting.start));
  const [status, setStatus] = useState<string>(meeting.status);
  const [venue, setVenue] = useState(meeting.venue ?? "");
  const [webcast, setWebcast] = useState(meeting.webcast_url ?? "");
  const save = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.PATCH("/api/v1/councils/{council}/meetings/{id}", {
      params: { path: { council, id: meeting.id }, header: { "If-Match": ifMatch(meeting.version) } },
      body: {
        committee_id: meeting.committee.id,
        start,
        end: meeting.end ? toLondonInput(meeting.end) : null,
        status: status as Schemas["MeetingStatus"],
        venue: venue || null,
        webcast_url: webcast || null,
      },
    });
    if (error || !data) return onProblem(error);
    onSaved(data);
  };
  return (
    <details class="govuk-details">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">Reschedule, cancel or change the venue</span>
      </summary>
      <form class="govuk-details__text" onSubmit={save} noValidate>
        <Field path="start" label="Starts at (London time)" type="datetime-local" value={start} onInput={setStart} />
        <Select path="status" label="Meeting status" value={status} options={STATUSES} onChange={setStatus} />
        <Field path="venue" label="Venue" value={venue} onInput={setVenue} />
        <Field path="webcast_url" label="Webcast address" type="url" value={webcast} onInput={setWebcast} />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Save meeting
        </button>
      </form>
    </details>
  );
}

function AgendaList(props: {
  items: Item[];
  papers: Paper[];
  canWrite: boolean;
  wards: Schemas["WardResponse"][];
  onPlace: (next: Item[], message: string) => void;
  onEdit: (item: Item, change: Partial<Item>) => Promise<boolean>;
  onRemove: (item: Item) => void;
}) {
  const { items } = props;
  const [dragged, setDragged] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const list = ordered(items);
  if (!list.length) return <p class="govuk-body">No items yet: add the first below.</p>;
  return (
    <ol class="th-agenda" aria-label="Agenda items">
      {list.map((item) => {
        const siblings = childrenOf(items, item.parent_id ?? null);
        const at = siblings.findIndex((s) => s.id === item.id);
        const name = `item ${item.order_label}`;
        return (
          <li
            key={item.id}
            class={`th-agenda__item${item.parent_id ? " th-agenda__item--sub" : ""}${dragged === item.id ? " th-agenda__item--dragged" : ""}`}
            draggable={props.canWrite}
            onDragStart={(e) => {
              setDragged(item.id);
              e.dataTransfer?.setData("text/plain", item.id);
            }}
            onDragEnd={() => setDragged(null)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              const moving = e.dataTransfer?.getData("text/plain") || dragged;
              setDragged(null);
              if (moving && moving !== item.id) props.onPlace(moveBefore(items, moving, item.id), "The agenda was reordered.");
            }}
          >
            <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
              {item.order_label}. {item.title}
            </p>
            <p class="govuk-body-s govuk-!-margin-bottom-1">
              {item.exempt_paragraph != null && <strong class="govuk-tag govuk-tag--red govuk-!-margin-right-1">Exempt: paragraph {item.exempt_paragraph}</strong>}
              {item.key_decision && <strong class="govuk-tag govuk-tag--purple govuk-!-margin-right-1">Key decision</strong>}
              {props.papers.filter((p) => p.agenda_item_id === item.id).length > 0 && `${props.papers.filter((p) => p.agenda_item_id === item.id).length} paper(s)`}
            </p>
            {props.canWrite && (
              <div class="th-block__tools">
                <button type="button" class="govuk-button govuk-button--secondary" disabled={at === 0} onClick={() => props.onPlace(moveAmongSiblings(items, item.id, -1), `Item “${item.title}” moved up.`)}>
                  Move up<span class="govuk-visually-hidden"> {name}</span>
                </button>
                <button type="button" class="govuk-button govuk-button--secondary" disabled={at === siblings.length - 1} onClick={() => props.onPlace(moveAmongSiblings(items, item.id, 1), `Item “${item.title}” moved down.`)}>
                  Move down<span class="govuk-visually-hidden"> {name}</span>
                </button>
                {!item.parent_id && at > 0 && childrenOf(items, item.id).length === 0 && (
                  <button type="button" class="govuk-button govuk-button--secondary" onClick={() => props.onPlace(indent(items, item.id), `Item “${item.title}” is now under the item above.`)}>
                    Make a sub-item<span class="govuk-visually-hidden"> ({name})</span>
                  </button>
                )}
                {item.parent_id && (
                  <button type="button" class="govuk-button govuk-button--secondary" onClick={() => props.onPlace(outdent(items, item.id), `Item “${item.title}” is now a main item.`)}>
                    Make a main item<span class="govuk-visually-hidden"> ({name})</span>
                  </button>
                )}
                <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setEditing(editing === item.id ? null : item.id)} aria-expanded={editing === item.id}>
                  Edit<span class="govuk-visually-hidden"> {name}</span>
                </button>
                <button type="button" class="govuk-button govuk-button--warning" onClick={() => props.onRemove(item)}>
                  Remove<span class="govuk-visually-hidden"> {name}</span>
                </button>
              </div>
            )}
            {editing === item.id && (
              <ItemForm
                label={`Save ${name}`}
                initial={item}
                wards={props.wards}
                onSave={async (fields) => {
                  // A refused edit keeps the form open with what was typed.
                  const saved = await props.onEdit(item, fields);
                  if (saved) setEditing(null);
                  return saved;
                }}
              />
            )}
          </li>
        );
      })}
    </ol>
  );
}

type ItemFields = Pick<Item, "title" | "description" | "exempt_paragraph" | "key_decision" | "ward_ids">;

function NewItem({ wards, onAdd }: { wards: Schemas["WardResponse"][]; onAdd: (fields: ItemFields) => Promise<boolean> }) {
  const [round, setRound] = useState(0);
  return (
    <div class="govuk-!-margin-top-6">
      <h3 class="govuk-heading-m">Add an item</h3>
      <ItemForm key={round} label="Add item" wards={wards} onSave={async (fields) => {
        const ok = await onAdd(fields);
        if (ok) setRound(round + 1);
        return ok;
      }} />
    </div>
  );
}

function ItemForm({ label, initial, wards, onSave }: { label: string; initial?: Item; wards: Schemas["WardResponse"][]; onSave: (fields: ItemFields) => Promise<boolean> }) {
  const prefix = initial ? `item-${initial.id}` : "new-item";
  const [title, setTitle] = useState(initial?.title ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [exempt, setExempt] = useState(initial?.exempt_paragraph != null ? String(initial.exempt_paragraph) : "");
  const [key, setKey] = useState(initial?.key_decision ?? false);
  const [chosenWards, setWards] = useState<string[]>(initial?.ward_ids ?? []);
  const paragraph = PARAGRAPHS.find(([n]) => n === exempt);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ title, description: description || null, exempt_paragraph: exempt ? Number(exempt) : null, key_decision: key, ward_ids: chosenWards });
      }}
    >
      <Field path={`${prefix}-title`} label={initial ? `Title of item ${initial.order_label}` : "Item title"} value={title} onInput={setTitle} />
      <Field path={`${prefix}-description`} label={initial ? `Description of item ${initial.order_label}` : "Item description"} hint="Optional" multiline value={description} onInput={setDescription} />
      <Select
        path={`${prefix}-exempt`}
        label={initial ? `Exempt information (item ${initial.order_label})` : "Exempt information"}
        value={exempt}
        options={[["", "Not exempt: open to the public"], ...PARAGRAPHS.map(([n, words]): [string, string] => [n, `Paragraph ${n}: ${words.length > 70 ? `${words.slice(0, 70)}…` : words}`])]}
        onChange={setExempt}
      />
      {paragraph && (
        <div class="govuk-inset-text">
          Schedule 12A, paragraph {paragraph[0]}: {paragraph[1]}. The public will see “Exempt item” and this paragraph number, and none of its papers.
        </div>
      )}
      <Checkbox path={`${prefix}-key`} label={initial ? `Key decision (item ${initial.order_label})` : "Key decision"} checked={key} onChange={setKey} />
      {wards.length > 0 && (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">Wards affected ({chosenWards.length ? chosenWards.length : "all"})</span>
          </summary>
          <div class="govuk-details__text">
            {wards.map((w) => (
              <Checkbox
                key={w.id}
                path={`${prefix}-ward-${w.id}`}
                label={w.name}
                checked={chosenWards.includes(w.id)}
                onChange={(on) => setWards(on ? [...chosenWards, w.id] : chosenWards.filter((x) => x !== w.id))}
              />
            ))}
          </div>
        </details>
      )}
      <button type="submit" class="govuk-button">
        {label}
      </button>
    </form>
  );
}

function PaperList(props: { council: string; meeting: string; items: Item[]; papers: Paper[]; canWrite: boolean; onChanged: (message: string) => void; onProblem: (e: unknown) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<string>("report");
  const [item, setItem] = useState("");
  const [restricted, setRestricted] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const label = (id: string | null | undefined) => {
    const found = props.items.find((i) => i.id === id);
    return found ? `${found.order_label}. ${found.title}` : "The whole meeting";
  };
  const upload = async (event: Event) => {
    event.preventDefault();
    if (!file) return setError("Choose a file to upload");
    const fields: Record<string, string> = { title: title || file.name, kind };
    if (item) fields.agenda_item = item;
    if (restricted) fields.restricted = "true";
    setError(null);
    const result = await uploadPaper(props.council, props.meeting, file, fields, setProgress);
    setProgress(null);
    if ("error" in result) return setError(result.error);
    setFile(null);
    setTitle("");
    setRestricted(false);
    setRound(round + 1);
    props.onChanged(`“${fields.title}” was uploaded.`);
  };
  return (
    <>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">Papers</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Paper</th>
            <th scope="col" class="govuk-table__header">Item</th>
            <th scope="col" class="govuk-table__header">Kind</th>
            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {props.papers.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={4}>
                No papers yet.
              </td>
            </tr>
          )}
          {props.papers.map((p) => (
            <tr class="govuk-table__row" key={p.id}>
              <td class="govuk-table__cell">
                {p.title}
                {p.restricted && <strong class="govuk-tag govuk-tag--grey govuk-!-margin-left-1">restricted</strong>}
              </td>
              <td class="govuk-table__cell">{label(p.agenda_item_id)}</td>
              <td class="govuk-table__cell">{PAPER_KINDS.find(([k]) => k === p.kind)?.[1] ?? p.kind}</td>
              <td class="govuk-table__cell">
                {props.canWrite && (
                  <button
                    type="button"
                    class="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                    onClick={async () => {
                      const { error } = await api.DELETE("/api/v1/councils/{council}/meetings/{meeting}/documents/{id}", { params: { path: { council: props.council, meeting: props.meeting, id: p.id } } });
                      if (error) return props.onProblem(error);
                      props.onChanged(`“${p.title}” was deleted.`);
                    }}
                  >
                    Delete<span class="govuk-visually-hidden"> {p.title}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.canWrite && (
        <form onSubmit={upload} noValidate key={round}>
          <h3 class="govuk-heading-m">Upload a paper</h3>
          <div class={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
            <label class="govuk-label" for="f-paper-file">
              Paper file
            </label>
            {error && (
              <p class="govuk-error-message" id="f-paper-file-error">
                <span class="govuk-visually-hidden">Error:</span> {error}
              </p>
            )}
            <input class="govuk-file-upload" id="f-paper-file" type="file" aria-describedby={error ? "f-paper-file-error" : undefined} onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
          </div>
          <Field path="paper-title" label="Paper title" hint="As the public will see it; the file name when left empty" value={title} onInput={setTitle} />
          <Select path="paper-kind" label="Kind of paper" value={kind} options={PAPER_KINDS} onChange={setKind} />
          <Select path="paper-item" label="Agenda item" value={item} options={[["", "The whole meeting"], ...ordered(props.items).map((i): [string, string] => [i.id, `${i.order_label}. ${i.title}`])]} onChange={setItem} />
          <Checkbox path="paper-restricted" label="Restricted: only this council's people may read it" hint="Papers of exempt items are always restricted" checked={restricted} onChange={setRestricted} />
          {progress !== null && (
            <p class="govuk-body">
              <label for="paper-progress">Uploading</label> <progress id="paper-progress" class="th-progress" max={100} value={progress} />
            </p>
          )}
          <button type="submit" class="govuk-button">
            Upload paper
          </button>
        </form>
      )}
    </>
  );
}

interface PublicItem {
  orderLabel: string;
  title: string;
  exempt: boolean;
  exemptParagraph: number | null;
  documents: { title: string }[];
  children: PublicItem[];
}

/** The agenda as the public will see it once published, read through the public GraphQL API (preview). */
function PublicView({ council, meeting }: { council: string; meeting: string }) {
  const [seen, setSeen] = useState<{ agenda: PublicItem[]; documents: { title: string }[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const look = async () => {
    const query = `query ($slug: String!, $id: ID!) { council(slug: $slug, preview: true) { meeting(id: $id) { agenda { ...item children { ...item } } documents { title } } } }
      fragment item on AgendaItem { orderLabel title exempt exemptParagraph documents { title } }`;
    const token = await accessToken();
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables: { slug: council, id: meeting } }),
    });
    const body = (await response.json()) as { data?: { council?: { meeting?: typeof seen } }; errors?: { message: string }[] };
    if (body.errors?.length || !body.data?.council?.meeting) return setError(body.errors?.[0]?.message ?? "The public view could not be read.");
    setError(null);
    setSeen(body.data.council.meeting);
  };
  const items = (list: PublicItem[]) => (
    <ol class="govuk-list">
      {list.map((i) => (
        <li key={i.orderLabel}>
          <strong>{i.orderLabel}.</strong> {i.title}
          {i.exempt && ` (Schedule 12A, paragraph ${i.exemptParagraph})`}
          {i.documents.length > 0 && <span class="govuk-body-s"> Papers: {i.documents.map((d) => d.title).join(", ")}</span>}
          {i.children.length > 0 && items(i.children)}
        </li>
      ))}
    </ol>
  );
  return (
    <section class="govuk-!-margin-top-8" aria-labelledby="public-view">
      <h2 class="govuk-heading-l" id="public-view">
        What the public will see
      </h2>
      <p class="govuk-body">The agenda as the council's website will show it once published: exempt items as stubs, restricted papers left out.</p>
      <button type="button" class="govuk-button govuk-button--secondary" onClick={look}>
        {seen ? "Look again" : "Show what the public will see"}
      </button>
      {error && <p class="govuk-error-message">{error}</p>}
      {seen && (
        <div class="govuk-inset-text" role="region" aria-label="The public agenda">
          {seen.agenda.length ? items(seen.agenda) : <p class="govuk-body">No items.</p>}
          <p class="govuk-body-s">Papers of the whole meeting: {seen.documents.length ? seen.documents.map((d) => d.title).join(", ") : "none"}</p>
        </div>
      )}
    </section>
  );
}

function PublishAgenda(props: { council: string; meeting: Meeting; rule: string | null; onPublished: (m: Meeting) => void; onProblem: (p: Problem | null) => void; problem: Problem | null }) {
  const { meeting } = props;
  const [reason, setReason] = useState("");
  const late = meeting.agenda_compliance === "overdue";
  const publish = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.POST("/api/v1/councils/{council}/meetings/{id}/agenda/publish", {
      params: { path: { council: props.council, id: meeting.id } },
      body: { late_reason: reason.trim() || null },
    });
    if (error || !data) return props.onProblem(problemOf(error));
    props.onPublished(data);
  };
  return (
    <form onSubmit={publish} noValidate class="govuk-!-margin-top-8">
      <h2 class="govuk-heading-l">Publish the agenda</h2>
      <p class="govuk-body">
        {meeting.agenda_due_by ? (
          <>
            Due by <strong>{dayWords(meeting.agenda_due_by)}</strong> (London time){props.rule ? `: ${props.rule}.` : "."}
          </>
        ) : (
          "This meeting has no deadline."
        )}
      </p>
      {late && (
        <>
          <div class="govuk-warning-text">
            <span class="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong class="govuk-warning-text__text">
              <span class="govuk-visually-hidden">Warning</span>
              The deadline has passed. Say why the agenda is late: the reason is published with it and shown to the public.
            </strong>
          </div>
          <Field path="late_reason" label="Why the agenda is late" multiline value={reason} onInput={setReason} error={messageFor(props.problem, "late_reason")} />
        </>
      )}
      <button type="submit" class="govuk-button">
        Publish the agenda
      </button>
    </form>
  );
}
