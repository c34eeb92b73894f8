// Inverse functional identifiers: the one canonical string key for an Agent or identified
// Group (used by the index tables, documents and the agents table), and parsing of the
// JSON "agent" query parameter. Not for full statement validation: see validate.ts.
import { fail } from '../errors.js';
import { validateActor } from './validate.js';

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
  // Every other rule (IFI formats, account shape, members, unknown properties) is the statement validator's.
  validateActor(agent, param);
  const parsed = agent as AgentLike;
  return { ...parsed, key: agentKey(parsed)! };
}
