import type { LotseDatabase } from '../../../src/storage/db.ts';

const decoder = new TextDecoder();

/**
 * Every place in the device database where `needle` occurs: in a key, a string, or (the harness stores
 * plain) in stored bytes. The tombstone table is left out: it is meant to keep the doc id.
 */
export async function whereFound(db: LotseDatabase, needle: string): Promise<string[]> {
  const found: string[] = [];
  const visit = (value: unknown, where: string, seen = 0): void => {
    if (seen > 8) return;
    if (typeof value === 'string') {
      if (value.includes(needle)) found.push(where);
    } else if (value instanceof Uint8Array) {
      if (decoder.decode(value).includes(needle)) found.push(where);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${where}[${i}]`, seen + 1));
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, `${where}.${key}`, seen + 1);
    }
  };
  for (const table of db.tables) {
    if (table.name === 'erasures') continue;
    const rows = await table.toArray();
    const keys = await table.toCollection().primaryKeys();
    rows.forEach((row, i) => visit({ key: keys[i], row }, table.name));
  }
  return found;
}
