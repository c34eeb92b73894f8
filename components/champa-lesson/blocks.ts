// Renders a compiled lesson's Markdown AST (courses/schema.ts Block/Inline) as lit templates.
// Every string goes in as a text node; nothing from content is ever parsed as HTML. Links
// keep only http(s) (new tab, rel=noopener), mailto: and tel:; images only the course's own.
// Not for fetching or recording: <champa-lesson> does that.
import { html, type TemplateResult } from 'lit';
import '../champa-question/champa-question.js';
import '../champa-scenario/champa-scenario.js';
import type { View } from '../shared/events.js';
import { cachedUrl } from '../xapi/offline.js';
import type { Lang, Messages } from '../shared/i18n.js';
import type { Block, CompiledCourse, Inline, RecorderLike } from '../shared/types.js';

export interface RenderContext {
  l: Lang;
  m: Messages;
  course: CompiledCourse | null;
  recorder: RecorderLike | null;
  /** Absolute base URL of the Champa server, ending in "/". */
  base: string;
  /** Citation numbers by source id, in order of first citation. */
  cites: Map<string, number>;
  /** The lesson's IRI: parent of the statements of its checks and scenarios. */
  parent: string;
  navigate(view: View): void;
}

const IMAGE_SRC = /^images\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The href to use for a content link, or null when it must stay plain text. */
export function safeHref(href: string): { href: string; external: boolean } | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return { href: url.href, external: true };
  if (url.protocol === 'mailto:' || url.protocol === 'tel:') return { href: url.href, external: false };
  return null;
}

/** Source ids in order of first citation. */
export function citeOrder(blocks: Block[]): Map<string, number> {
  const out = new Map<string, number>();
  const inl = (xs: Inline[]): void => {
    for (const x of xs) {
      if (x.type === 'cite' && !out.has(x.source)) out.set(x.source, out.size + 1);
      if ('children' in x) inl(x.children);
    }
  };
  const blk = (bs: Block[]): void => {
    for (const b of bs) {
      if (b.type === 'heading' || b.type === 'paragraph') inl(b.children);
      else if (b.type === 'list') b.items.forEach(blk);
      else if (b.type === 'callout') blk(b.blocks);
    }
  };
  blk(blocks);
  return out;
}

export function inlines(xs: Inline[], ctx: RenderContext): TemplateResult[] {
  return xs.map((x) => inline(x, ctx));
}

function inline(x: Inline, ctx: RenderContext): TemplateResult {
  switch (x.type) {
    case 'text':
      return html`${x.value}`;
    case 'strong':
      return html`<strong>${inlines(x.children, ctx)}</strong>`;
    case 'emphasis':
      return html`<em>${inlines(x.children, ctx)}</em>`;
    case 'code':
      return html`<code>${x.value}</code>`;
    case 'break':
      return html`<br />`;
    case 'link': {
      const safe = safeHref(x.href);
      if (!safe) return html`${inlines(x.children, ctx)}`;
      return safe.external
        ? html`<a href=${safe.href} target="_blank" rel="noopener noreferrer">${inlines(x.children, ctx)}<span class="visually-hidden"> ${ctx.m.opensNewTab}</span></a>`
        : html`<a href=${safe.href}>${inlines(x.children, ctx)}</a>`;
    }
    case 'lesson-link': {
      const view: View = { kind: 'lesson', module: x.module, lesson: x.lesson };
      return html`<a href="#" @click=${(e: Event) => {
        e.preventDefault();
        ctx.navigate(view);
      }}>${inlines(x.children, ctx)}</a>`;
    }
    case 'cite': {
      const n = ctx.cites.get(x.source);
      const src = ctx.course?.sources.find((s) => s.id === x.source);
      if (!n || !src) return html``;
      return html`<sup class="cite" title=${src.title}>[${n}]<span class="visually-hidden"> ${ctx.m.source(String(n))}</span></sup>`;
    }
  }
}

export function blocks(bs: Block[], ctx: RenderContext): TemplateResult[] {
  return bs.map((b) => block(b, ctx));
}

function block(b: Block, ctx: RenderContext): TemplateResult {
  switch (b.type) {
    case 'heading': {
      // The lesson title is the h2, so content headings sit one level below it.
      const c = inlines(b.children, ctx);
      return b.depth === 2 ? html`<h3>${c}</h3>` : b.depth === 3 ? html`<h4>${c}</h4>` : html`<h5>${c}</h5>`;
    }
    case 'paragraph':
      return html`<p>${inlines(b.children, ctx)}</p>`;
    case 'list': {
      const items = b.items.map((item) => html`<li>${blocks(item, ctx)}</li>`);
      return b.ordered ? html`<ol start=${b.start ?? 1}>${items}</ol>` : html`<ul>${items}</ul>`;
    }
    case 'callout':
      return html`<div class="callout ${b.kind}" role="note" aria-label=${ctx.m[b.kind]}>
        <p class="callout-label">${ctx.m[b.kind]}</p>
        ${blocks(b.blocks, ctx)}
      </div>`;
    case 'image': {
      if (!IMAGE_SRC.test(b.src) || !ctx.course) return html`<p class="muted">${ctx.m.imageMissing} ${b.alt}</p>`;
      const url = new URL(`api/courses/${encodeURIComponent(ctx.course.slug)}/${b.src}`, ctx.base).href;
      const failed = async (e: Event) => {
        const img = e.target as HTMLImageElement;
        // Offline: the copy saved by "Save for offline", if any.
        if (!img.dataset.retried) {
          img.dataset.retried = '1';
          const copy = await cachedUrl(url).catch(() => url);
          if (copy !== url) {
            img.addEventListener('load', () => URL.revokeObjectURL(copy), { once: true });
            img.src = copy;
            return;
          }
        }
        // Else a text-only fallback: the alt text, visible.
        img.hidden = true;
        (img.nextElementSibling as HTMLElement | null)?.removeAttribute('hidden');
      };
      return html`<figure>
        <img src=${url} alt=${b.alt} loading="lazy" decoding="async" @error=${failed} />
        <p class="muted" hidden>${ctx.m.imageMissing} ${b.alt}</p>
      </figure>`;
    }
    case 'check': {
      const q = ctx.course?.questions[b.question];
      if (!q) return html``;
      return html`<section class="check" aria-label=${ctx.m.check}>
        <p class="check-label">${ctx.m.check}</p>
        <champa-question mode="check" lang=${ctx.l} parent=${ctx.parent} .question=${q} .recorder=${ctx.recorder}></champa-question>
      </section>`;
    }
    case 'scenario': {
      const s = ctx.course?.scenarios[b.scenario];
      if (!s) return html``;
      return html`<champa-scenario lang=${ctx.l} parent=${ctx.parent} .scenario=${s} .recorder=${ctx.recorder}></champa-scenario>`;
    }
  }
}

