// Parses one lesson file (front matter + restricted CommonMark + ::: directives) into the
// compiled Block AST, collecting every reference (citations, checks, scenarios, images, lesson
// links) with its line so the package step can check it. Not for cross-file checks.
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes as MdNode, PhrasingContent, RootContent } from 'mdast';
import { CALLOUT_KINDS, lessonFrontMatter, SLUG_RE, type Block, type CalloutKind, type Inline } from '../schema.js';

export interface LessonRef {
  kind: 'cite' | 'check' | 'scenario' | 'image' | 'link';
  /** Source id, question id, scenario id, image path as written, or link target as written. */
  target: string;
  line: number;
}

export interface LessonProblem {
  /** "line N" or "front matter.title". */
  path: string;
  message: string;
}

export interface ParsedLesson {
  title: string | undefined;
  blocks: Block[];
  refs: LessonRef[];
  problems: LessonProblem[];
}

const CITE_RE = /\[\[src:([^\]]*)\]\]/g;
const DIRECTIVE_OPEN_RE = /^:::\s*([A-Za-z][\w-]*)?\s*(.*?)\s*$/;
const DIRECTIVE_CLOSE_RE = /^:::\s*$/;

export interface Resolvers {
  /** An internal link target (as written) → the lesson it names, or null when none. */
  link(target: string): { module: string; lesson: string } | null;
  /** An image path (as written) → "images/<file>" when that file exists, else null. */
  image(target: string): string | null;
}

export function parseLesson(source: string, resolve: Resolvers): ParsedLesson {
  const problems: LessonProblem[] = [];
  const refs: LessonRef[] = [];
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');

  // Front matter: "---", "key: value" lines, "---".
  let title: string | undefined;
  let bodyStart = 0;
  if (lines[0]?.trim() !== '---') {
    problems.push({ path: 'front matter', message: 'missing: the file must start with a "---" line, then "title: ...", then "---"' });
  } else {
    const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    if (end < 0) {
      problems.push({ path: 'front matter', message: 'is not closed by a "---" line' });
      bodyStart = lines.length;
    } else {
      const data: Record<string, string> = {};
      for (let i = 1; i < end; i++) {
        const l = lines[i]!;
        if (!l.trim()) continue;
        const m = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(l);
        if (!m) {
          problems.push({ path: `line ${i + 1}`, message: 'front matter lines must be "key: value"' });
          continue;
        }
        let v = m[2]!.trim();
        if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0]) v = v.slice(1, -1);
        data[m[1]!] = v;
      }
      const fm = lessonFrontMatter.safeParse(data);
      if (fm.success) title = fm.data.title;
      else for (const iss of fm.error.issues) problems.push({ path: `front matter${iss.path.length ? '.' + iss.path.join('.') : ''}`, message: iss.message.replace(/^Invalid input: expected string, received undefined$/, 'is required') });
      bodyStart = end + 1;
    }
  }

  const ctx: Ctx = { problems, refs, resolve };
  const blocks: Block[] = [];
  let chunk: string[] = [];
  let chunkStart = bodyStart;
  const flush = (target: Block[]) => {
    if (chunk.some((l) => l.trim())) target.push(...markdownBlocks(chunk.join('\n'), chunkStart, ctx));
    chunk = [];
  };

  let open: { name: string; arg: string; line: number; body: string[]; bodyStart: number } | null = null;
  for (let i = bodyStart; i < lines.length; i++) {
    const l = lines[i]!;
    const lineNo = i + 1;
    if (!l.startsWith(':::')) {
      if (open) open.body.push(l);
      else {
        if (!chunk.length) chunkStart = i;
        chunk.push(l);
      }
      continue;
    }
    if (open) {
      if (!DIRECTIVE_CLOSE_RE.test(l)) {
        problems.push({ path: `line ${lineNo}`, message: `":::" blocks cannot be nested; close ":::${open.name}" (line ${open.line}) with a line containing only ":::" first` });
        continue;
      }
      blocks.push(...directiveBlock(open, ctx));
      open = null;
      continue;
    }
    if (DIRECTIVE_CLOSE_RE.test(l)) {
      problems.push({ path: `line ${lineNo}`, message: '":::" closes nothing' });
      continue;
    }
    flush(blocks);
    const m = DIRECTIVE_OPEN_RE.exec(l)!;
    open = { name: m[1] ?? '', arg: m[2] ?? '', line: lineNo, body: [], bodyStart: i + 1 };
  }
  if (open) problems.push({ path: `line ${open.line}`, message: `":::${open.name}" is not closed by a line containing only ":::"` });
  flush(blocks);
  if (!blocks.length && !problems.length) problems.push({ path: 'line ' + (bodyStart + 1), message: 'the lesson has no content' });
  return { title, blocks, refs, problems };
}

interface Ctx {
  problems: LessonProblem[];
  refs: LessonRef[];
  resolve: Resolvers;
}

function directiveBlock(d: { name: string; arg: string; line: number; body: string[]; bodyStart: number }, ctx: Ctx): Block[] {
  const at = `line ${d.line}`;
  if (d.name === 'callout') {
    if (!(CALLOUT_KINDS as readonly string[]).includes(d.arg)) {
      ctx.problems.push({ path: at, message: `":::callout" needs a kind: one of ${CALLOUT_KINDS.join(', ')} (got "${d.arg}")` });
      return [];
    }
    if (!d.body.some((l) => l.trim())) {
      ctx.problems.push({ path: at, message: '":::callout" is empty' });
      return [];
    }
    return [{ type: 'callout', kind: d.arg as CalloutKind, blocks: markdownBlocks(d.body.join('\n'), d.bodyStart, ctx) }];
  }
  if (d.name === 'check' || d.name === 'scenario') {
    if (!SLUG_RE.test(d.arg)) {
      ctx.problems.push({ path: at, message: `":::${d.name}" needs one id in kebab-case, e.g. ":::${d.name} ${d.name === 'check' ? 'q-debt-bondage' : 'sc-recruiter-offer'}" (got "${d.arg}")` });
      return [];
    }
    if (d.body.some((l) => l.trim())) {
      ctx.problems.push({ path: at, message: `":::${d.name} ${d.arg}" takes no content; close it with ":::" on the next line` });
    }
    ctx.refs.push({ kind: d.name, target: d.arg, line: d.line });
    return [d.name === 'check' ? { type: 'check', question: d.arg } : { type: 'scenario', scenario: d.arg }];
  }
  ctx.problems.push({ path: at, message: `unknown directive ":::${d.name}"; use :::callout <kind>, :::check <question-id> or :::scenario <scenario-id>` });
  return [];
}

function markdownBlocks(md: string, lineOffset: number, ctx: Ctx): Block[] {
  const root = fromMarkdown(md);
  const out: Block[] = [];
  for (const node of root.children) {
    const b = block(node, lineOffset, ctx);
    if (b) out.push(b);
  }
  return out;
}

const lineOf = (node: MdNode, offset: number) => (node.position?.start.line ?? 1) + offset;

function block(node: RootContent, off: number, ctx: Ctx): Block | null {
  const at = `line ${lineOf(node, off)}`;
  const reject = (what: string, instead: string) => {
    ctx.problems.push({ path: at, message: `${what} is not supported in lessons; ${instead}` });
    return null;
  };
  switch (node.type) {
    case 'paragraph': {
      const only = node.children.length === 1 ? node.children[0] : undefined;
      if (only?.type === 'image') {
        if (!only.alt?.trim()) {
          ctx.problems.push({ path: at, message: `image "${only.url}" needs alt text in this file's language: ![alt text](${only.url})` });
          return null;
        }
        const src = ctx.resolve.image(only.url);
        if (!src) {
          ctx.problems.push({ path: at, message: `image "${only.url}" not found: put the file in the course's images/ folder and write ![alt](images/<file>)` });
          return null;
        }
        ctx.refs.push({ kind: 'image', target: src, line: lineOf(node, off) });
        return { type: 'image', src, alt: only.alt.trim() };
      }
      return { type: 'paragraph', children: inlines(node.children, off, ctx) };
    }
    case 'heading':
      if (node.depth === 1) return reject('a "#" heading', 'the lesson title is in the front matter; use "##" for sections');
      if (node.depth > 4) return reject(`a level-${node.depth} heading`, 'use "##" to "####"');
      return { type: 'heading', depth: node.depth as 2 | 3 | 4, children: inlines(node.children, off, ctx) };
    case 'list': {
      const items: Block[][] = node.children.map((li) => li.children.map((c) => block(c, off, ctx)).filter((b): b is Block => b !== null));
      const b: Block = { type: 'list', ordered: !!node.ordered, items };
      if (node.ordered && node.start != null && node.start !== 1) b.start = node.start;
      return b;
    }
    case 'html':
      return reject('raw HTML', 'write Markdown (the compiler never passes HTML through)');
    case 'blockquote':
      return reject('a block quote ("> ...")', 'use ":::callout note"');
    case 'code':
      return reject('a code block', 'write it as a paragraph');
    case 'thematicBreak':
      return reject('a horizontal rule', 'use a "##" heading to start a new section');
    case 'definition':
      return reject('a link reference definition', 'write links inline: [text](https://...)');
    default:
      return reject(`"${node.type}"`, 'use paragraphs, headings, lists and ::: blocks');
  }
}

function inlines(nodes: PhrasingContent[], off: number, ctx: Ctx): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    const at = `line ${lineOf(n, off)}`;
    switch (n.type) {
      case 'text':
        out.push(...splitCitations(n.value, lineOf(n, off), ctx));
        break;
      case 'strong':
      case 'emphasis':
        out.push({ type: n.type, children: inlines(n.children, off, ctx) });
        break;
      case 'inlineCode':
        out.push({ type: 'code', value: n.value });
        break;
      case 'break':
        out.push({ type: 'break' });
        break;
      case 'link': {
        const children = inlines(n.children, off, ctx);
        const url = n.url;
        if (/^(https?:\/\/|mailto:|tel:)/i.test(url)) {
          out.push({ type: 'link', href: url, children });
        } else if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
          ctx.problems.push({ path: at, message: `link "${url}": only https://, http://, mailto:, tel: or a relative path to another lesson are allowed` });
        } else {
          ctx.refs.push({ kind: 'link', target: url, line: lineOf(n, off) });
          const to = ctx.resolve.link(url);
          if (to) out.push({ type: 'lesson-link', module: to.module, lesson: to.lesson, children });
          else ctx.problems.push({ path: at, message: `link "${url}" does not resolve to a lesson of this course (write a relative path to its .md file, e.g. ../02-safe-migration/01-before-you-go.en.md)` });
        }
        break;
      }
      case 'image':
        ctx.problems.push({ path: at, message: `image "${n.url}" must stand alone on its own line, not inside a sentence` });
        break;
      case 'html':
        ctx.problems.push({ path: at, message: `raw HTML (${JSON.stringify(n.value)}) is not allowed; write Markdown` });
        break;
      case 'linkReference':
      case 'imageReference':
        ctx.problems.push({ path: at, message: 'reference-style links are not supported; write [text](https://...) or [[src:id]] for a citation' });
        break;
      default:
        ctx.problems.push({ path: at, message: `"${n.type}" is not supported in lesson text` });
    }
  }
  return mergeText(out);
}

function splitCitations(value: string, line: number, ctx: Ctx): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of value.matchAll(CITE_RE)) {
    if (m.index > last) out.push({ type: 'text', value: value.slice(last, m.index) });
    const id = m[1]!.trim();
    if (!SLUG_RE.test(id)) ctx.problems.push({ path: `line ${line}`, message: `citation "${m[0]}": the source id must be kebab-case, e.g. [[src:lao-law-2015]]` });
    else {
      out.push({ type: 'cite', source: id });
      ctx.refs.push({ kind: 'cite', target: id, line });
    }
    last = m.index + m[0].length;
  }
  if (last < value.length) out.push({ type: 'text', value: value.slice(last) });
  const rest = value.replace(CITE_RE, '');
  if (/\[\[|\]\]/.test(rest)) ctx.problems.push({ path: `line ${line}`, message: '"[[...]]" is not a citation; write [[src:<source-id>]]' });
  return out;
}

function mergeText(nodes: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    const prev = out.at(-1);
    if (n.type === 'text' && prev?.type === 'text') prev.value += n.value;
    else out.push(n);
  }
  return out;
}

/**
 * What must match between the lo and en files of a lesson: one entry per top-level block with
 * its kind, structure, the ids it embeds and the sources it cites (as a sorted set).
 */
export function blockSignature(b: Block): string {
  const cites = new Set<string>();
  const links = new Set<string>();
  const walkInline = (ns: Inline[]) => {
    for (const n of ns) {
      if (n.type === 'cite') cites.add(n.source);
      if (n.type === 'lesson-link') links.add(`${n.module}/${n.lesson}`);
      if ('children' in n) walkInline(n.children);
    }
  };
  const walk = (x: Block): string => {
    switch (x.type) {
      case 'heading':
        walkInline(x.children);
        return `heading (level ${x.depth})`;
      case 'paragraph':
        walkInline(x.children);
        return 'paragraph';
      case 'list':
        x.items.forEach((it) => it.forEach(walk));
        return `${x.ordered ? 'numbered' : 'bulleted'} list of ${x.items.length} items`;
      case 'callout':
        return `callout ${x.kind} [${x.blocks.map(walk).join(', ')}]`;
      case 'image':
        return `image ${x.src}`;
      case 'check':
        return `check ${x.question}`;
      case 'scenario':
        return `scenario ${x.scenario}`;
    }
  };
  let s = walk(b);
  if (cites.size) s += ` citing ${[...cites].sort().join(', ')}`;
  if (links.size) s += ` linking ${[...links].sort().join(', ')}`;
  return s;
}
