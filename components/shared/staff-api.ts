// The dashboard's one way to the server: JSON calls to /api with the staff session cookie,
// the session's CSRF token on every write, and errors that carry the server's message (which
// names what was wrong). A 401 anywhere means the session ended: `champa-signed-out` is
// dispatched on window so the dashboard shell shows the sign-in form again.
// Not for learners (they use bearer tokens: components/xapi) nor for the course player.

export type StaffRole = 'admin' | 'trainer' | 'viewer';

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  organisations: string[];
}

/** A refused or failed call: the HTTP status, the server's message and its whole JSON answer (e.g. a CSV upload's `errors`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const SIGNED_OUT_EVENT = 'champa-signed-out';

let csrfToken: string | null = null;

/** Where the API lives: the page's own origin unless the dashboard is told otherwise. */
let base = '';
export function setApiBase(url: string): void {
  base = url.replace(/\/+$/, '');
}

/** An absolute or root-relative URL of an API path, e.g. for export links. */
export const apiUrl = (path: string): string => `${base}${path}`;

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers.set('X-CSRF-Token', csrfToken);
  if (typeof init.body === 'string' && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  let res: Response;
  try {
    res = await fetch(apiUrl(path), { ...init, method, headers, credentials: 'include' });
  } catch {
    throw new ApiError(0, 'network');
  }
  if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me') {
    csrfToken = null;
    window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
  }
  // 304 answers only a conditional GET (apiIfChanged), which expects it.
  if (!res.ok && res.status !== 304) {
    let message = `${res.status} ${res.statusText}`;
    let body: unknown;
    try {
      body = await res.json();
      const error = (body as { error?: unknown } | null)?.error;
      if (typeof error === 'string') message = error;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(res.status, message, body);
  }
  return res;
}

/** Calls the API and parses its JSON answer (undefined for 204). */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await call(path, init);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/**
 * A GET that may answer "unchanged": sends the entity tag of the copy the caller holds and
 * resolves to null on 304 (no body crossed the network), else to the new body and its tag.
 */
export async function apiIfChanged<T>(path: string, etag: string | null): Promise<{ body: T; etag: string | null } | null> {
  // An If-None-Match set here bypasses the browser's HTTP cache, so the 304 reaches us.
  const res = await call(path, { cache: 'no-store', headers: etag ? { 'If-None-Match': etag } : {} });
  if (res.status === 304) return null;
  return { body: (await res.json()) as T, etag: res.headers.get('ETag') };
}

/** Calls the API for a non-JSON answer (an SVG, a CSV). */
export async function apiText(path: string, init: RequestInit = {}): Promise<string> {
  return (await call(path, init)).text();
}

interface SessionAnswer {
  user: StaffUser;
  csrfToken: string;
}

/** The signed-in staff user, or null when this browser has no staff session. */
export async function currentUser(): Promise<StaffUser | null> {
  try {
    const me = await api<Partial<SessionAnswer> & { kind: string }>('/api/auth/me');
    if (me.kind !== 'user' || !me.user || !me.csrfToken) return null;
    csrfToken = me.csrfToken;
    return me.user;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return null;
    throw err;
  }
}

export async function signIn(email: string, password: string): Promise<StaffUser> {
  const answer = await api<SessionAnswer>('/api/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) });
  csrfToken = answer.csrfToken;
  return answer.user;
}

export async function signOut(): Promise<void> {
  try {
    await api('/api/auth/logout', { method: 'POST' });
  } finally {
    csrfToken = null;
  }
}
