// The lesson Markdown compiler: what reaches the player is a small AST of plain strings, never
// HTML, with citations, checks and lesson links resolved (COURSE-FORMAT.md "Lesson Markdown").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockSignature, parseLesson, type Resolvers } from '../../courses/build/lesson.js';

const resolve: Resolvers = {
  link: (t) => (t === '02-next.en.md' ? { module: 'm', lesson: 'next' } : null),
  image: (t) => (t === 'images/a.svg' ? 'images/a.svg' : null),
};

test('COURSE-FORMAT lesson: inline Markdown becomes text/strong/emphasis/link nodes and [[src:id]] becomes a cite node', () => {
  const r = parseLesson('---\ntitle: T\n---\nA **b** *c* [d](https://x.org) [e](02-next.en.md) f [[src:law-2015]].\n', resolve);
  assert.deepEqual(r.problems, []);
  assert.equal(r.title, 'T');
  assert.deepEqual(r.blocks, [
    {
      type: 'paragraph',
      children: [
        { type: 'text', value: 'A ' },
        { type: 'strong', children: [{ type: 'text', value: 'b' }] },
        { type: 'text', value: ' ' },
        { type: 'emphasis', children: [{ type: 'text', value: 'c' }] },
        { type: 'text', value: ' ' },
        { type: 'link', href: 'https://x.org', children: [{ type: 'text', value: 'd' }] },
        { type: 'text', value: ' ' },
        { type: 'lesson-link', module: 'm', lesson: 'next', children: [{ type: 'text', value: 'e' }] },
        { type: 'text', value: ' f ' },
        { type: 'cite', source: 'law-2015' },
        { type: 'text', value: '.' },
      ],
    },
  ]);
});

test('COURSE-FORMAT lesson: HTML never passes through, inline or as a block', () => {
  const r = parseLesson('---\ntitle: T\n---\nx <img src=x onerror=alert(1)> y\n\n<div>z</div>\n', resolve);
  assert.equal(r.problems.filter((p) => /raw HTML/.test(p.message)).length, 2);
  assert.ok(!JSON.stringify(r.blocks).includes('<img'));
});

test('COURSE-FORMAT lesson: directives become callout, image, check and scenario blocks with their lines recorded', () => {
  const src = '---\ntitle: T\n---\n:::callout warning\nBe *careful*.\n:::\n\n![Alt](images/a.svg)\n\n:::check q-a\n:::\n\n:::scenario sc-b\n:::\n';
  const r = parseLesson(src, resolve);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.blocks.map((b) => b.type), ['callout', 'image', 'check', 'scenario']);
  assert.deepEqual(r.refs.filter((x) => x.kind !== 'cite').map((x) => [x.kind, x.target, x.line]), [
    ['image', 'images/a.svg', 8],
    ['check', 'q-a', 10],
    ['scenario', 'sc-b', 13],
  ]);
});

test('COURSE-FORMAT lesson: block signatures differ when a translation drops a citation or changes a list', () => {
  const a = parseLesson('---\ntitle: T\n---\n- one [[src:s]]\n- two\n', resolve).blocks;
  const b = parseLesson('---\ntitle: T\n---\n- ໜຶ່ງ\n- ສອງ\n', resolve).blocks;
  const c = parseLesson('---\ntitle: T\n---\n- ໜຶ່ງ [[src:s]]\n- ສອງ\n- ສາມ\n', resolve).blocks;
  const d = parseLesson('---\ntitle: T\n---\n- ໜຶ່ງ\n- ສອງ [[src:s]]\n', resolve).blocks;
  assert.notEqual(blockSignature(a[0]!), blockSignature(b[0]!));
  assert.notEqual(blockSignature(a[0]!), blockSignature(c[0]!));
  assert.equal(blockSignature(a[0]!), blockSignature(d[0]!));
});
