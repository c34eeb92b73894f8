// Counts and means split by sex, the way every report states them: women, men, other or not
// stated, and the total ("60 participants, 21 women"). Not for suppression: that is applied
// to exported tables only (suppress.ts).
import type { SexGroup } from './population.js';

export interface Counts {
  female: number;
  male: number;
  otherOrNotStated: number;
  total: number;
}

/** A mean per sex group and overall (null where nobody counted). */
export interface Means {
  female: number | null;
  male: number | null;
  otherOrNotStated: number | null;
  total: number | null;
}

export const SEX_KEYS = ['female', 'male', 'otherOrNotStated', 'total'] as const;
export type SexKey = (typeof SEX_KEYS)[number];

export const zeroCounts = (): Counts => ({ female: 0, male: 0, otherOrNotStated: 0, total: 0 });

const keyOf = (sex: SexGroup): Exclude<SexKey, 'total'> => (sex === 'other' ? 'otherOrNotStated' : sex);

/** Adds n people of a sex group (and to the total). */
export function addTo(c: Counts, sex: SexGroup, n: number | string | bigint | null | undefined): void {
  const v = Number(n ?? 0);
  c[keyOf(sex)] += v;
  c.total += v;
}

/** Sums per sex group, turned into means by a count per sex group. */
export class MeanBuilder {
  readonly n = zeroCounts();
  readonly sum = zeroCounts();
  add(sex: SexGroup, n: number | string | bigint | null | undefined, sum: number | string | null | undefined): void {
    addTo(this.n, sex, n);
    addTo(this.sum, sex, sum === null || sum === undefined ? 0 : Number(sum));
  }
  means(): Means {
    const m = (k: SexKey) => (this.n[k] > 0 ? round(this.sum[k] / this.n[k]) : null);
    return { female: m('female'), male: m('male'), otherOrNotStated: m('otherOrNotStated'), total: m('total') };
  }
}

/** Share of a count in another (null when the base is 0), per sex group. */
export function shares(part: Counts, base: Counts): Means {
  const s = (k: SexKey) => (base[k] > 0 ? round(part[k] / base[k]) : null);
  return { female: s('female'), male: s('male'), otherOrNotStated: s('otherOrNotStated'), total: s('total') };
}

/** Four decimals: enough for a scaled score or share, without float noise in JSON and files. */
export const round = (x: number) => Math.round(x * 10_000) / 10_000;
