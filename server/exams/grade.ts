// The final exam's rules in pure functions: drawing an attempt's items, checking that a
// response is well-formed for its item, marking it against the server-side key, and scoring.
// Responses use the served item's ids (courses/build/exam.ts). Not for storage or HTTP
// (server/api/exams.ts) and not for the formative quizzes, which the player marks itself.
import type { ExamItemKey, ExamQuestion } from '../../courses/schema.js';

/** xAPI's list and pair separators inside a response string (Data 2.4.4.1.s15). */
export const SEP = '[,]';
export const PAIR = '[.]';

/** At least this many case-based items in every attempt (COURSE-FORMAT: final exams). */
export const MIN_SCENARIO_ITEMS = 2;

export type Rng = () => number;

/** A uniform number in [0, 1) from the platform's CSPRNG (both runtimes have WebCrypto). */
export const cryptoRng: Rng = () => crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;

function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The question ids of one attempt: `count` items of the bank (all when 0 or more than it
 * holds), shuffled when `randomise`, else the first in bank order; either way with at least
 * MIN_SCENARIO_ITEMS case-based items (as many as the bank has, if fewer), swapped in for the
 * last other items drawn.
 */
export function drawItems(bank: readonly string[], count: number, randomise: boolean, isScenario: (id: string) => boolean, rng: Rng = cryptoRng): string[] {
  const n = count > 0 ? Math.min(count, bank.length) : bank.length;
  const pool = randomise ? shuffle(bank, rng) : [...bank];
  const drawn = pool.slice(0, n);
  const spare = pool.slice(n).filter(isScenario);
  const want = Math.min(MIN_SCENARIO_ITEMS, n, drawn.filter(isScenario).length + spare.length);
  for (let i = drawn.length - 1; i >= 0 && drawn.filter(isScenario).length < want; i--) {
    if (!isScenario(drawn[i]!)) drawn[i] = spare.shift()!;
  }
  if (!randomise) {
    const at = new Map(bank.map((id, i) => [id, i]));
    return drawn.sort((a, b) => at.get(a)! - at.get(b)!);
  }
  return shuffle(drawn, rng);
}

const ids = (list: readonly { id: string }[]) => new Set(list.map((x) => x.id));
const known = (set: Set<string>) => [...set].join(', ');

/**
 * Why a response is not a well-formed answer to the item (a message naming what is wrong), or
 * null when it is. An empty string is no answer (marked wrong), not malformed.
 */
export function responseProblem(q: ExamQuestion, response: string): string | null {
  if (response === '') return null;
  const parts = response.split(SEP);
  const dupes = (xs: string[]) => xs.find((x, i) => xs.indexOf(x) !== i);
  switch (q.type) {
    case 'true-false':
      return response === 'true' || response === 'false' ? null : `"${response}" is not "true" or "false"`;
    case 'single':
    case 'multiple':
    case 'scenario': {
      const choices = ids(q.choices);
      const multiple = q.type === 'multiple' || (q.type === 'scenario' && q.multiple === true);
      if (!multiple && parts.length > 1) return `"${response}" names ${parts.length} choices; this item takes one (${known(choices)})`;
      const bad = parts.find((p) => !choices.has(p));
      if (bad !== undefined) return `"${bad}" is not a choice of this item (${known(choices)})`;
      const twice = dupes(parts);
      return twice === undefined ? null : `"${twice}" is given twice`;
    }
    case 'ordering': {
      const items = ids(q.items);
      const bad = parts.find((p) => !items.has(p));
      if (bad !== undefined) return `"${bad}" is not an item of this ordering (${known(items)})`;
      const twice = dupes(parts);
      if (twice !== undefined) return `"${twice}" is given twice`;
      return parts.length === items.size ? null : `orders ${parts.length} of the ${items.size} items; give them all, separated by ${SEP}`;
    }
    case 'matching': {
      const left = ids(q.left);
      const right = ids(q.right);
      const pairs = parts.map((p) => p.split(PAIR));
      const bad = pairs.find((p) => p.length !== 2);
      if (bad) return `"${bad.join(PAIR)}" is not a pair "left${PAIR}right"`;
      const badLeft = pairs.find(([l]) => !left.has(l!));
      if (badLeft) return `"${badLeft[0]}" is not a left-hand item of this matching (${known(left)})`;
      const badRight = pairs.find(([, r]) => !right.has(r!));
      if (badRight) return `"${badRight[1]}" is not a right-hand item of this matching (${known(right)})`;
      const twiceLeft = dupes(pairs.map(([l]) => l!));
      if (twiceLeft !== undefined) return `"${twiceLeft}" is matched twice`;
      const twiceRight = dupes(pairs.map(([, r]) => r!));
      return twiceRight === undefined ? null : `"${twiceRight}" is matched twice`;
    }
  }
}

const asSet = (s: string) => s.split(SEP).filter(Boolean).sort().join(SEP);

/** Whether a well-formed response is right. Choice sets and matched pairs compare as sets. */
export function isRight(q: ExamQuestion, key: ExamItemKey, response: string): boolean {
  if (response === '') return false;
  const unordered = q.type === 'multiple' || q.type === 'matching' || (q.type === 'scenario' && q.multiple === true);
  return unordered ? asSet(response) === asSet(key.correct) : response === key.correct;
}

export interface ExamScore {
  raw: number;
  max: number;
  scaled: number;
  passed: boolean;
}

/** One point per fully right item; passed when the scaled score reaches the mastery score. */
export function scoreOf(results: readonly boolean[], masteryScore: number): ExamScore {
  const max = results.length;
  const raw = results.filter(Boolean).length;
  const scaled = max === 0 ? 0 : raw / max;
  // Whole thousandths, so that 18/24 reaches a mastery of 0.75 despite float rounding.
  return { raw, max, scaled, passed: max > 0 && Math.round(scaled * 1000) >= Math.round(masteryScore * 1000) };
}
