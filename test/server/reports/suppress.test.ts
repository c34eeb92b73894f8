// Small-cell suppression (domain-research §5.3) and the report periods, as pure functions:
// what is hidden, what is hidden with it so that no sum gives it away, and which UTC instants
// a Lao quarter or day covers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suppress, type Cell, type CellRef, type Table } from '../../../server/reports/suppress.js';
import { laoDayStart, quarterDates } from '../../../server/reports/filters.js';

const count = (value: number): Cell => ({ kind: 'count', value });
const label = (en: string): Cell => ({ kind: 'label', text: { lo: en, en } });

/** One row per [female, male, other] with its total; each row's four cells form a sum. */
function table(rows: number[][], extraGroups: CellRef[][] = []): Table {
  const cells = rows.map((r) => [label('row'), ...[...r, r.reduce((a, b) => a + b, 0)].map(count)]);
  const groups: CellRef[][] = rows.map((_, i) => [1, 2, 3, 4].map((c) => [i, c] as const));
  return { title: { lo: 't', en: 't' }, columns: [], rows: cells, groups: [...groups, ...extraGroups], notes: [] };
}

const shown = (t: Table, k: number) =>
  suppress(t, k).map((row, r) => row.slice(1).map((s, c) => (s === 'small' ? `<${k}` : s === 'hidden' ? 'x' : (t.rows[r]![c + 1] as { value: number }).value)));

test('domain-research §5.3: counts from 1 to k-1 are hidden as "<k"; zero and k or more are shown', () => {
  assert.deepEqual(shown(table([[4, 3, 2]]), 5), [['<5', '<5', '<5', 9]]);
  assert.deepEqual(shown(table([[5, 0, 7]]), 5), [[5, 0, 7, 12]]);
  assert.deepEqual(shown(table([[1, 1, 1]]), 1), [[1, 1, 1, 3]], 'a threshold of 1 (or 0) hides nothing');
});

test('complementary suppression: a row with one hidden cell hides its smallest other non-zero part too, never a zero', () => {
  // 60 participants, 21 women … and one person of another sex: 60 − 21 − 38 would give them away.
  assert.deepEqual(shown(table([[21, 38, 1]]), 5), [['x', 38, '<5', 60]]);
  assert.deepEqual(shown(table([[6, 1, 0]]), 5), [['x', '<5', 0, 7]], 'the zero is no protection: the women are hidden');
  assert.deepEqual(shown(table([[3, 2, 0]]), 5), [['<5', '<5', 0, 5]], 'two hidden already: nothing more');
});

test('complementary suppression runs through every sum until none has exactly one hidden cell (rows and a column total)', () => {
  // Two places and their total, by sex: column sums as well as row sums.
  const t = table([[6, 1, 0], [10, 12, 0], [16, 13, 0]], [1, 2, 3, 4].map((c) => [[0, c], [1, c], [2, c]] as const));
  const out = shown(t, 5);
  assert.deepEqual(out[0], ['x', '<5', 0, 7]);
  // Men: place 1 is hidden, so place 2's men (12) hide too, then place 2's women (else 22 − 12).
  assert.deepEqual(out[1], ['x', 'x', 0, 22]);
  assert.deepEqual(out[2], [16, 13, 0, 29], 'the total row needs nothing hidden');
  const state = suppress(t, 5);
  for (const g of t.groups) assert.notEqual(g.filter(([r, c]) => state[r]![c] !== 'shown').length, 1, JSON.stringify(g));
});

test('a mean or share is hidden with any count it is computed from, and its sex group is protected like counts', () => {
  const t: Table = {
    title: { lo: 't', en: 't' },
    columns: [],
    rows: [
      [count(8), count(2), count(0), count(10)],
      [0, 1, 2, 3].map((c): Cell => ({ kind: 'number', value: [0.5, 0.9, null, 0.58][c]!, bases: [[0, c]] })),
    ],
    groups: [
      [[0, 0], [0, 1], [0, 2], [0, 3]],
      [[1, 0], [1, 1], [1, 2], [1, 3]],
    ],
    notes: [],
  };
  const state = suppress(t, 5);
  assert.deepEqual(state[0], ['hidden', 'small', 'shown', 'shown']);
  assert.deepEqual(state[1], ['hidden', 'hidden', 'shown', 'shown'], 'an empty mean stays empty; the total mean of 10 is shown');
});

test('property: on random tables with row and column sums, no sum ever has exactly one hidden cell, and no count 1..k-1 is shown', () => {
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  for (let round = 0; round < 300; round++) {
    const k = 2 + rand(9);
    const places = 1 + rand(5);
    const rows = Array.from({ length: places }, () => [0, 1, 2].map(() => (rand(3) === 0 ? 0 : rand(3 * k))));
    const total = [0, 1, 2].map((i) => rows.reduce((a, r) => a + r[i]!, 0));
    const t = table([...rows, total], [1, 2, 3, 4].map((c) => rows.map((_, r) => [r, c] as const).concat([[places, c] as const])));
    const state = suppress(t, k);
    for (const g of t.groups) assert.notEqual(g.filter(([r, c]) => state[r]![c] !== 'shown').length, 1, `k=${k} ${JSON.stringify(rows)}`);
    t.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (cell.kind === 'count' && cell.value > 0 && cell.value < k) assert.equal(state[r]![c], 'small');
      }),
    );
  }
});

test('domain-research §5.2 R8: calendar quarters and US fiscal quarters (October–December is FY Q1)', () => {
  assert.deepEqual(quarterDates('2026-Q1'), { from: '2026-01-01', to: '2026-03-31' });
  assert.deepEqual(quarterDates('2026-Q3'), { from: '2026-07-01', to: '2026-09-30' });
  assert.deepEqual(quarterDates('2026-Q4'), { from: '2026-10-01', to: '2026-12-31' });
  assert.deepEqual(quarterDates('FY2026-Q1'), { from: '2025-10-01', to: '2025-12-31' });
  assert.deepEqual(quarterDates('FY2026-Q2'), { from: '2026-01-01', to: '2026-03-31' });
  assert.deepEqual(quarterDates('FY2026-Q4'), { from: '2026-07-01', to: '2026-09-30' });
  assert.deepEqual(quarterDates('2028-Q1'), { from: '2028-01-01', to: '2028-03-31' });
});

test('periods are Lao calendar days: a day starts at 17:00 UTC the day before (UTC+7, no daylight saving)', () => {
  assert.equal(laoDayStart('2026-07-01'), '2026-06-30T17:00:00.000Z');
  assert.equal(laoDayStart('2026-01-01'), '2025-12-31T17:00:00.000Z');
});
