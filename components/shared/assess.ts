// Assessment rules in pure functions: drawing items from a bank, xAPI response strings for
// each question type, marking a response, and scoring an attempt against the mastery score.
// Not for rendering or recording: the quiz and question elements do that.
import type { CompiledQuestion } from './types.js';

export type Rng = () => number;

/** A shuffled copy (Fisher–Yates). */
export function shuffle<T>(items: readonly T[], rng: Rng = Math.random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The question ids of one attempt: `count` items from the bank (all when count is 0 or more
 * than the bank holds), drawn at random when `randomise`, else the first ones in bank order.
 */
export function drawItems(bank: readonly string[], count: number, randomise: boolean, rng: Rng = Math.random): string[] {
  const n = count > 0 ? Math.min(count, bank.length) : bank.length;
  return (randomise ? shuffle(bank, rng) : [...bank]).slice(0, n);
}

/** xAPI's list separator inside a response string (Data 2.4.4.1.s15). */
export const SEP = '[,]';
/** xAPI's pair separator (matching, performance). */
export const PAIR = '[.]';

/** The xAPI correctResponsesPattern of a question. */
export function correctPattern(q: CompiledQuestion): string[] {
  switch (q.type) {
    case 'single':
    case 'multiple':
    case 'scenario':
      return [q.choices.filter((c) => c.correct).map((c) => c.id).join(SEP)];
    case 'true-false':
      return [String(q.answer)];
    case 'ordering':
      // Items are authored in the right order; the player shows them shuffled.
      return [q.items.map((i) => i.id).join(SEP)];
    case 'matching':
      return [q.pairs.map((p) => `${p.id}${PAIR}${p.id}`).join(SEP)];
  }
}

/** Whether a response (xAPI format) is right. Choice sets compare regardless of order. */
export function isCorrect(q: CompiledQuestion, response: string): boolean {
  const expected = correctPattern(q)[0]!;
  if (q.type === 'multiple' || (q.type === 'scenario' && q.multiple)) {
    const a = response.split(SEP).filter(Boolean).sort().join(SEP);
    const b = expected.split(SEP).sort().join(SEP);
    return a === b;
  }
  if (q.type === 'matching') {
    const a = response.split(SEP).sort().join(SEP);
    const b = expected.split(SEP).sort().join(SEP);
    return a === b;
  }
  return response === expected;
}

/** The interaction components for the statement's activity definition, where xAPI has one that fits. */
export function choicesOf(q: CompiledQuestion): { id: string; description: Record<string, string> }[] | undefined {
  switch (q.type) {
    case 'single':
    case 'multiple':
    case 'scenario':
      return q.choices.map((c) => ({ id: c.id, description: { lo: c.text.lo, en: c.text.en } }));
    case 'ordering':
      return q.items.map((c) => ({ id: c.id, description: { lo: c.text.lo, en: c.text.en } }));
    default:
      return undefined;
  }
}

export interface Score {
  raw: number;
  max: number;
  scaled: number;
  passed: boolean;
}

/** One point per fully right item; passed when the scaled score reaches the mastery score. */
export function score(results: readonly boolean[], masteryScore: number): Score {
  const max = results.length;
  const raw = results.filter(Boolean).length;
  const scaled = max === 0 ? 0 : raw / max;
  // Compare in whole thousandths so that 4/5 reaches a mastery of 0.8 despite float rounding.
  return { raw, max, scaled, passed: max > 0 && Math.round(scaled * 1000) >= Math.round(masteryScore * 1000) };
}

/** Attempts left; Infinity when the rule is 0 (unlimited). */
export const attemptsLeft = (allowed: number, used: number): number => (allowed === 0 ? Infinity : Math.max(0, allowed - used));
