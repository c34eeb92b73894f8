// zod validators for /api routes: JSON bodies and query strings, refused with 400 and a
// message naming the field (`body.email: must be an email address`). Used as route
// middleware after admits(), so a caller without the role never learns the schema.
// Not for the LRS: xAPI has its own exhaustive validator (xapi/validate.ts).
import type { Context } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import type { Env } from './deps.js';
import { fail } from './errors.js';

/** Bodies of /api JSON requests are small; a larger one is refused before parsing. */
export const MAX_JSON_BYTES = 64 * 1024;

function pathText(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

/** The first issue as "<where>: <what>", where is e.g. body.learners[2].sex. */
export function describeIssues(prefix: string, error: z.ZodError): string {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    return `${pathText(prefix, [...issue.path, issue.keys[0]!])}: not a field of this request`;
  }
  return `${pathText(prefix, issue.path)}: ${issue.message}`;
}

// Zod's default words for a missing field ("expected string, received undefined") hide the
// point; every schema gets this instead. Field-specific messages in schemas still win.
const errorMap: z.core.$ZodErrorMap = (issue) => (issue.input === undefined && issue.code === 'invalid_type' ? 'required' : undefined);

/** A schema's own message for a wrong value, which still says "required" when the field is absent. */
export function expecting(message: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : message) };
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.output<S> {
  const result = schema.safeParse(value, { error: errorMap });
  if (!result.success) fail(400, describeIssues(prefix, result.error));
  return result.data;
}

/** Refuses what is not a small JSON body with a message of ours (Hono's validator would say less). */
async function checkJson(c: Context): Promise<void> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') fail(415, `Content-Type: must be application/json (got ${type || 'none'})`);
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > MAX_JSON_BYTES) fail(413, `body: larger than ${MAX_JSON_BYTES} bytes`);
  // Read once here; Hono's validator then parses the cached text.
  const text = await c.req.text();
  if (new TextEncoder().encode(text).byteLength > MAX_JSON_BYTES) fail(413, `body: larger than ${MAX_JSON_BYTES} bytes`);
  try {
    JSON.parse(text);
  } catch {
    fail(400, 'body: not valid JSON');
  }
}

/** Validates the JSON body; the handler reads it with c.req.valid('json'). */
export function jsonBody<S extends z.ZodType>(schema: S) {
  const inner = validator('json', (value) => parseWith(schema, value, 'body'));
  const checked: typeof inner = async (c, next) => {
    await checkJson(c);
    return inner(c, next);
  };
  return checked;
}

/** Validates the query string (each parameter once); the handler reads it with c.req.valid('query'). */
export const queryOf = <S extends z.ZodType>(schema: S) =>
  validator('query', (_value, c: Context<Env>) => {
    const params: Record<string, string> = {};
    for (const [name, value] of new URL(c.req.url).searchParams) {
      if (Object.hasOwn(params, name)) fail(400, `query.${name}: given more than once`);
      params[name] = value;
    }
    return parseWith(schema, params, 'query') as z.output<S>;
  });
