import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isPrimary,
  suppress,
  type Cell,
  type Relation,
} from '../../../sync-server/src/reports/suppression.ts';
import { cellsWithoutWitness } from './support/witness.ts';

/** A table of counts with row totals, column totals and the grand total, as ids and relations. */
function table(name: string, values: number[][], cases?: number[][]) {
  const cells: Cell[] = [];
  const relations: Relation[] = [];
  const id = (r: number | 'total', c: number | 'total') => `${name}/${r}/${c}`;
  const rows = values.length;
  const columns = values[0]?.length ?? 0;
  const columnSums = Array.from({ length: columns }, () => 0);
  values.forEach((row, r) => {
    row.forEach((value, c) => {
      cells.push({ id: id(r, c), value, cases: cases?.[r]?.[c] ?? value });
      columnSums[c]! += value;
    });
    const sum = row.reduce((a, b) => a + b, 0);
    cells.push({ id: id(r, 'total'), value: sum, cases: sum });
    relations.push({ total: id(r, 'total'), parts: row.map((_, c) => id(r, c)) });
  });
  columnSums.forEach((sum, c) => {
    cells.push({ id: id('total', c), value: sum, cases: sum });
    relations.push({ total: id('total', c), parts: values.map((_, r) => id(r, c)) });
  });
  const grand = columnSums.reduce((a, b) => a + b, 0);
  cells.push({ id: id('total', 'total'), value: grand, cases: grand });
  relations.push({ total: id('total', 'total'), parts: columnSums.map((_, c) => id('total', c)) });
  relations.push({
    total: id('total', 'total'),
    parts: Array.from({ length: rows }, (_, r) => id(r, 'total')),
  });
  return { cells, relations, grandId: id('total', 'total') };
}

const counts = fc
  .array(
    fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 5, max: 40 })), {
      minLength: 1,
      maxLength: 4,
    }),
    { minLength: 1, maxLength: 5 },
  )
  .map((rows) => {
    const width = Math.min(...rows.map((row) => row.length));
    return rows.map((row) => row.slice(0, width));
  });

describe('suppression of small counts', () => {
  it('publishes no count below 5 and no count resting on fewer than 5 cases', () => {
    const { cells, relations } = table(
      't',
      [
        [3, 12],
        [0, 7],
      ],
      [
        [3, 12],
        [0, 4],
      ],
    );
    const hidden = suppress(cells, relations);
    for (const cell of cells) if (isPrimary(cell)) expect(hidden.has(cell.id), cell.id).toBe(true);
    expect(hidden.has('t/1/0')).toBe(false); // a zero is published
    expect(hidden.has('t/1/1')).toBe(true); // 7 contacts of 4 cases
  });

  it('leaves no suppressed count derivable from a table and the tables linked to it (property)', () => {
    fc.assert(
      fc.property(counts, counts, fc.boolean(), (first, second, linked) => {
        const a = table('a', first);
        const b = table('b', second);
        const cells = [...a.cells, ...b.cells];
        const relations = [...a.relations, ...b.relations];
        // A linked table publishes the same total as another (the closures and the closed cases).
        if (linked) {
          const bGrand = b.cells.find((cell) => cell.id === b.grandId)!;
          const aGrand = a.cells.find((cell) => cell.id === a.grandId)!;
          bGrand.value = aGrand.value;
          bGrand.cases = aGrand.cases;
          relations.push({ total: a.grandId, parts: [b.grandId] });
          // Make b's cells add up to it: its first cell absorbs the difference.
          const diff =
            aGrand.value - b.cells.filter((c) => /^b\/\d+\/\d+$/.test(c.id)).reduce((s, c) => s + c.value, 0);
          const first = b.cells.find((c) => c.id === 'b/0/0')!;
          if (first.value + diff < 0) return true;
          first.value += diff;
          first.cases = first.value;
          const rebuilt = table(
            'b',
            second.map((row, r) => row.map((v, c) => (r === 0 && c === 0 ? first.value : v))),
          );
          cells.splice(a.cells.length, b.cells.length, ...rebuilt.cells);
        }
        const hidden = suppress(cells, relations);
        for (const cell of cells) {
          if (isPrimary(cell) && !hidden.has(cell.id)) return false;
        }
        const derivable = cellsWithoutWitness(cells, relations, hidden);
        if (derivable.length > 0) {
          throw new Error(
            `suppressed ${derivable.join(', ')} can be derived; hidden: ${[...hidden].join(', ')}`,
          );
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
