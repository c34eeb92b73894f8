// Inverse functional identifiers: the one canonical string key for an Agent or identified
// Group (used by the index tables, documents and the agents table), and parsing of the
// JSON "agent" query parameter. Not for full statement validation: see validate.ts.
import { fail } from '../errors.js';

export interface AgentLike {
  objectType?: string;
  name?: string;
  mbox?: string;
  mbox_sha1sum?: string;
  openid?: string;
  account?: { homePage: string; name: string };
  member?: AgentLike[];
}

/** The IFI of an Agent or identified Group as one string, or null for an anonymous Group. */
export function agentKey(agent: AgentLike): string | null {
  if (agent.mbox !== undefined) return `mbox:${agent.mbox.toLowerCase()}`;
  if (agent.mbox_sha1sum !== undefined) return `sha1:${agent.mbox_sha1sum.toLowerCase()}`;
  if (agent.openid !== undefined) return `openid:${agent.openid}`;
  if (agent.account !== undefined) return `account:${agent.account.homePage}|${agent.account.name}`;
  return null;
}

const IFI_KEYS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;

/** Parses and checks an Agent (or identified Group) given as a JSON query parameter. */
export function parseAgentParam(raw: string | undefined, param = 'agent'): AgentLike & { key: string } {
  if (raw === undefined || raw === '') fail(400, `${param}: required`);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    fail(400, `${param}: must be a JSON Agent object`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(400, `${param}: must be a JSON Agent object`);
  const agent = value as Record<string, unknown>;
  const present = IFI_KEYS.filter((k) => agent[k] !== undefined);
  if (present.length !== 1) fail(400, `${param}: must have exactly one of mbox, mbox_sha1sum, openid, account`);
  if (agent.objectType !== undefined && agent.objectType !== 'Agent' && agent.objectType !== 'Group') {
    fail(400, `${param}.objectType: must be "Agent" or "Group"`);
  }
  if (agent.mbox !== undefined && (typeof agent.mbox !== 'string' || !/^mailto:[^@\s]+@[^@\s]+$/i.test(agent.mbox))) {
    fail(400, `${param}.mbox: must be a mailto: IRI`);
  }
  if (agent.mbox_sha1sum !== undefined && (typeof agent.mbox_sha1sum !== 'string' || !/^[0-9a-f]{40}$/i.test(agent.mbox_sha1sum))) {
    fail(400, `${param}.mbox_sha1sum: must be 40 hex digits`);
  }
  if (agent.openid !== undefined && (typeof agent.openid !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(agent.openid))) {
    fail(400, `${param}.openid: must be an absolute URI`);
  }
  if (agent.account !== undefined) {
    const a = agent.account as Record<string, unknown>;
    if (typeof a !== 'object' || a === null || typeof a.homePage !== 'string' || typeof a.name !== 'string') {
      fail(400, `${param}.account: must have string homePage and name`);
    }
    if (!/^[a-z][a-z0-9+.-]*:/i.test(a.homePage)) fail(400, `${param}.account.homePage: must be an absolute IRL`);
  }
  const parsed = agent as AgentLike;
  return { ...parsed, key: agentKey(parsed)! };
}
