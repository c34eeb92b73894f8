// The network side of the outbox: sends statement batches and resume state to the LRS through
// @xapi/xapi, loaded with a dynamic import so it is a separate chunk fetched only when there is
// something to send (it is ~18 KB gzip with the axios it bundles). Not for building statements
// or deciding what to retry: recorder.ts does that from the outcome returned here.
import type XAPI from '@xapi/xapi';
import type { Actor, Statement } from './statements.js';

/** How a request ended: delivered, refused with an HTTP status, or no answer at all. */
export type Outcome = { ok: true; data?: unknown } | { ok: false; status: number; message: string } | { ok: false; status: 0; message: string };

/** How long one request to the LRS may take before it counts as unanswered. */
export const REQUEST_TIMEOUT_MS = 60_000;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// @xapi/xapi's own fetch adapter throws a bare Error on any non-2xx, losing the status that
// decides between retrying (5xx, 429, network), giving up (400) and "already stored" (409).
async function adapter({ url, method, headers, data }: { url: string; method: string; headers?: Record<string, string>; data?: unknown }) {
  const h = { ...headers };
  const body = data === undefined ? undefined : h['Content-Type'] === 'application/json' && typeof data !== 'string' ? JSON.stringify(data) : (data as BodyInit);
  // A flush started as the page is hidden (tab closed, phone locked) must outlive the page;
  // keepalive bodies are capped at 64 KB per page.
  const keepalive = typeof document !== 'undefined' && document.visibilityState === 'hidden' && typeof body === 'string' && body.length < 60_000;
  // A request the network swallows (a 3G "lie-fi" link) must not hold the outbox, and the lock
  // other tabs wait on, for ever: after this long it counts as no answer and is retried.
  const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(REQUEST_TIMEOUT_MS) : null;
  const res = await fetch(url, { method, headers: h, body: body ?? null, keepalive, cache: 'no-store', signal });
  const text = await res.text();
  if (!res.ok) throw new HttpError(res.status, text.slice(0, 500));
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { data: parsed as never, headers: Object.fromEntries(res.headers.entries()), status: res.status };
}

const clients = new Map<string, Promise<XAPI>>();

function client(endpoint: string, auth: string): Promise<XAPI> {
  const k = `${endpoint}\n${auth}`;
  let c = clients.get(k);
  if (!c) {
    c = import('@xapi/xapi').then(({ default: XAPIClass }) => new XAPIClass({ endpoint, auth, version: '1.0.3', adapter: adapter as never }));
    // A failed chunk load (offline) must not stick: the next flush tries the import again.
    c.catch(() => clients.delete(k));
    clients.set(k, c);
  }
  return c;
}

async function run(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof HttpError) return { ok: false, status: err.status, message: err.message };
    return { ok: false, status: 0, message: err instanceof Error ? err.message : String(err) };
  }
}

/** POSTs one batch. The LRS stores all or none of it. */
export function sendStatements(endpoint: string, auth: string, statements: Statement[]): Promise<Outcome> {
  return run(async () => (await (await client(endpoint, auth)).sendStatements({ statements: statements as never })).data);
}

export interface StateRef {
  agent: Actor;
  activityId: string;
  stateId: string;
  registration: string;
}

/** Merges top-level keys into the stored state document (xAPI POST to the State resource). */
export function mergeState(endpoint: string, auth: string, ref: StateRef, values: Record<string, unknown>): Promise<Outcome> {
  return run(async () => (await client(endpoint, auth)).createState({ ...ref, agent: ref.agent as never, state: values }));
}

/** Reads the state document; a 404 means there is none yet. */
export function readState(endpoint: string, auth: string, ref: StateRef): Promise<Outcome> {
  return run(async () => (await (await client(endpoint, auth)).getState({ ...ref, agent: ref.agent as never })).data);
}
