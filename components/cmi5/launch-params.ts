// The five launch parameters an LMS opens a cmi5 AU with (cmi5 §8.1), parsed and checked,
// and the error every cmi5 step throws. Dependency-free on purpose: the AU page route on the
// server (Workers too) and the browser session (cmi5.ts) check a launch by the same rules.
// Not for anything after the launch URL: cmi5.ts does the fetch, LaunchData and statements.

export interface Cmi5Actor {
  objectType: 'Agent';
  account: { homePage: string; name: string };
  name?: string;
}

/** The five query parameters an LMS launches an AU with (cmi5 §8.1). */
export interface LaunchParams {
  endpoint: string;
  fetch: string;
  actor: Cmi5Actor;
  registration: string;
  activityId: string;
}

/** A launch that cannot go on; `where` names the parameter, document or call that failed. */
export class Cmi5Error extends Error {
  constructor(
    readonly where: string,
    message: string,
    /** The fetch URL's error-code (cmi5 §8.2.3), when it answered with one. */
    readonly code?: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'Cmi5Error';
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IRI_RE = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

function absoluteHttpUrl(value: string, where: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Cmi5Error(where, 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Cmi5Error(where, 'must be an http or https URL');
  return value;
}

/**
 * The launch parameters of an AU URL, checked: each present once, endpoint and fetch absolute
 * http(s) URLs, actor an Agent with an account (cmi5 §9.2), registration a UUID, activityId an
 * IRI. Throws Cmi5Error naming the parameter. Other query parameters (the AU's own) are ignored.
 */
export function parseLaunchParams(href: string | URL): LaunchParams {
  const query = new URL(href).searchParams;
  const one = (name: keyof LaunchParams): string => {
    const all = query.getAll(name);
    if (all.length === 0 || all[0] === '') throw new Cmi5Error(`query.${name}`, 'required: the LMS launches the AU with it (cmi5 §8.1)');
    if (all.length > 1) throw new Cmi5Error(`query.${name}`, 'given more than once');
    return all[0]!;
  };
  const endpoint = absoluteHttpUrl(one('endpoint'), 'query.endpoint');
  const fetchUrl = absoluteHttpUrl(one('fetch'), 'query.fetch');
  let actor: unknown;
  try {
    actor = JSON.parse(one('actor'));
  } catch (e) {
    if (e instanceof Cmi5Error) throw e;
    throw new Cmi5Error('query.actor', 'must be a JSON Agent');
  }
  const a = actor as Partial<Cmi5Actor> | null;
  if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new Cmi5Error('query.actor', 'must be a JSON Agent');
  if (a.objectType !== undefined && a.objectType !== 'Agent') throw new Cmi5Error('query.actor.objectType', 'must be "Agent"');
  const account = a.account as Partial<Cmi5Actor['account']> | undefined;
  if (typeof account !== 'object' || account === null) throw new Cmi5Error('query.actor.account', 'required: a cmi5 actor is an account (cmi5 §9.2)');
  if (typeof account.homePage !== 'string' || !IRI_RE.test(account.homePage)) throw new Cmi5Error('query.actor.account.homePage', 'must be an IRL');
  if (typeof account.name !== 'string' || account.name === '') throw new Cmi5Error('query.actor.account.name', 'must be a non-empty string');
  const registration = one('registration');
  if (!UUID_RE.test(registration)) throw new Cmi5Error('query.registration', 'must be a UUID');
  const activityId = one('activityId');
  if (!IRI_RE.test(activityId)) throw new Cmi5Error('query.activityId', 'must be an absolute IRI');
  return {
    endpoint,
    fetch: fetchUrl,
    actor: { ...(a as Cmi5Actor), objectType: 'Agent', account: { homePage: account.homePage, name: account.name } },
    registration,
    activityId,
  };
}

