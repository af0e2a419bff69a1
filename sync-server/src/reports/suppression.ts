/**
 * Cell suppression for coordination's reports (docs/architecture.md#suppression).
 *
 * A report is a set of counts ("cells") and the linear relations between them that a reader knows: a
 * total is the sum of its parts. Tables of one report that share a number (the closures by reason add up
 * to the closed cases of the caseload table) share the cell, so the relations across tables are part of
 * the one system.
 *
 * 1. Primary suppression: a cell with a count of 1 to 4, or one that fewer than `MIN_CASES` cases
 *    contribute to, is not published. Zeros are published.
 * 2. Secondary suppression: as long as some suppressed cell is determined by the published cells and the
 *    relations (its unit vector lies in the row space of the relations restricted to the suppressed cells,
 *    found by Gaussian elimination), one more non-zero cell of a relation it takes part in is suppressed:
 *    one that as few relations would give away at once (relations whose other cells are all published, such
 *    as a team's row that is also that team's own total elsewhere), and among those the smallest, so as
 *    little as possible is hidden.
 *
 * When it ends, no suppressed cell is determined. Every suppressed cell holds at least 1, so moving along a
 * direction of the relations' null space that changes the cell by a small amount keeps every count
 * non-negative: a second assignment, consistent with everything published, differs in that cell. (The
 * relations here are sums, whose null space has a basis of ±1 cycles, so whole numbers do it too.) If no
 * candidate is left, every non-zero cell of its group is suppressed: then the relations are homogeneous in the unknowns,
 * and a unit vector in their row space would force the true count (≥ 1) to 0, so nothing is determined.
 */

/** How many cases a published count must rest on, and its least value. */
export const MIN_CASES = 5;

export interface Cell {
  id: string;
  value: number;
  /** How many distinct cases contribute to the count (a count of contacts may come from one case). */
  cases: number;
}

/** `total` is the sum of `parts` (cell ids). */
export interface Relation {
  total: string;
  parts: readonly string[];
}

export function isPrimary(cell: Cell): boolean {
  return cell.value > 0 && (cell.value < MIN_CASES || cell.cases < MIN_CASES);
}

const EPSILON = 1e-9;

/** A row of the relations restricted to the unknowns: column → coefficient, zeros left out. */
type SparseRow = Map<number, number>;

/** `row -= factor · other`, dropping what cancels. */
function subtractRow(row: SparseRow, factor: number, other: SparseRow): void {
  for (const [column, value] of other) {
    const next = (row.get(column) ?? 0) - factor * value;
    if (Math.abs(next) < EPSILON) row.delete(column);
    else row.set(column, next);
  }
}

/**
 * The rows' span in reduced form, keyed by each row's pivot column (Gauss–Jordan elimination one row at a
 * time): every pivot is 1 and is the only non-zero of its column among the rows. The relations are sums,
 * so rows are sparse and stay so; the report's systems have hundreds of unknowns.
 */
function reduce(rows: Iterable<SparseRow>): Map<number, SparseRow> {
  const basis = new Map<number, SparseRow>();
  for (const row of rows) {
    // Basis rows are zero in each other's pivot columns, so one pass clears every pivot column of `row`.
    for (const column of [...row.keys()]) {
      const factor = row.get(column);
      const pivotRow = basis.get(column);
      if (factor !== undefined && pivotRow !== undefined) subtractRow(row, factor, pivotRow);
    }
    let pivot: number | undefined;
    for (const [column, value] of row) {
      const best = pivot === undefined ? 0 : Math.abs(row.get(pivot)!);
      if (Math.abs(value) > best || (Math.abs(value) === best && column < pivot!)) pivot = column;
    }
    if (pivot === undefined) continue;
    const scale = row.get(pivot)!;
    for (const [column, value] of row) row.set(column, value / scale);
    row.set(pivot, 1);
    for (const other of basis.values()) {
      const factor = other.get(pivot);
      if (factor !== undefined) subtractRow(other, factor, row);
    }
    basis.set(pivot, row);
  }
  return basis;
}

/**
 * The suppressed cells whose value the published cells and the relations determine. Independent of how
 * the suppression was chosen: tests use it to check a report. A unit vector lies in the span of reduced
 * rows exactly when one of them is that unit vector (its coefficients are read off the pivot columns).
 */
export function determinedCells(relations: readonly Relation[], suppressed: ReadonlySet<string>): string[] {
  const unknowns = [...suppressed];
  const index = new Map(unknowns.map((id, i) => [id, i]));
  const rows: SparseRow[] = [];
  for (const relation of relations) {
    const row: SparseRow = new Map();
    const add = (id: string, sign: number) => {
      const i = index.get(id);
      if (i === undefined) return;
      const next = (row.get(i) ?? 0) + sign;
      if (next === 0) row.delete(i);
      else row.set(i, next);
    };
    add(relation.total, -1);
    for (const part of relation.parts) add(part, 1);
    if (row.size > 0) rows.push(row);
  }
  // In the order of the unknowns, which is the order secondary suppression looks at them in.
  return [...reduce(rows)]
    .filter(([, row]) => row.size === 1)
    .map(([pivot]) => pivot)
    .sort((a, b) => a - b)
    .map((pivot) => unknowns[pivot]!);
}

/**
 * The relations split into groups that share no cell (with the cells each touches): a cell's value can
 * only be determined through the relations of its own group, so each group is suppressed on its own,
 * which keeps the elimination small when a report holds many independent tables or scopes.
 */
function components(relations: readonly Relation[]): { relations: Relation[]; cells: Set<string> }[] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    let node = id;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const relation of relations) {
    for (const id of [relation.total, ...relation.parts]) if (!parent.has(id)) parent.set(id, id);
    const root = find(relation.total);
    for (const part of relation.parts) {
      const other = find(part);
      if (other !== root) parent.set(other, root);
    }
  }
  const groups = new Map<string, { relations: Relation[]; cells: Set<string> }>();
  for (const relation of relations) {
    const root = find(relation.total);
    let group = groups.get(root);
    if (!group) {
      group = { relations: [], cells: new Set() };
      groups.set(root, group);
    }
    group.relations.push(relation);
    group.cells.add(relation.total);
    for (const part of relation.parts) group.cells.add(part);
  }
  return [...groups.values()];
}

/** Secondary suppression within one group of relations (adds to `suppressed`). */
function suppressGroup(
  cells: readonly Cell[],
  relations: readonly Relation[],
  suppressed: Set<string>,
): void {
  const byId = new Map(cells.map((cell) => [cell.id, cell]));
  const relationsOf = new Map<string, Relation[]>();
  for (const relation of relations) {
    for (const id of [relation.total, ...relation.parts]) {
      relationsOf.set(id, [...(relationsOf.get(id) ?? []), relation]);
    }
  }
  /** How many relations would give a cell away at once if it were hidden: all their other cells are published. */
  const exposure = (id: string) =>
    (relationsOf.get(id) ?? []).filter((relation) =>
      [relation.total, ...relation.parts].every((other) => other === id || !suppressed.has(other)),
    ).length;
  for (;;) {
    const determined = determinedCells(relations, suppressed);
    if (determined.length === 0) return;
    let candidate: { cell: Cell; exposure: number } | undefined;
    for (const id of determined) {
      for (const relation of relationsOf.get(id) ?? []) {
        for (const other of [relation.total, ...relation.parts]) {
          const cell = byId.get(other);
          if (cell === undefined || cell.value < 1 || suppressed.has(other)) continue;
          const exposed = exposure(other);
          if (
            candidate === undefined ||
            exposed < candidate.exposure ||
            (exposed === candidate.exposure && cell.value < candidate.cell.value)
          ) {
            candidate = { cell, exposure: exposed };
          }
        }
      }
      if (candidate !== undefined) break;
    }
    if (candidate === undefined) {
      // Nothing related is left to hide: hide every non-zero cell of the group (see the module comment).
      for (const cell of cells) if (cell.value > 0) suppressed.add(cell.id);
      return;
    }
    suppressed.add(candidate.cell.id);
  }
}

/** Chooses the cells not to publish: primary, then secondary until no suppressed cell is determined. */
export function suppress(cells: readonly Cell[], relations: readonly Relation[]): Set<string> {
  const suppressed = new Set(cells.filter(isPrimary).map((cell) => cell.id));
  for (const group of components(relations)) {
    const own = cells.filter((cell) => group.cells.has(cell.id));
    const hidden = new Set([...suppressed].filter((id) => group.cells.has(id)));
    suppressGroup(own, group.relations, hidden);
    for (const id of hidden) suppressed.add(id);
  }
  return suppressed;
}
