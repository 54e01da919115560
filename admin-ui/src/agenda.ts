// The agenda builder's operations on an agenda of items and sub-items: pure functions, tested on their own. An
// agenda is kept as a list in agenda order; each item has its parent (none for a top-level item). Moving, nesting
// and un-nesting give every item a new position and order label ("3", "3.1"), numbered from its place.
export interface Entry {
  id: string;
  parent_id?: string | null;
  position: number;
  order_label: string;
}

/** The items under `parent` (null: the top level), in agenda order. */
export const childrenOf = <T extends Entry>(items: T[], parent: string | null) =>
  items.filter((i) => (i.parent_id ?? null) === parent).sort((a, b) => a.position - b.position);

/** The agenda in reading order: each item followed by its sub-items. */
export function ordered<T extends Entry>(items: T[]): T[] {
  const out: T[] = [];
  const walk = (parent: string | null) => {
    for (const item of childrenOf(items, parent)) {
      out.push(item);
      walk(item.id);
    }
  };
  walk(null);
  return out;
}

/** Every item numbered from its place: positions 1, 2, 3 among its siblings and labels "3", "3.1". */
export function renumber<T extends Entry>(items: T[]): T[] {
  const out: T[] = [];
  const walk = (parent: string | null, prefix: string) => {
    childrenOf(items, parent).forEach((item, i) => {
      const label = `${prefix}${i + 1}`;
      out.push({ ...item, position: i + 1, order_label: label });
      walk(item.id, `${label}.`);
    });
  };
  walk(null, "");
  return out;
}

/** The agenda with `id` moved by `by` places among its siblings (kept within them), renumbered. */
export function moveAmongSiblings<T extends Entry>(items: T[], id: string, by: number): T[] {
  const item = items.find((i) => i.id === id);
  if (!item) return items;
  const siblings = childrenOf(items, item.parent_id ?? null);
  const from = siblings.findIndex((s) => s.id === id);
  const to = Math.max(0, Math.min(siblings.length - 1, from + by));
  if (to === from) return renumber(items);
  const reordered = [...siblings];
  reordered.splice(from, 1);
  reordered.splice(to, 0, item);
  return renumber(items.map((i) => (i.parent_id ?? null) === (item.parent_id ?? null) ? { ...i, position: reordered.findIndex((r) => r.id === i.id) + 1 } : i));
}

/** The agenda with `id` placed just before `before` (taking its parent): what a drag and drop does. */
export function moveBefore<T extends Entry>(items: T[], id: string, before: string): T[] {
  const target = items.find((i) => i.id === before);
  const item = items.find((i) => i.id === id);
  if (!target || !item || id === before || isUnder(items, before, id)) return items;
  // Agendas have two levels: an item with sub-items cannot become a sub-item.
  if (target.parent_id && childrenOf(items, id).length) return items;
  const parent = target.parent_id ?? null;
  const siblings = childrenOf(items, parent).filter((s) => s.id !== id);
  siblings.splice(siblings.findIndex((s) => s.id === before), 0, { ...item, parent_id: parent });
  return renumber(
    items.map((i) => {
      const at = siblings.findIndex((s) => s.id === i.id);
      if (i.id === id) return { ...i, parent_id: parent, position: at + 1 };
      return at >= 0 ? { ...i, position: at + 1 } : i;
    }),
  );
}

/** Whether `id` is `ancestor` or lies under it. */
export function isUnder(items: Entry[], id: string, ancestor: string): boolean {
  let current: string | null | undefined = id;
  for (let i = 0; current && i <= items.length; i++) {
    if (current === ancestor) return true;
    current = items.find((x) => x.id === current)?.parent_id;
  }
  return false;
}

/** The agenda with `id` made a sub-item of the item before it (the last of that item's sub-items). */
export function indent<T extends Entry>(items: T[], id: string): T[] {
  const item = items.find((i) => i.id === id);
  if (!item || item.parent_id || childrenOf(items, id).length) return items;
  const siblings = childrenOf(items, null);
  const at = siblings.findIndex((s) => s.id === id);
  const above = siblings[at - 1];
  if (!above) return items;
  const last = childrenOf(items, above.id).length;
  return renumber(items.map((i) => (i.id === id ? { ...i, parent_id: above.id, position: last + 1 } : i)));
}

/** The agenda with sub-item `id` brought up to the top level, just after its parent. */
export function outdent<T extends Entry>(items: T[], id: string): T[] {
  const item = items.find((i) => i.id === id);
  const parent = items.find((i) => i.id === item?.parent_id);
  if (!item || !parent) return items;
  const top = childrenOf(items, null).filter((s) => s.id !== id);
  top.splice(top.findIndex((s) => s.id === parent.id) + 1, 0, { ...item, parent_id: null });
  return renumber(
    items.map((i) => {
      const at = top.findIndex((s) => s.id === i.id);
      if (i.id === id) return { ...i, parent_id: null, position: at + 1 };
      return at >= 0 ? { ...i, position: at + 1 } : i;
    }),
  );
}

/** The items whose place or label differ between two versions of the agenda (what needs saving). */
export function changedPlaces<T extends Entry>(before: T[], after: T[]): T[] {
  return after.filter((a) => {
    const b = before.find((x) => x.id === a.id);
    return !b || b.position !== a.position || b.order_label !== a.order_label || (b.parent_id ?? null) !== (a.parent_id ?? null);
  });
}
