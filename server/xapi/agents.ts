// GET /xapi/agents?agent=: the Person object for an Agent — every name and identifier the
// LRS holds for it, from the agents table that statement ingest keeps. Not for writing agents.
import { Hono } from 'hono';
import type { Env } from '../deps.js';
import { requireScope } from './auth.js';
import { parseAgentObjectParam, queryParams, quoted, sha1Hex } from './documents.js';
import type { AgentLike } from './ifi.js';

interface Person {
  objectType: 'Person';
  name?: string[];
  mbox?: string[];
  mbox_sha1sum?: string[];
  openid?: string[];
  account?: { homePage: string; name: string }[];
}

/** Adds each value once, keeping first-seen order; an empty list is left out of the Person. */
function add<K extends Exclude<keyof Person, 'objectType'>>(person: Person, key: K, values: NonNullable<Person[K]>): void {
  const list = (person[key] ?? []) as unknown[];
  for (const v of values as unknown[]) {
    if (!list.some((x) => JSON.stringify(x) === JSON.stringify(v))) list.push(v);
  }
  if (list.length > 0) (person as unknown as Record<string, unknown[]>)[key] = list;
}

function addAgent(person: Person, agent: AgentLike & { name?: unknown }): void {
  const names = Array.isArray(agent.name) ? agent.name : [agent.name];
  add(person, 'name', names.filter((n): n is string => typeof n === 'string'));
  if (typeof agent.mbox === 'string') add(person, 'mbox', [agent.mbox]);
  if (typeof agent.mbox_sha1sum === 'string') add(person, 'mbox_sha1sum', [agent.mbox_sha1sum]);
  if (typeof agent.openid === 'string') add(person, 'openid', [agent.openid]);
  const account = agent.account;
  if (account && typeof account.homePage === 'string' && typeof account.name === 'string') {
    add(person, 'account', [{ homePage: account.homePage, name: account.name }]);
  }
}

export const agents = new Hono<Env>().get('/', async (c) => {
  requireScope(c, 'all/read', 'statements/read');
  const params = queryParams(c, ['agent']);
  // 1.0.3 §2.4: the parameter is "a normal Agent Object ... not a Person Object, nor a Group".
  const agent = parseAgentObjectParam(params.get('agent'), 'agent', { group: false });
  const rows = await c.var.db.selectFrom('agents').select('agent').where('agent_key', '=', agent.key).execute();
  const person: Person = { objectType: 'Person' };
  // With nothing stored, the Person holds just what the request gave (1.0.3 §2.4.s3.b3).
  if (rows.length === 0) addAgent(person, agent);
  for (const row of rows) addAgent(person, JSON.parse(row.agent) as AgentLike);
  const body = JSON.stringify(person);
  return c.body(body, 200, { 'Content-Type': 'application/json', ETag: quoted(await sha1Hex(body)) });
});
