// Conditional GETs and compressed variants for the responses served from generated bundles (the
// player's assets, course JSON and images): If-None-Match against an ETag, Accept-Encoding
// negotiation, and base64 bodies decoded once per isolate. Not for xAPI documents, whose
// preconditions follow the xAPI rules in server/xapi/documents.ts.

export type Encoding = 'br' | 'gzip' | 'identity';

/** Whether If-None-Match names this ETag (strong or weak) or `*`, so the answer is 304. */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => [etag, `W/${etag}`, '*'].includes(t.trim()));
}

/** The best encoding the request accepts (q=0 refuses one) among the variants there are. */
export function pickEncoding(acceptEncoding: string | undefined, variants: { br?: string; gzip?: string }): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (variants.br && ok('br')) return 'br';
  if (variants.gzip && ok('gzip')) return 'gzip';
  return 'identity';
}

const decoded = new Map<string, Uint8Array<ArrayBuffer>>();

/** The bytes of a bundled base64 body, decoded on first use and kept under `key` (one map for all callers: keys must not collide). */
export function bundledBytes(key: string, base64: string): Uint8Array<ArrayBuffer> {
  let bytes = decoded.get(key);
  if (!bytes) {
    const bin = atob(base64);
    bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    decoded.set(key, bytes);
  }
  return bytes;
}
