import * as Y from 'yjs';
import { ROOT, TRAIL_ROOT } from './case-doc.ts';
import { COLLECTION_NAMES } from './case-parts.ts';
import { describeField, formatFieldPath, parseFieldPath } from './case-fields.ts';
import type { Label } from './labels.ts';
import { toPlain } from './y-plain.ts';

/**
 * Conflicts between the fields this device wrote and remote updates that wrote them concurrently (docs/architecture.md#no-silent-overwrite).
 *
 * Yjs settles concurrent writes to one map key by a deterministic winner, so one of the two values vanishes
 * without a trace. This module finds those cases: which fields this device changed (`editsOfTransaction`)
 * and which of them a remote update writes concurrently (`detectConflicts`). Both work on plain Y.Docs;
 * storing and resolving happen in `sync/conflict-check.ts`.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Which single values of one kind of doc are watched for concurrent writes, and how they read. Case files
 * (`CASE_TRACKED_FIELDS`) and the coordination doc (`coordination-fields.ts`) each have one; other docs none.
 */
export interface TrackedFields {
  /** Whether the value at `path` is watched. */
  tracks(path: string): boolean;
  /** The field's name in German and English, for the notice. */
  label(path: string): Label | undefined;
  /**
   * The part of a value that decides whether two writes differ; two writes that differ only in
   * bookkeeping (who linked and when) are no conflict. Defaults to the whole value.
   */
  comparable?(path: string, value: JsonValue): JsonValue;
  /** Gives the doc's root types their classes (see `defineCaseRoots`). */
  defineRoots(doc: Y.Doc): void;
}

/** A Yjs item id: the struct that holds a written value. */
export interface ItemRef {
  client: number;
  clock: number;
}

/**
 * A field this device changed (its latest write there, synced or not). `value` is what it wrote (`null`: it cleared the
 * field); `item` is the struct holding that value, `null` for a clear.
 */
export interface PendingEdit {
  path: string;
  value: JsonValue;
  item: ItemRef | null;
}

/** Which value the doc holds after the remote updates: this device's, the remote one, or a third one. */
export type Holder = 'mine' | 'theirs' | 'other';

export interface DetectedConflict {
  /** The field's path, e.g. `person/city` or `contacts/<id>/durationMinutes` (see `case-fields.ts`). */
  path: string;
  /** The field's name in German and English. */
  label: Label | undefined;
  /** What this device wrote; `null` when it cleared the field. */
  mine: JsonValue;
  /** What the remote update wrote. */
  theirs: JsonValue;
  /** What the doc holds once the remote updates are applied. */
  current: JsonValue;
  holds: Holder;
  /** `meta.updatedBy` of the remote change, `null` when it did not say. */
  who: string | null;
  /** ISO timestamp: the remote change's `meta.updatedAt`, or when it arrived (`whenSource`). */
  when: string;
  whenSource: 'written' | 'received';
}

/** Bookkeeping keys every write sets: never a conflict, but they tell who changed something and when. */
const UPDATED_BY = formatFieldPath([ROOT.meta, 'updatedBy']);
const UPDATED_AT = formatFieldPath([ROOT.meta, 'updatedAt']);

/** How far back the history of one key is followed to decide whether a writer had seen this device's value. */
const MAX_HISTORY = 256;

/** A value as plain JSON; `undefined` (a cleared key) becomes `null`. */
export function toJsonValue(value: unknown): JsonValue {
  if (value === undefined) return null;
  const plain = value instanceof Y.AbstractType ? toPlain(value) : value;
  try {
    const text = JSON.stringify(plain);
    return text === undefined ? null : (JSON.parse(text) as JsonValue);
  } catch {
    return null;
  }
}

function canonical(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether two field values are the same, object key order aside. */
export function sameValue(a: JsonValue, b: JsonValue): boolean {
  return canonical(a) === canonical(b);
}

/**
 * The path segments of a shared type: root name, then map keys, list items by their `id`. `undefined` for
 * a type that cannot be addressed (a list item without an id, a type inside a deleted record).
 */
export function typeSegments<E>(type: Y.AbstractType<E>): string[] | undefined {
  const item = type._item;
  if (item === null) {
    try {
      return [Y.findRootTypeKey(type)];
    } catch {
      return undefined;
    }
  }
  const parent = item.parent;
  if (!(parent instanceof Y.AbstractType)) return undefined;
  const up = typeSegments(parent as Y.AbstractType<unknown>);
  if (!up) return undefined;
  if (item.parentSub !== null) return [...up, item.parentSub];
  if (type instanceof Y.Map) {
    const id: unknown = type.get('id');
    if (typeof id === 'string' && id !== '') return [...up, id];
  }
  return undefined;
}

function refOf(item: Y.Item | undefined): ItemRef | null {
  return item && !item.deleted ? { client: item.id.client, clock: item.id.clock } : null;
}

/**
 * The tracked fields a local transaction changed, with the values it left. Fields of records created in
 * the same transaction are not reported (Yjs does not count them as changed): a new record cannot conflict.
 */
export function editsOfTransaction(
  transaction: Y.Transaction,
  fields: TrackedFields = CASE_TRACKED_FIELDS,
): PendingEdit[] {
  const edits: PendingEdit[] = [];
  transaction.changed.forEach((keys, type) => {
    if (!(type instanceof Y.Map)) return;
    const map = type as Y.Map<unknown>;
    const base = typeSegments(map);
    if (!base) return;
    for (const key of keys) {
      if (key === null) continue;
      const path = formatFieldPath([...base, key]);
      if (!fields.tracks(path)) continue;
      const value = map.get(key);
      if (value instanceof Y.AbstractType) continue; // prose, or a nested structure: never one value
      edits.push({ path, value: toJsonValue(value), item: refOf(map._map.get(key)) });
    }
  });
  return edits;
}

/**
 * Whether the writer of `item` had this device's value when it wrote: the chain of values it replaced
 * (each map item's origin is the item it overwrote) passes through this device's item or a later one of
 * the same client. Yjs delivers a client's structs in order, so a later clock implies the earlier one.
 */
function writerSaw(item: Y.Item, mine: ItemRef | null, store: Y.Doc['store']): boolean {
  if (mine === null) return false;
  let origin = item.origin;
  for (let step = 0; origin !== null && step < MAX_HISTORY; step++) {
    if (origin.client === mine.client && origin.clock >= mine.clock) return true;
    let previous: Y.Item | Y.GC;
    try {
      previous = Y.getItem(store, origin);
    } catch {
      return false;
    }
    if (!(previous instanceof Y.Item)) return false;
    origin = previous.origin;
  }
  return false;
}

interface Written {
  item: Y.Item;
  map: Y.Map<unknown>;
  key: string;
  value: JsonValue;
  who: string | null;
  when: string | null;
}

interface MetaWrite {
  client: number;
  clock: number;
  value: unknown;
}

/** The meta value a writer set in the transaction of `item`: the first one after it, else the last before. */
function metaOf(writes: MetaWrite[], item: Y.Item): unknown {
  const own = writes.filter((write) => write.client === item.id.client);
  const after = own.filter((write) => write.clock > item.id.clock).sort((a, b) => a.clock - b.clock)[0];
  return (after ?? own.sort((a, b) => b.clock - a.clock)[0])?.value;
}

/** Items a transaction integrated, in clock order per client. */
function integrated(doc: Y.Doc, transaction: Y.Transaction): Y.Item[] {
  const items: Y.Item[] = [];
  transaction.afterState.forEach((after, client) => {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after <= before) return;
    const structs = doc.store.clients.get(client) ?? [];
    let first = structs.length;
    while (first > 0 && structs[first - 1]!.id.clock >= before) first--;
    for (const struct of structs.slice(first)) if (struct instanceof Y.Item) items.push(struct);
  });
  return items;
}

/**
 * Gives the root types of a case doc their classes. A doc built from an update knows its roots only by
 * name until someone asks for them; before that their entries have no `Y.Map` parent to resolve.
 */
function defineCaseRoots(doc: Y.Doc): void {
  const roots: [string, () => unknown][] = [
    ...Object.values(ROOT)
      .filter((name) => name !== ROOT.notes)
      .map((name): [string, () => unknown] => [name, () => doc.getMap(name)]),
    ...COLLECTION_NAMES.map((name): [string, () => unknown] => [name, () => doc.getArray(name)]),
    [TRAIL_ROOT, () => doc.getArray(TRAIL_ROOT)],
    [ROOT.notes, () => doc.getText(ROOT.notes)],
  ];
  defineEach(doc, roots);
}

/** Defines each root; one written with another type by a faulty writer stays as it is, untracked. */
export function defineEach(doc: Y.Doc, roots: readonly [name: string, define: () => unknown][]): void {
  for (const [name, define] of roots) {
    try {
      define();
    } catch (error) {
      console.warn(`The root "${name}" of ${doc.guid} has an unexpected type`, error);
    }
  }
}

/** The single-value fields of a case file (`case-fields.ts`). */
export const CASE_TRACKED_FIELDS: TrackedFields = {
  tracks: (path) => parseFieldPath(path) !== undefined,
  label: (path) => describeField(path)?.label,
  defineRoots: defineCaseRoots,
};

function isoTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function lastValue(item: Y.Item): { ok: true; value: JsonValue } | { ok: false } {
  // A value the sender already garbage-collected (overwritten there) has no content left to show.
  if (item.content instanceof Y.ContentDeleted) return { ok: false };
  const content = item.content.getContent();
  return { ok: true, value: toJsonValue(content[content.length - 1]) };
}

/**
 * Finds the fields this device changed and a remote update writes concurrently. `pending` holds this
 * device's latest write of each field, acknowledged by the relay or not: a concurrent write can arrive
 * long after this device's own one reached the relay.
 *
 * The remote updates are applied, one at a time, to a copy of `doc` (the doc before them; it is not
 * changed). Yjs integrates each struct there, placing it in its map even when it loses the tie-break, so
 * every written key is found with its real parent, including parents reached only through the struct's
 * origin and records inside lists. A write is reported when its path has a pending edit, its writer had
 * not seen that edit, and its value differs: whether it won or lost, so the device that syncs second sees
 * the notice even when its own value happens to win. Updates already in `doc` (own echoes) integrate
 * nothing and so report nothing.
 */
export function detectConflicts(input: {
  doc: Y.Doc;
  updates: readonly Uint8Array[];
  pending: Iterable<PendingEdit>;
  /** When the updates arrived: the time shown when a change does not carry `meta.updatedAt`. */
  receivedAt?: Date;
  /**
   * Filled with the paths a remote writer changed after having seen this device's value: causally later,
   * so no conflict, and this device's edit of the field is settled.
   */
  superseded?: Set<string>;
  /** The doc's kind of fields; a case file's by default. */
  fields?: TrackedFields;
}): DetectedConflict[] {
  const fields = input.fields ?? CASE_TRACKED_FIELDS;
  const comparable = (path: string, value: JsonValue): JsonValue =>
    fields.comparable ? fields.comparable(path, value) : value;
  const pending = new Map<string, PendingEdit>();
  for (const edit of input.pending) pending.set(edit.path, edit);
  if (pending.size === 0 || input.updates.length === 0) return [];

  const copy = new Y.Doc({ gc: false });
  fields.defineRoots(copy);
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(input.doc));
  const found = new Map<string, Written[]>();
  copy.on('afterTransaction', (transaction: Y.Transaction) => {
    const who: MetaWrite[] = [];
    const when: MetaWrite[] = [];
    const writes: { item: Y.Item; map: Y.Map<unknown>; key: string; path: string }[] = [];
    for (const item of integrated(copy, transaction)) {
      if (item.parentSub === null || !(item.parent instanceof Y.Map)) continue;
      const map = item.parent as Y.Map<unknown>;
      const base = typeSegments(map);
      if (!base) continue;
      const path = formatFieldPath([...base, item.parentSub]);
      const meta = { client: item.id.client, clock: item.id.clock, value: item.content.getContent()[0] };
      if (path === UPDATED_BY) who.push(meta);
      else if (path === UPDATED_AT) when.push(meta);
      else if (pending.has(path)) writes.push({ item, map, key: item.parentSub, path });
    }
    for (const { item, map, key, path } of writes) {
      if (writerSaw(item, pending.get(path)!.item, copy.store)) {
        input.superseded?.add(path);
        continue;
      }
      const written = lastValue(item);
      if (!written.ok) continue;
      const by = metaOf(who, item);
      const entry: Written = {
        item,
        map,
        key,
        value: written.value,
        who: typeof by === 'string' && by !== '' ? by : null,
        when: isoTime(metaOf(when, item)),
      };
      const list = found.get(path);
      if (list) list.push(entry);
      else found.set(path, [entry]);
    }
  });
  for (const update of input.updates) {
    try {
      Y.applyUpdate(copy, update);
    } catch (error) {
      // A malformed update changes nothing here; storing it is the sync engine's concern.
      console.warn('A remote update could not be read for the conflict check', error);
    }
  }

  const receivedAt = (input.receivedAt ?? new Date()).toISOString();
  const conflicts: DetectedConflict[] = [];
  for (const [path, writes] of found) {
    const mine = pending.get(path)!.value;
    const last = writes[writes.length - 1]!;
    // The remote value shown is the one the doc now holds, if a remote one does; else the newest.
    const theirs = writes.find((write) => write.map._map.get(write.key) === write.item) ?? last;
    if (sameValue(comparable(path, mine), comparable(path, theirs.value))) continue;
    const current = toJsonValue(theirs.map.get(theirs.key));
    const holds = (value: JsonValue) => sameValue(comparable(path, current), comparable(path, value));
    conflicts.push({
      path,
      label: fields.label(path),
      mine,
      theirs: theirs.value,
      current,
      holds: holds(mine) ? 'mine' : holds(theirs.value) ? 'theirs' : 'other',
      who: theirs.who,
      when: theirs.when ?? receivedAt,
      whenSource: theirs.when ? 'written' : 'received',
    });
  }
  copy.destroy();
  return conflicts;
}
