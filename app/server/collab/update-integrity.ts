import * as Y from 'yjs';

/** A run of new items longer than this is not walked; the replay check decides instead. */
const WALK_LIMIT = 1000;

/**
 * Whether what a client update just added to `doc` (everything past `before`) is structurally
 * sound: every new item's origins lie in its own list, and every new item sits between the
 * neighbours it claims — or, where concurrent items legitimately lie between, the document replays
 * from its own encoding to the very same order. An update that applies without error can still
 * break this (a flipped bit in an origin), and then the stored document, or a client that loads
 * it, would differ from the live one.
 */
export function isSoundUpdate(doc: Y.Doc, before: Map<number, number>): boolean {
  const added = newItems(doc, before);
  if (added.some((item) => hasForeignOrigin(doc, item))) return false;
  if (added.every((item) => isPlacedAsClaimed(item, before))) return true;
  return replaysIdentically(doc);
}

function isNewId(id: Y.ID, before: Map<number, number>): boolean {
  return id.clock >= (before.get(id.client) ?? 0);
}

function newItems(doc: Y.Doc, before: Map<number, number>): Y.Item[] {
  const items: Y.Item[] = [];
  for (const [client, structs] of doc.store.clients) {
    const from = before.get(client) ?? 0;
    const last = structs[structs.length - 1];
    if (!last || last.id.clock + last.length <= from) continue;
    for (let i = Y.findIndexSS(structs, from); i < structs.length; i += 1) {
      const struct = structs[i];
      if (struct instanceof Y.Item) items.push(struct);
    }
  }
  return items;
}

/** Honest clients take both origins from the list (or map key) they insert into. */
function hasForeignOrigin(doc: Y.Doc, item: Y.Item): boolean {
  for (const id of [item.origin, item.rightOrigin]) {
    if (id === null) continue;
    const other = Y.getItem(doc.store, id);
    if (
      other instanceof Y.Item &&
      (other.parent !== item.parent || other.parentSub !== item.parentSub)
    )
      return true;
  }
  return false;
}

/** Left of the item (past other new items) is its origin, right of it its right origin. */
function isPlacedAsClaimed(item: Y.Item, before: Map<number, number>): boolean {
  if (item.parentSub !== null) return true;
  let steps = 0;
  if (item.origin === null || !isNewId(item.origin, before)) {
    let left = item.left;
    while (left && isNewId(left.id, before)) {
      left = left.left;
      if (++steps > WALK_LIMIT) return false;
    }
    if (!Y.compareIDs(left ? left.lastId : null, item.origin)) return false;
  }
  if (item.rightOrigin === null || !isNewId(item.rightOrigin, before)) {
    let right = item.right;
    while (right && isNewId(right.id, before)) {
      right = right.right;
      if (++steps > WALK_LIMIT) return false;
    }
    if (!Y.compareIDs(right ? right.id : null, item.rightOrigin)) return false;
  }
  return true;
}

function replaysIdentically(doc: Y.Doc): boolean {
  const copy = new Y.Doc({ gc: doc.gc });
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    return itemOrder(copy) === itemOrder(doc);
  } finally {
    copy.destroy();
  }
}

/** Every list's items in order (ranges of ids, so splits do not matter) and every map's entries. */
function itemOrder(doc: Y.Doc): string {
  const out: (string | [number, number, number])[] = [];
  const push = (item: Y.Item) => {
    const last = out[out.length - 1];
    if (Array.isArray(last) && last[0] === item.id.client && last[2] === item.id.clock)
      last[2] += item.length;
    else out.push([item.id.client, item.id.clock, item.id.clock + item.length]);
  };
  const walk = (type: Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>) => {
    for (let item = type._start; item; item = item.right) {
      push(item);
      if (item.content instanceof Y.ContentType) walk(item.content.type);
    }
    for (const [key, item] of [...type._map].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push(key);
      push(item);
      if (item.content instanceof Y.ContentType) walk(item.content.type);
    }
  };
  for (const [name, type] of [...doc.share].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out.push(name);
    walk(type);
  }
  return JSON.stringify(out);
}
