// The network side of who is learning, in its own chunk that <champa-course> loads only when a
// page needs it (DESIGN §10: a plain page's critical path stays small): trading a host site's
// launch token for a learner (README "Host-site launch"), starting the cmi5 session an LMS
// launched the page for (components/cmi5), and claiming a certificate (README "Certificates").
// Not for the join form (champa-join) nor for recording (xapi/recorder.ts).
import type { Cmi5Session } from '../cmi5/cmi5.js';
import type { RecorderOptions } from '../xapi/recorder.js';

/** Who the recorder records for. */
export type Identity = Pick<RecorderOptions, 'endpoint' | 'auth' | 'actor'> & Partial<Pick<RecorderOptions, 'registration' | 'transform'>>;

/** The launch token was refused: `expired` when it is used up or out of date (the host must launch again). */
export class LaunchRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  get expired(): boolean {
    return this.status === 401;
  }
}

/** Where a host-site launch's learner is kept for the tab: a reload re-uses it (launch tokens are single use). */
const LAUNCH_KEY = 'champa-launch:';

/**
 * Trades a launch token for a learner token at POST /api/launch/exchange on `server`, or takes
 * the learner this tab already got for the same token (sessionStorage, until it expires).
 */
export async function exchangeLaunchToken(server: string, token: string, course: string): Promise<{ who: Identity; preferredLanguage?: 'lo' | 'en' }> {
  const key = LAUNCH_KEY + new URL(server).origin;
  try {
    const kept = JSON.parse(sessionStorage.getItem(key) ?? 'null') as { launch: string; expires: string; who: Identity } | null;
    if (kept?.launch === token && Date.parse(kept.expires) > Date.now()) return { who: kept.who };
  } catch {
    // no storage in this frame: exchange again
  }
  const res = await fetch(new URL('/api/launch/exchange', server).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, ...(course ? { course } : {}) }),
  });
  if (!res.ok) throw new LaunchRefused(res.status, `POST /api/launch/exchange: ${res.status} ${await res.text().catch(() => '')}`);
  const body = (await res.json()) as { token: string; expires: string; actor: Identity['actor']; endpoint: string; preferredLanguage?: string | null };
  const who: Identity = { endpoint: body.endpoint, auth: `Bearer ${body.token}`, actor: body.actor };
  try {
    sessionStorage.setItem(key, JSON.stringify({ launch: token, expires: body.expires, who }));
  } catch {
    // a reload will need a new launch token
  }
  const lang = body.preferredLanguage;
  return { who, ...(lang === 'lo' || lang === 'en' ? { preferredLanguage: lang } : {}) };
}

/**
 * Starts the cmi5 session the LMS launched this page for (its own chunk again); the learner's
 * statements go to the LMS's LRS, each through the session's context template.
 */
export async function startCmi5(masteryScore: number | undefined): Promise<{ session: Cmi5Session; who: Identity }> {
  const { Cmi5Session } = await import('../cmi5/cmi5.js');
  const session = await Cmi5Session.start(location.href, { masteryScore });
  return { session, who: { ...session.recorderOptions(), transform: (s) => session.applyContextTemplate(s) } };
}

/**
 * POST /api/certificates/claim: the certificate's printable page when the server finds the
 * course's rule met from the recorded statements, else null. Rejects when there is no network.
 */
export async function claimCertificate(url: string, auth: string, course: string): Promise<string | null> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ course }),
  });
  if (res.ok) return ((await res.json()) as { url: string }).url;
  console.warn('champa: no certificate yet', res.status, await res.text().catch(() => ''));
  return null;
}
