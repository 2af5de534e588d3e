import * as Y from 'yjs';
import { DOCUMENT_FIELD } from '~/lib/collab/editor-extensions';

/** A run of new items longer than this is not walked; the replay check decides instead. */
const WALK_LIMIT = 1000;

/** A document root of the server's own: it marks documents that hold a 'replayed' update. */
export const SERVER_FIELD = 'collab-server';
export const MUST_REPLAY_KEY = 'mustReplay';

/** How a client update's new items relate to what is live; see `checkUpdate`. */
export type UpdateSoundness = 'placed' | 'replayed' | 'unsound';

/**
 * Whether what a client update just added to `doc` (everything past `before`) is structurally
 * sound. 'placed': every new item's origins lie in its own list and it sits right between the
 * neighbours it claims. 'replayed': some item sits elsewhere (concurrent inserts at the same spot
 * legitimately lie between), and the document replays from its own encoding to the very same
 * order — such an update must be stored as a row of its own, so that loading applies it in the
 * order the live document did. 'unsound': anything else, which an update can be and still apply
 * without error (a flipped bit in an origin); replicas and storage would then order text apart.
 * Once a document holds a 'replayed' update, later ones can disturb its replay too: `mustReplay`
 * then checks the replay for every update.
 */
export function checkUpdate(
  doc: Y.Doc,
  before: Map<number, number>,
  mustReplay: boolean,
): UpdateSoundness {
  const added = newItems(doc, before);
  if (added.some((item) => !isDocumentContent(doc, item) || hasForeignOrigin(doc, item)))
    return 'unsound';
  const isPlaced = added.every(
    (item) => isPlacedAsClaimed(item, before) || isAmongConcurrentInserts(item, before),
  );
  if (isPlaced && !mustReplay) return 'placed';
  if (!replaysIdentically(doc)) return 'unsound';
  return isPlaced ? 'placed' : 'replayed';
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

/**
 * What the editor writes, and nothing else: the document field holds elements; an element holds
 * elements and texts, and attribute values; a text holds strings and formats. Anything else (a bit
 * flip can turn a type into a string, or put an item into another root) is never written by an
 * honest client and breaks the renderer, which reads every child of an element as a type.
 */
function isDocumentContent(doc: Y.Doc, item: Y.Item): boolean {
  const { content } = item;
  if (content instanceof Y.ContentDeleted) return true;
  const parent = item.parent;
  if (!(parent instanceof Y.AbstractType)) return false;
  if (parent._item === null) {
    if (doc.share.get(SERVER_FIELD) === parent)
      return item.parentSub === MUST_REPLAY_KEY && content instanceof Y.ContentAny;
    return (
      doc.share.get(DOCUMENT_FIELD) === parent &&
      item.parentSub === null &&
      content instanceof Y.ContentType &&
      content.type instanceof Y.XmlElement
    );
  }
  if (parent instanceof Y.XmlText) {
    return (
      item.parentSub === null &&
      (content instanceof Y.ContentString || content instanceof Y.ContentFormat)
    );
  }
  if (parent instanceof Y.XmlElement) {
    if (item.parentSub !== null) return content instanceof Y.ContentAny;
    return (
      content instanceof Y.ContentType &&
      (content.type instanceof Y.XmlElement || content.type instanceof Y.XmlText)
    );
  }
  return false;
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

/** Whether `id` is one of the item's clocks (items split and merge, ids stay). */
const contains = (item: Y.Item, id: Y.ID) =>
  item.id.client === id.client &&
  item.id.clock <= id.clock &&
  id.clock < item.id.clock + item.length;

/**
 * Two people typing at the same spot: the item lies between its origins, and every older item
 * between them was inserted there without knowing this one — not by its own author (who would
 * have seen it), and with origin links that do not cross this item's (YATA's rule 1: an item left
 * of it takes its origin from within the gap; one right of it not from between the gap's start and
 * this item). Older items' origins lie left of them: every accepted update was checked for that.
 * Then Yjs orders the same on every replica whatever the order of arrival; anything else needs the
 * replay check.
 */
function isAmongConcurrentInserts(item: Y.Item, before: Map<number, number>): boolean {
  if (item.parentSub !== null) return true;
  const leftOf: Y.Item[] = [];
  let left = item.left;
  while (left && !(item.origin && contains(left, item.origin))) {
    if (!isNewId(left.id, before)) leftOf.push(left);
    left = left.left;
    if (leftOf.length > WALK_LIMIT) return false;
  }
  if ((left === null) !== (item.origin === null)) return false;
  const rightOf: Y.Item[] = [];
  let right = item.right;
  while (right && !(item.rightOrigin && contains(right, item.rightOrigin))) {
    if (!isNewId(right.id, before)) rightOf.push(right);
    right = right.right;
    if (rightOf.length > WALK_LIMIT) return false;
  }
  if ((right === null) !== (item.rightOrigin === null)) return false;
  const isAmong = (id: Y.ID | null, items: Y.Item[]) =>
    id !== null && items.some((other) => contains(other, id));
  return (
    leftOf.every(
      (other) =>
        other.id.client !== item.id.client &&
        (Y.compareIDs(other.origin, item.origin) || isAmong(other.origin, leftOf)),
    ) &&
    rightOf.every((other) => other.id.client !== item.id.client && !isAmong(other.origin, leftOf))
  );
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
