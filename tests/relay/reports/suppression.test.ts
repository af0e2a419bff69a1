import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isPrimary,
  suppress,
  type Cell,
  type Relation,
} from '../../../sync-server/src/reports/suppression.ts';

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

/**
 * A witness, found independently of the suppression code: a second assignment of the suppressed cells,
 * non-negative, meeting every relation with the published values, that differs in `target`. Found from a
 * basis of the null space of the relations over the suppressed cells; checked directly, so a wrong basis
 * could only fail to find one.
 */
function witness(
  cells: readonly Cell[],
  relations: readonly Relation[],
  suppressed: ReadonlySet<string>,
  target: string,
): Map<string, number> | undefined {
  const unknowns = [...suppressed];
  const col = new Map(unknowns.map((id, i) => [id, i]));
  const matrix = relations
    .map((relation) => {
      const row = Array.from({ length: unknowns.length }, () => 0);
      const add = (id: string, sign: number) => {
        const i = col.get(id);
        if (i !== undefined) row[i]! += sign;
      };
      add(relation.total, -1);
      relation.parts.forEach((part) => add(part, 1));
      return row;
    })
    .filter((row) => row.some((v) => v !== 0));
  // Row reduction to find the free columns; each free column gives one null-space vector.
  const pivotOf: number[] = [];
  let rank = 0;
  for (let c = 0; c < unknowns.length && rank < matrix.length; c++) {
    const r = matrix.findIndex((row, i) => i >= rank && Math.abs(row[c]!) > 1e-9);
    if (r < 0) continue;
    [matrix[rank], matrix[r]] = [matrix[r]!, matrix[rank]!];
    const p = matrix[rank]![c]!;
    matrix[rank] = matrix[rank]!.map((v) => v / p);
    matrix.forEach((row, i) => {
      if (i === rank) return;
      const f = row[c]!;
      if (f !== 0) matrix[i] = row.map((v, j) => v - f * matrix[rank]![j]!);
    });
    pivotOf[rank] = c;
    rank++;
  }
  const pivots = new Set(pivotOf);
  const values = new Map(cells.map((cell) => [cell.id, cell.value]));
  for (let free = 0; free < unknowns.length; free++) {
    if (pivots.has(free)) continue;
    const direction = Array.from({ length: unknowns.length }, () => 0);
    direction[free] = 1;
    pivotOf.forEach((p, r) => (direction[p] = -matrix[r]![free]!));
    const t = direction[col.get(target)!]!;
    if (Math.abs(t) < 1e-9) continue;
    const scale = 0.5 / Math.max(...direction.map(Math.abs));
    const other = new Map(values);
    unknowns.forEach((id, i) => other.set(id, values.get(id)! + scale * direction[i]!));
    const holds = relations.every(
      (relation) =>
        Math.abs(
          relation.parts.reduce((sum, part) => sum + other.get(part)!, 0) - other.get(relation.total)!,
        ) < 1e-6,
    );
    const published = cells.every((cell) => suppressed.has(cell.id) || other.get(cell.id) === cell.value);
    const nonNegative = [...other.values()].every((v) => v >= -1e-9);
    if (holds && published && nonNegative && Math.abs(other.get(target)! - values.get(target)!) > 1e-6)
      return other;
  }
  return undefined;
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
        for (const id of hidden) {
          if (witness(cells, relations, hidden, id) === undefined) {
            throw new Error(`suppressed ${id} can be derived; hidden: ${[...hidden].join(', ')}`);
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
