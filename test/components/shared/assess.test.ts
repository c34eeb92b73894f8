// Assessment rules (components/shared/assess.ts): drawing, xAPI response patterns per
// interaction type (xAPI Data 2.4.4.1.s15) and scoring against the mastery score.
import { attemptsLeft, correctPattern, drawItems, isCorrect, score, shuffle } from '../../../components/shared/assess.js';
import type { CompiledQuestion } from '../../../components/shared/types.js';
import { assert, equal } from '../support.js';

const base = { prompt: { lo: 'p', en: 'p' }, explanation: { lo: 'e', en: 'e' }, bank: 'b', iri: 'https://x/q' };
const t = (lo: string) => ({ lo, en: lo });

describe('shared/assess', () => {
  it('drawItems takes `count` distinct items, all when count is 0 or too big, in order without randomisation', () => {
    const bank = ['a', 'b', 'c', 'd', 'e'];
    equal(drawItems(bank, 3, false), ['a', 'b', 'c'], 'first three in order');
    equal(drawItems(bank, 0, false), bank, '0 means all');
    equal(drawItems(bank, 9, false), bank, 'at most the bank');
    let seed = 1;
    const rng = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const drawn = drawItems(bank, 3, true, rng);
    equal(new Set(drawn).size, 3, 'distinct');
    assert(drawn.every((x) => bank.includes(x)), 'from the bank');
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) seen.add(drawItems(bank, 1, true).join());
    assert(seen.size > 1, 'randomised draws vary');
    equal([...shuffle(bank)].sort(), bank, 'shuffle keeps every item');
  });

  it('choice: single answer "id", multiple "a[,]b" in any order', () => {
    const q = { ...base, id: 'q', type: 'multiple', interactionType: 'choice', choices: [
      { id: 'a', text: t('a'), correct: true }, { id: 'b', text: t('b'), correct: false }, { id: 'c', text: t('c'), correct: true },
    ] } as CompiledQuestion;
    equal(correctPattern(q), ['a[,]c'], 'pattern');
    assert(isCorrect(q, 'c[,]a'), 'order of a choice set does not matter');
    assert(!isCorrect(q, 'a'), 'missing one is wrong');
    assert(!isCorrect(q, 'a[,]b[,]c'), 'an extra one is wrong');
  });

  it('true-false, sequencing and matching patterns', () => {
    const tf = { ...base, id: 'tf', type: 'true-false', interactionType: 'true-false', answer: false } as CompiledQuestion;
    equal(correctPattern(tf), ['false'], 'true-false');
    const seq = { ...base, id: 's', type: 'ordering', interactionType: 'sequencing', items: [{ id: 'x', text: t('x') }, { id: 'y', text: t('y') }, { id: 'z', text: t('z') }] } as CompiledQuestion;
    equal(correctPattern(seq), ['x[,]y[,]z'], 'sequencing in authored order');
    assert(!isCorrect(seq, 'y[,]x[,]z'), 'order matters');
    const m = { ...base, id: 'm', type: 'matching', interactionType: 'matching', pairs: [{ id: 'p', left: t('l'), right: t('r') }, { id: 'q', left: t('l'), right: t('r') }, { id: 'r', left: t('l'), right: t('r') }] } as CompiledQuestion;
    equal(correctPattern(m), ['p[.]p[,]q[.]q[,]r[.]r'], 'matching');
    assert(isCorrect(m, 'r[.]r[,]p[.]p[,]q[.]q'), 'pairs in any order');
    assert(!isCorrect(m, 'p[.]q[,]q[.]p[,]r[.]r'), 'a swapped pair is wrong');
  });

  it('score: raw, max, scaled and pass at the mastery score; attempts left', () => {
    equal(score([true, true, true, true, false], 0.8), { raw: 4, max: 5, scaled: 0.8, passed: true }, '4/5 at 0.8');
    equal(score([true, false, true], 0.7).passed, false, '2/3 under 0.7');
    equal(score([], 0.5).passed, false, 'no items, no pass');
    equal([attemptsLeft(0, 5), attemptsLeft(2, 1), attemptsLeft(2, 3)], [Infinity, 1, 0], 'attempts');
  });
});
