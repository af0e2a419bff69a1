import type { Cell, Relation } from '../../../../sync-server/src/reports/suppression.ts';

/**
 * For every suppressed cell, a witness found independently of the suppression code: a second assignment
 * of the suppressed cells, non-negative, meeting every relation with the published values, that differs in
 * that cell. Found from a basis of the null space of the relations over the suppressed cells (one row
 * reduction for all cells); each witness is checked directly against every relation, so a wrong basis
 * could only fail to find one. Answers the suppressed cells without a witness: those a reader can work out.
 */
export function cellsWithoutWitness(
  cells: readonly Cell[],
  relations: readonly Relation[],
  suppressed: ReadonlySet<string>,
): string[] {
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
      if (Math.abs(f) > 1e-12) matrix[i] = row.map((v, j) => v - f * matrix[rank]![j]!);
    });
    pivotOf[rank] = c;
    rank++;
  }
  const pivots = new Set(pivotOf);
  const values = new Map(cells.map((cell) => [cell.id, cell.value]));
  const directions: number[][] = [];
  for (let free = 0; free < unknowns.length; free++) {
    if (pivots.has(free)) continue;
    const direction = Array.from({ length: unknowns.length }, () => 0);
    direction[free] = 1;
    pivotOf.forEach((p, r) => (direction[p] = -matrix[r]![free]!));
    directions.push(direction);
  }
  const holds = (other: ReadonlyMap<string, number>) =>
    relations.every(
      (relation) =>
        Math.abs(
          relation.parts.reduce((sum, part) => sum + other.get(part)!, 0) - other.get(relation.total)!,
        ) < 1e-6,
    );
  const without: string[] = [];
  for (const target of unknowns) {
    const t = col.get(target)!;
    const found = directions.some((direction) => {
      if (Math.abs(direction[t]!) < 1e-9) return false;
      const scale = 0.5 / Math.max(...direction.map(Math.abs));
      const other = new Map(values);
      unknowns.forEach((id, i) => other.set(id, values.get(id)! + scale * direction[i]!));
      const published = cells.every((cell) => suppressed.has(cell.id) || other.get(cell.id) === cell.value);
      const nonNegative = [...other.values()].every((v) => v >= -1e-9);
      return (
        holds(other) && published && nonNegative && Math.abs(other.get(target)! - values.get(target)!) > 1e-6
      );
    });
    if (!found) without.push(target);
  }
  return without;
}
