// The learner token a device keeps after joining a cohort (DESIGN §5, way in 1): where it is
// kept (localStorage, one key per Champa server) and how a player turns it into a learner.
// Small on purpose: <champa-course> reads it on every page without loading <champa-join>,
// which writes it. Not for host-site launch tokens: those are exchanged per page and kept
// only for the tab (components/champa-course).

/** The learner's xAPI actor: an opaque account, never a name. */
export interface JoinActor {
  objectType: 'Agent';
  account: { homePage: string; name: string };
}

/** What the device keeps after joining. */
export interface StoredLearner {
  /** The learner bearer token ("clt_…"): send as `Authorization: Bearer …` to /xapi and /api. */
  token: string;
  /** ISO time the token stops working. */
  expires: string;
  actor: JoinActor;
  learnerId: string;
}

/** localStorage keys are `champa-learner:` + the Champa server's origin, so two deployments never mix. */
export const LEARNER_STORAGE_PREFIX = 'champa-learner:';

export const learnerStorageKey = (server: string): string => LEARNER_STORAGE_PREFIX + new URL(server).origin;

/** The learner this device joined as on `server`, unless there is none or its token has expired. */
export function readStoredLearner(server: string, now = Date.now()): StoredLearner | null {
  try {
    const raw = localStorage.getItem(learnerStorageKey(server));
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<StoredLearner>;
    if (typeof s.token !== 'string' || typeof s.expires !== 'string' || !s.actor?.account || typeof s.learnerId !== 'string') return null;
    if (Date.parse(s.expires) <= now) return null;
    return s as StoredLearner;
  } catch {
    // Storage disabled (a sandboxed frame, some private modes) or a damaged value.
    return null;
  }
}

/** Keeps the learner on this device; false when the browser refuses storage. */
export function storeLearner(server: string, learner: StoredLearner): boolean {
  try {
    localStorage.setItem(learnerStorageKey(server), JSON.stringify(learner));
    return true;
  } catch {
    return false;
  }
}

/** Forgets the learner on this device (e.g. "I am someone else" on a shared phone). */
export function forgetLearner(server: string): void {
  try {
    localStorage.removeItem(learnerStorageKey(server));
  } catch {
    // nothing stored
  }
}

/** The `learner` property <champa-course> takes: where statements go and as whom. */
export function learnerFor(stored: StoredLearner, server: string): { endpoint: string; auth: string; actor: JoinActor } {
  return { endpoint: new URL('/xapi/', server).href, auth: `Bearer ${stored.token}`, actor: stored.actor };
}
