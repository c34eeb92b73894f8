// Helpers for the element tests in Chromium: a fake recorder that keeps every call, small
// assertions, mounting, course data from the test server, and an axe-core accessibility check.
// Not for the recorder's own tests (test/components/xapi has its fake LRS).
import 'axe-core/axe.min.js';
import type { CompiledCourse, RecorderLike } from '../../components/shared/types.js';

export type Call = { method: string; iri: string; opts: Record<string, unknown> };

/** A recorder that keeps every statement call and state value in memory. */
export class FakeRecorder extends EventTarget implements RecorderLike {
  calls: Call[] = [];
  state = new Map<string, unknown>();
  lang = 'lo';
  attempts = 0;
  #push(method: string, iri: string, opts: object = {}) {
    this.calls.push({ method, iri, opts: opts as Record<string, unknown> });
    return Promise.resolve();
  }
  initialized(iri: string, opts?: object) {
    return this.#push('initialized', iri, opts);
  }
  experienced(iri: string, opts?: object) {
    return this.#push('experienced', iri, opts);
  }
  answered(iri: string, opts: object) {
    return this.#push('answered', iri, opts);
  }
  scored(iri: string, verb: 'passed' | 'failed', opts: object) {
    return this.#push(verb, iri, opts);
  }
  completed(iri: string, opts?: object) {
    return this.#push('completed', iri, opts);
  }
  terminated(iri: string, opts?: object) {
    return this.#push('terminated', iri, opts);
  }
  async getState<T>(key: string): Promise<T | undefined> {
    // A deep copy, as IndexedDB would give.
    const v = this.state.get(key);
    return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as T);
  }
  async setState<T>(key: string, value: T): Promise<void> {
    this.state.set(key, JSON.parse(JSON.stringify(value)));
  }
  setLanguage(lang: 'lo' | 'en') {
    this.lang = lang;
  }
  newAttempt() {
    this.attempts++;
    this.state.clear();
    return `attempt-${this.attempts}`;
  }
  async pending() {
    return 0;
  }
  online() {
    return true;
  }
  /** Calls of one method, e.g. of('answered'). */
  of(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }
}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

export function equal<T>(actual: T, expected: T, message: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message}\n  expected: ${e}\n  actual:   ${a}`);
}

export const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));

export async function until(fn: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const mounted: HTMLElement[] = [];

/** Adds an element to the page, sets its properties, and waits for it to render. */
export async function mount<E extends HTMLElement>(tag: string, props: Record<string, unknown> = {}, attrs: Record<string, string> = {}): Promise<E> {
  const el = document.createElement(tag) as E;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  Object.assign(el, props);
  document.body.append(el);
  mounted.push(el);
  await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return el;
}

/** Removes what mount() added (call in afterEach). */
export function unmountAll(): void {
  for (const el of mounted.splice(0)) el.remove();
}

const courses = new Map<string, Promise<CompiledCourse>>();
/** A compiled course as the server serves it (the test server reads dist/courses/). */
export function course(slug = 'workers-rights'): Promise<CompiledCourse> {
  let c = courses.get(slug);
  if (!c) {
    c = fetch(`/api/courses/${slug}`).then((r) => {
      if (!r.ok) throw new Error(`/api/courses/${slug}: ${r.status}`);
      return r.json() as Promise<CompiledCourse>;
    });
    courses.set(slug, c);
  }
  return c;
}

/** Shadow-root query that throws with a clear message when nothing matches. */
export function $<T extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): T {
  const host = root instanceof Element && root.shadowRoot ? root.shadowRoot : root;
  const found = host.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

export function $$<T extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): T[] {
  const host = root instanceof Element && root.shadowRoot ? root.shadowRoot : root;
  return [...host.querySelectorAll<T>(selector)];
}

/** The element that has the keyboard focus, looking through shadow roots. */
export function deepActive(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
}
declare global {
  interface Window {
    axe: { run(context: Element, options: object): Promise<AxeResult> };
  }
}

/** Runs axe-core (WCAG 2.x A and AA rules, best practices) on an element and its shadow trees. */
export async function expectAccessible(el: Element): Promise<void> {
  const result = await window.axe.run(el, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    // The element is tested alone, not as a page: landmarks and page headings are the host's.
    rules: { region: { enabled: false }, 'page-has-heading-one': { enabled: false }, 'landmark-one-main': { enabled: false } },
  });
  if (result.violations.length) {
    const text = result.violations
      .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n')}`)
      .join('\n');
    throw new Error(`axe found ${result.violations.length} accessibility problem(s):\n${text}`);
  }
}
