// Splits a certification course's final-exam bank into what may be served (ExamQuestion: the
// items without anything that says which answer is right) and what only the server reads
// (ExamItemKey, written to dist/courses/keys.ts). Deterministic: the same bank compiles to the
// same bytes, so ETags and pinned ids stay put. Not for grading (server/exams/grade.ts).
import { createHash } from 'node:crypto';
import type { CompiledQuestion, ExamChoice, ExamItemKey, ExamQuestion, Localized } from '../schema.js';

/** xAPI's list and pair separators inside a response string (Data 2.4.4.1.s15). */
export const SEP = '[,]';
export const PAIR = '[.]';

/** A PRNG in [0, 1) seeded from text: a sha256 stream, so builds are reproducible. */
function seeded(seed: string): () => number {
  let block = createHash('sha256').update(seed).digest();
  let at = 0;
  return () => {
    if (at + 4 > block.length) {
      block = createHash('sha256').update(block).digest();
      at = 0;
    }
    const v = block.readUInt32BE(at);
    at += 4;
    return v / 2 ** 32;
  };
}

function shuffled<T>(items: readonly T[], rng: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A shuffle that is never the given order (rotated by one when it happens to be). */
function notInOrder<T>(items: readonly T[], rng: () => number): T[] {
  const out = shuffled(items, rng);
  if (out.length > 1 && out.every((x, i) => x === items[i])) out.push(out.shift()!);
  return out;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Choices shuffled and re-lettered a, b, c… in served order; the key in those letters. */
function choiceItem(q: { id: string; choices: { id: string; text: Localized; correct: boolean; feedback?: Localized }[] }, seed: string) {
  const order = shuffled(q.choices, seeded(`${seed}/choices`));
  const choices: ExamChoice[] = order.map((c, i) => ({ id: LETTERS[i]!, text: c.text }));
  const correct = order.flatMap((c, i) => (c.correct ? [LETTERS[i]!] : [])).join(SEP);
  const feedback: Record<string, Localized> = {};
  order.forEach((c, i) => {
    if (c.feedback) feedback[LETTERS[i]!] = c.feedback;
  });
  return { choices, correct, feedback };
}

/**
 * The served item and the key of one final-exam question. `seed` names the item uniquely
 * (course slug and question id) so every item shuffles differently.
 */
export function redact(q: CompiledQuestion, seed: string): { served: ExamQuestion; key: ExamItemKey } {
  const base = { id: q.id, bank: q.bank, iri: q.iri, interactionType: q.interactionType, prompt: q.prompt, ...(q.sources ? { sources: q.sources } : {}) };
  const key = (correct: string, feedback: Record<string, Localized> = {}): ExamItemKey => ({ type: q.type, correct, explanation: q.explanation, feedback });
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const c = choiceItem(q, seed);
      return { served: { ...base, type: q.type, choices: c.choices }, key: key(c.correct, c.feedback) };
    }
    case 'scenario': {
      const c = choiceItem(q, seed);
      return {
        served: { ...base, type: 'scenario', case: q.case, ...(q.multiple ? { multiple: true } : {}), choices: c.choices },
        key: key(c.correct, c.feedback),
      };
    }
    case 'true-false':
      return { served: { ...base, type: 'true-false' }, key: key(String(q.answer)) };
    case 'ordering': {
      // Items keep their ids (names of things, not positions); only the order is the answer.
      const items = notInOrder(q.items, seeded(`${seed}/ordering`)).map((i) => ({ id: i.id, text: i.text }));
      return { served: { ...base, type: 'ordering', items }, key: key(q.items.map((i) => i.id).join(SEP)) };
    }
    case 'matching': {
      // The right-hand sides get ids of their own (r1, r2… in served order): a pair's id on
      // both sides would be the answer.
      const rights = notInOrder(q.pairs, seeded(`${seed}/matching`));
      const rightId = new Map(rights.map((p, i) => [p.id, `r${i + 1}`]));
      return {
        served: {
          ...base,
          type: 'matching',
          left: q.pairs.map((p) => ({ id: p.id, text: p.left })),
          right: rights.map((p) => ({ id: rightId.get(p.id)!, text: p.right })),
        },
        key: key(q.pairs.map((p) => `${p.id}${PAIR}${rightId.get(p.id)!}`).join(SEP)),
      };
    }
  }
}

/** Every item of a final-exam bank, redacted, and the keys by question id. */
export function redactBank(courseSlug: string, questions: readonly CompiledQuestion[]) {
  const served: Record<string, ExamQuestion> = {};
  const keys: Record<string, ExamItemKey> = {};
  for (const q of questions) {
    const r = redact(q, `${courseSlug}/${q.id}`);
    served[q.id] = r.served;
    keys[q.id] = r.key;
  }
  return { served, keys };
}
