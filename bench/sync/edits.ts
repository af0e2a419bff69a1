/**
 * The small change a case manager makes all day: a sentence added to the note of one of a case's contacts,
 * written through the domain API exactly as the case file screen writes it (one transaction, one update).
 */
import * as Y from 'yjs';
import { proseText, setProse } from '../../src/domain/index.ts';
import type { Random } from '../seed-random.ts';

const SENTENCES = [
  'Rückruf der Ausländerbehörde steht noch aus.',
  'Termin beim Jobcenter wurde bestätigt.',
  'Unterlagen für den Sprachkurs nachgereicht.',
  'Dolmetschung für den nächsten Termin angefragt.',
  'Mietbescheinigung liegt jetzt vor.',
  'Beratungsstelle hat sich gemeldet, Termin folgt.',
] as const;

/** A replica of `update`'s doc for a device of its own (its own Yjs client id). */
export function replicaOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

/** Appends a sentence to a random contact's note and returns the one update that write produced. */
export function editContactNote(doc: Y.Doc, rng: Random, actor: string): Uint8Array {
  const contacts = doc.getArray<unknown>('contacts');
  if (contacts.length === 0) throw new Error(`case ${doc.guid} has no contacts to edit`);
  const contact = contacts.get(rng.int(0, contacts.length - 1));
  const id = contact instanceof Y.Map ? contact.get('id') : undefined;
  if (typeof id !== 'string') throw new Error(`a contact of case ${doc.guid} has no id`);
  const target = { part: 'contacts', id, field: 'note' } as const;
  const note = proseText(doc, target)?.toString() ?? '';
  let update: Uint8Array | undefined;
  const listener = (bytes: Uint8Array) => (update = bytes);
  doc.on('update', listener);
  try {
    const result = setProse(doc, target, `${note} ${rng.pick(SENTENCES)}`, { actor });
    if (!result.ok) throw new Error(`editing a contact note was refused: ${JSON.stringify(result.error)}`);
  } finally {
    doc.off('update', listener);
  }
  if (!update) throw new Error('editing a contact note produced no update');
  return update;
}

/** Whether `doc` holds exactly the state vector `expected` (client id → clock). */
export function hasState(doc: Y.Doc, expected: Map<number, number>): boolean {
  const actual = Y.decodeStateVector(Y.encodeStateVector(doc));
  if (actual.size !== expected.size) return false;
  for (const [client, clock] of expected) if (actual.get(client) !== clock) return false;
  return true;
}
