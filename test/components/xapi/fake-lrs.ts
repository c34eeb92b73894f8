// A stand-in LRS for the recorder's component tests: it replaces window.fetch for /xapi/ URLs,
// keeps statements by id the way Champa's LRS does (same id and content again: 200, stored
// once; a different statement under a stored id: 409; a batch all-or-nothing), keeps state
// documents with POST merge, and can be told to drop the network or refuse statements.
// Not a conformance fake: server/xapi has the real rules and its own tests.
import type { Statement } from '../../../components/xapi/statements.js';

export const ENDPOINT = 'https://lrs.test/xapi/';

export class FakeLrs {
  /** Stored statements by id. */
  stored = new Map<string, Statement>();
  /** Every POST /statements batch as sent, delivered or not. */
  posts: Statement[][] = [];
  /** State documents by "activityId|stateId|registration|agent". */
  state = new Map<string, Record<string, unknown>>();
  stateRequests: { method: string; params: URLSearchParams; body?: unknown }[] = [];
  /** When true, every request fails as a dropped network does (fetch rejects with a TypeError). */
  down = false;
  /** A status to answer every request with (e.g. 401, 503), or 0 for none. */
  status = 0;
  /** Statements for which this returns a status are refused with it (the whole batch, as an LRS does). */
  refuse: (s: Statement) => number | undefined = () => undefined;
  /** Delays each answer, so that tests can overlap calls. */
  delayMs = 0;
  #real: typeof fetch = globalThis.fetch;

  install(): this {
    this.#real = globalThis.fetch.bind(globalThis);
    globalThis.fetch = (input, init) => this.handle(input, init);
    return this;
  }

  uninstall(): void {
    globalThis.fetch = this.#real;
  }

  /** How many times each statement id was POSTed. */
  sendCounts(): Map<string, number> {
    const m = new Map<string, number>();
    for (const batch of this.posts) for (const s of batch) m.set(s.id, (m.get(s.id) ?? 0) + 1);
    return m;
  }

  async handle(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.href.startsWith(ENDPOINT)) return this.#real(input, init);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.down) throw new TypeError('Failed to fetch');
    if (this.status) return new Response(`status ${this.status}`, { status: this.status });
    const method = (init.method ?? 'GET').toUpperCase();
    const path = url.pathname.slice(new URL(ENDPOINT).pathname.length);
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    if (path === 'statements' && method === 'POST') {
      const batch = (Array.isArray(body) ? body : [body]) as Statement[];
      this.posts.push(batch);
      for (const s of batch) {
        const code = this.refuse(s);
        if (code) return new Response(`statement ${s.id} refused`, { status: code });
        const had = this.stored.get(s.id);
        if (had && JSON.stringify(had) !== JSON.stringify(s)) return new Response(`a different statement with id ${s.id} is stored`, { status: 409 });
      }
      for (const s of batch) this.stored.set(s.id, s);
      return Response.json(batch.map((s) => s.id));
    }
    if (path === 'activities/state') {
      const p = url.searchParams;
      this.stateRequests.push({ method, params: p, body });
      const key = [p.get('activityId'), p.get('stateId'), p.get('registration'), p.get('agent')].join('|');
      if (method === 'GET') {
        const doc = this.state.get(key);
        return doc ? Response.json(doc) : new Response('no such document', { status: 404 });
      }
      if (method === 'POST') {
        this.state.set(key, { ...this.state.get(key), ...(body as Record<string, unknown>) });
        return new Response(null, { status: 204 });
      }
    }
    return new Response(`fake LRS: no ${method} ${path}`, { status: 404 });
  }

  stateKey(activityId: string, registration: string, agent: object, stateId = 'champa-progress'): string {
    return [activityId, stateId, registration, JSON.stringify(agent)].join('|');
  }
}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

export function equal<T>(actual: T, expected: T, message: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(fn: () => Promise<boolean> | boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
