// What the cohort page tests stand on, in the browser against the real server: a throw-away
// cohort created through the API as the signed-in trainer, participants who join it through
// the public join API (each gets a learner token), and the statements a learner's player
// would send about the real compiled course. Unique names per call: tests share a database.
// Not a test file.
import { api } from '../../../components/shared/staff-api.js';
import type { Cohort } from '../../../components/champa-cohorts/model.js';
import type { CompiledCourse } from '../../../components/shared/types.js';
import { course } from '../support.js';

export const COURSE = 'workers-rights';
export const ORG_A = 'test-org-a';
export const ORG_B = 'test-org-b';

export const tag = () => `t${Math.random().toString(36).slice(2, 10)}`;

/** A cohort created as whoever is signed in (organisation A unless told). */
export function newCohort(fields: Record<string, unknown> = {}): Promise<Cohort> {
  return api<Cohort>('/api/cohorts', {
    method: 'POST',
    body: JSON.stringify({ name: `Cohort ${tag()}`, courses: [COURSE], organisationId: ORG_A, provinceCode: 'LA-VT', startsOn: '2026-03-02', endsOn: '2026-03-04', mode: 'in-person', ...fields }),
  });
}

export interface Joined {
  token: string;
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
  learner: { id: string; name: string; sex: string };
}

/** POST /api/join: the public way in, as a participant's phone sends it. */
export async function join(code: string, details: { name?: string; sex?: string } = {}): Promise<Joined> {
  const res = await fetch('/api/join', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, name: `ທົດສອບ ${tag()}`, sex: 'female', ...details }),
  });
  if (res.status !== 201) throw new Error(`POST /api/join: ${res.status} ${await res.text()}`);
  return (await res.json()) as Joined;
}

const ADL = 'http://adlnet.gov/expapi/verbs/';

/** Statements as the player sends them for one learner in one course. */
export function player(c: CompiledCourse, actor: Joined['actor']) {
  const registration = crypto.randomUUID();
  let minute = 0;
  const at = () => new Date(Date.now() - 3600_000 + minute++ * 1000).toISOString();
  const statement = (verb: string, object: string, parent?: string, result?: object) => ({
    id: crypto.randomUUID(),
    actor,
    verb: { id: ADL + verb, display: { en: verb } },
    object: { objectType: 'Activity', id: object },
    ...(result ? { result } : {}),
    context: { registration, contextActivities: { grouping: [{ id: c.iri }], ...(parent ? { parent: [{ id: parent }] } : {}) } },
    timestamp: at(),
  });
  return {
    initialized: () => statement('initialized', c.iri),
    pretest: (scaled: number) => {
      const iri = c.prePostTest?.pretestIri;
      if (!iri) throw new Error(`${c.slug} has no pre-test`);
      return statement(scaled >= c.rules.masteryScore ? 'passed' : 'failed', iri, undefined, { score: { scaled }, success: scaled >= c.rules.masteryScore, duration: 'PT300S' });
    },
    /** Every lesson of a module, then its quiz passed: the module is done. */
    module: (index: number) => {
      const m = c.modules[index];
      if (!m) throw new Error(`no module ${index}`);
      return [
        ...m.lessons.map((l) => statement('experienced', l.iri, m.iri, { duration: 'PT60S' })),
        ...(m.quiz ? [statement('passed', m.quiz.iri, m.iri, { score: { scaled: 1 }, success: true, duration: 'PT120S' })] : []),
      ];
    },
  };
}

/** Posts statements with the learner's own token, as their player does. */
export async function send(token: string, statements: object[]): Promise<void> {
  const res = await fetch('/xapi/statements', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'X-Experience-API-Version': '2.0.0' },
    body: JSON.stringify(statements),
  });
  if (res.status !== 200) throw new Error(`POST /xapi/statements: ${res.status} ${await res.text()}`);
}

export const compiled = (slug = COURSE) => course(slug);
