/**
 * A relay stand-in for the durability tests, run as its own process:
 *   node --import tsx append-loop.ts <file> <teamId> <docId> <userId> <deviceId> <label> <count>
 * Prints "ready" once the store is open and waits for a line on stdin, so that the parent can start
 * several of these at the same moment. Then appends `count` updates (0: until killed), each inserting
 * "<label>:<i>;" into the doc, and prints "<seq> <base64 update>" for each one only after appendUpdate
 * resolved, as the relay's ack follows the commit. stdout to a pipe is synchronous on Linux, so every printed line reaches the parent even when
 * this process is killed right after writing it.
 */
import * as Y from 'yjs';
import { openSqliteStore } from '../../../sync-server/src/storage/sqlite.ts';

const [file, teamId, docId, userId, deviceId, label, count] = process.argv.slice(2);
if (!file || !teamId || !docId || !userId || !deviceId || !label || count === undefined) {
  throw new Error('usage: append-loop.ts <file> <teamId> <docId> <userId> <deviceId> <label> <count>');
}
const limit = Number(count) || Number.POSITIVE_INFINITY;

const store = await openSqliteStore(file);
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.destroy();
const doc = new Y.Doc();
let update: Uint8Array = new Uint8Array();
doc.on('update', (next: Uint8Array) => (update = next));

for (let i = 0; i < limit; i++) {
  doc.getText('body').insert(doc.getText('body').length, `${label}:${i};`);
  const { seq } = await store.appendUpdate({ teamId, docId, update, userId, deviceId });
  process.stdout.write(`${seq} ${Buffer.from(update).toString('base64')}\n`);
}
await store.close();
