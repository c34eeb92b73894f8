// Join codes (server/cohorts/join-code.ts): the alphabet, randomness without bias, and how a
// typed code is read. DESIGN §8 (join code), §9 (codes are not guessable in bulk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JOIN_CODE_ALPHABET, JOIN_CODE_RE, joinUrl, newJoinCode, normaliseJoinCode } from '../../../server/cohorts/join-code.js';

test('DESIGN §8 join code: six characters from an alphabet without look-alikes (0/O, 1/I/L)', () => {
  assert.equal(JOIN_CODE_ALPHABET.length, 31);
  for (const ch of '01OIL') assert.ok(!JOIN_CODE_ALPHABET.includes(ch), ch);
  for (let i = 0; i < 1000; i++) assert.match(newJoinCode(), JOIN_CODE_RE);
});

test('DESIGN §9 join code: every symbol is about equally likely (no modulo bias)', () => {
  const counts = new Map<string, number>();
  const n = 31 * 6 * 600;
  for (let i = 0; i < n / 6; i++) for (const ch of newJoinCode()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  assert.equal(counts.size, 31);
  // Chi-square with 30 degrees of freedom: 70 is beyond the 0.01% critical value. A modulo-biased
  // generator (256 % 31: 8 symbols at 9/256, the rest at 8/256) scores about 300 here.
  const expected = n / 31;
  const chi = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  assert.ok(chi < 70, `chi-square ${chi.toFixed(1)}`);
});

test('DESIGN §8 join code: a typed code is read however it was typed; what cannot be a code is null', () => {
  assert.equal(normaliseJoinCode('k7m2qx'), 'K7M2QX');
  assert.equal(normaliseJoinCode(' K7M 2QX '), 'K7M2QX');
  assert.equal(normaliseJoinCode('K7M-2QX'), 'K7M2QX');
  assert.equal(normaliseJoinCode('K໗M໒QX'), 'K7M2QX', 'Lao digits');
  assert.equal(normaliseJoinCode('Ｋ７Ｍ２ＱＸ'), 'K7M2QX', 'full-width forms');
  for (const bad of ['', 'K7M2Q', 'K7M2QXX', 'O0O0O0', 'K7M2Q1', 'ກຂຄງຈສ']) assert.equal(normaliseJoinCode(bad), null, bad);
  assert.equal(joinUrl('https://training.example', 'K7M2QX'), 'https://training.example/join?code=K7M2QX');
});
