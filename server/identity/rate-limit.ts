// Rate limiting that works the same on Node and on every Workers isolate: counted events
// live in the database (rate_events), in named buckets with a sliding window. Login uses it
// per account and per address; the join flow can add its own buckets. Not for request
// throttling in general: only for guessing-sensitive endpoints, where a DB write per failure
// is cheap next to what it protects.
import type { RequestContext } from '../deps.js';
import { fail } from '../errors.js';

export interface Limit {
  bucket: string;
  /** Events allowed within the window; the next request is refused. */
  max: number;
  windowMs: number;
  /** Says in the 429 message what was limited, e.g. "sign-in attempts for this account". */
  label: string;
}

/** Events older than this are deleted as new ones are recorded: longer than any window. */
const KEEP_MS = 24 * 3600_000;

/** The client's address as rate limiting sees it (see Settings.clientIpHeader). */
export function clientIp(c: RequestContext): string {
  const header = c.var.settings.clientIpHeader;
  if (header) {
    const value = c.req.header(header)?.split(',').pop()?.trim();
    if (value) return value;
  }
  // @hono/node-server passes { incoming } as the env: the socket's peer is the client.
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const peer = incoming?.socket?.remoteAddress;
  if (peer) return peer;
  // Workers: Cloudflare sets CF-Connecting-IP and overwrites any a client sends.
  return c.req.header('cf-connecting-ip')?.trim() || 'unknown';
}

/** Events counted by consumeAttempt, to forget when the attempt turns out legitimate. */
export type Attempt = readonly number[];

/**
 * Counts this attempt in every bucket, then throws 429 with Retry-After when a bucket holds
 * more than `max` events in its window. Counting first means parallel guesses see each
 * other: of N simultaneous attempts at most about `max` get through. A refused attempt is
 * not kept, so that a locked-out account frees up `windowMs` after the last counted attempt
 * however long an attacker keeps knocking. Call before the work an attacker would repeat.
 */
export async function consumeAttempt(c: RequestContext, limits: readonly Limit[]): Promise<Attempt> {
  const { db } = c.var;
  const now = c.var.clock();
  const at = now.toISOString();
  const inserted = await db
    .insertInto('rate_events')
    .values(limits.map((l) => ({ bucket: l.bucket, at })))
    .returning('id')
    .execute();
  const ids = inserted.map((r) => r.id!);
  await db.deleteFrom('rate_events').where('at', '<', new Date(now.getTime() - KEEP_MS).toISOString()).execute();
  let retryAfter = 0;
  let hit: Limit | undefined;
  for (const limit of limits) {
    const since = new Date(now.getTime() - limit.windowMs).toISOString();
    const { n } = await db
      .selectFrom('rate_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('bucket', '=', limit.bucket)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    // Without this attempt the bucket holds count - 1; it must lose count - 1 - max + 1
    // events (the oldest first) before another attempt fits.
    const others = Number(n) - 1;
    if (others < limit.max) continue;
    const row = await db
      .selectFrom('rate_events')
      .select('at')
      .where('bucket', '=', limit.bucket)
      .where('at', '>', since)
      .where('id', 'not in', ids)
      .orderBy('at')
      .orderBy('id')
      .limit(1)
      .offset(others - limit.max)
      .executeTakeFirst();
    const freeAt = (row ? Date.parse(row.at) : now.getTime()) + limit.windowMs;
    const wait = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
    if (wait > retryAfter) {
      retryAfter = wait;
      hit = limit;
    }
  }
  if (hit) {
    await forgetAttempt(c, ids);
    c.header('Retry-After', String(retryAfter));
    fail(429, `Too many ${hit.label}: try again in ${retryAfter} seconds`);
  }
  return ids;
}

/** Uncounts an attempt, e.g. a login that succeeded. */
export async function forgetAttempt(c: RequestContext, attempt: Attempt): Promise<void> {
  if (attempt.length) await c.var.db.deleteFrom('rate_events').where('id', 'in', [...attempt]).execute();
}

/** Forgets a bucket's events, e.g. an account's failed logins once it signs in. */
export async function clearBucket(c: RequestContext, bucket: string): Promise<void> {
  await c.var.atomic([c.var.db.deleteFrom('rate_events').where('bucket', '=', bucket).compile()]);
}
