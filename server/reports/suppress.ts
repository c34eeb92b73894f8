// The table every export is written from, and small-cell suppression on it (domain-research
// §5.3): a count of fewer than k people (1 to k-1; 0 is shown) is hidden as "<k"; a number
// computed from a hidden count (a mean, a share) is hidden; and, so that a hidden cell cannot
// be worked out by subtraction, no group of cells that add up (women + men + other = total,
// districts = province, provinces = centre) or that belong together (the means per sex and
// overall) may hide exactly one of its cells: the smallest other non-zero cell of the group is
// hidden too ("x"), until no group has exactly one. This stops recomputation from any single
// sum; it does not attempt full linear-programming protection across many sums at once.
// Not for JSON answers: those carry the counts as they are, for signed-in staff.

export interface Text {
  lo: string;
  en: string;
}

export type CellRef = readonly [row: number, col: number];

export type Cell =
  /** A label in both languages (written as two columns: Lao, English). */
  | { kind: 'label'; text: Text }
  /** A code or identifier, the same in both languages. */
  | { kind: 'text'; value: string | null }
  /** A number of people (or certificates, answers): what suppression is about. */
  | { kind: 'count'; value: number }
  /** A mean, share or coefficient computed from counts (its bases): hidden when one of them is. */
  | { kind: 'number'; value: number | null; bases: readonly CellRef[] };

export interface Column {
  header: Text;
  kind: Cell['kind'];
}

export interface Table {
  title: Text;
  columns: Column[];
  rows: Cell[][];
  /** Cell groups that must never hide exactly one cell; a sum lists its parts first, its total last. */
  groups: CellRef[][];
  /** Lines printed under the table (filters, definitions), in both languages. */
  notes: Text[];
}

/** shown; small: a count below the threshold ("<k"); hidden: hidden to protect another cell ("x"). */
export type CellState = 'shown' | 'small' | 'hidden';

const cellAt = (t: Table, [r, c]: CellRef): Cell => {
  const cell = t.rows[r]?.[c];
  if (!cell) throw new Error(`suppress: no cell at row ${r}, column ${c}`);
  return cell;
};

/** How much a cell stands for, to choose the least informative complement: its count, or its bases' smallest. */
function weight(t: Table, ref: CellRef): number {
  const cell = cellAt(t, ref);
  if (cell.kind === 'count') return cell.value;
  if (cell.kind === 'number') return cell.bases.length ? Math.min(...cell.bases.map((b) => weight(t, b))) : 0;
  return 0;
}

/** The state of every cell once small cells and their complements are hidden (k <= 1: nothing is). */
export function suppress(t: Table, k: number): CellState[][] {
  const state: CellState[][] = t.rows.map((row) => row.map(() => 'shown'));
  if (k <= 1) return state;
  const get = ([r, c]: CellRef) => state[r]![c]!;
  const set = ([r, c]: CellRef, s: CellState) => (state[r]![c] = s);
  t.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (cell.kind === 'count' && cell.value > 0 && cell.value < k) state[r]![c] = 'small';
    }),
  );
  const derived: CellRef[] = [];
  t.rows.forEach((row, r) => row.forEach((cell, c) => cell.kind === 'number' && cell.bases.length && cell.value !== null && derived.push([r, c])));
  // Weights never change: worked out once per group member.
  const groups = t.groups.map((g) => g.map((ref) => ({ ref, weight: weight(t, ref), empty: isEmpty(t, ref) })));

  for (let changed = true; changed; ) {
    changed = false;
    for (const ref of derived) {
      if (get(ref) !== 'shown') continue;
      const cell = cellAt(t, ref) as Extract<Cell, { kind: 'number' }>;
      if (cell.bases.some((b) => get(b) !== 'shown')) {
        set(ref, 'hidden');
        changed = true;
      }
    }
    for (const group of groups) {
      let hidden = 0;
      for (const m of group) if (get(m.ref) !== 'shown') hidden++;
      if (hidden !== 1) continue;
      // The shown member that gives away least: the smallest non-zero one (parts come before
      // the total, which is never smaller); a zero only when nothing else is left.
      let best: (typeof group)[number] | undefined;
      for (const m of group) {
        if (get(m.ref) !== 'shown' || m.empty) continue;
        if (!best || (m.weight > 0 && (best.weight === 0 || m.weight < best.weight))) best = m;
      }
      if (!best) continue;
      set(best.ref, 'hidden');
      changed = true;
    }
  }
  return state;
}

/** A number cell with no value has nothing to hide. */
function isEmpty(t: Table, ref: CellRef): boolean {
  const cell = cellAt(t, ref);
  return cell.kind === 'number' && cell.value === null;
}
