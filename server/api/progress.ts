// /api/progress/me: a learner's own derived progress, read with their bearer token, for the
// player's outline and resume (which lessons are viewed, which quizzes passed, whether the
// course is complete and certifiable). Reads progress rows only. Not for trainers' views or
// reports (cohorts and reports read the same tables with their own scoping).
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { Selectable } from 'kysely';
import { SLUG_RE } from '../../courses/schema.js';
import type { DB } from '../db/schema.js';
import type { Env } from '../deps.js';
import { fail } from '../errors.js';
import { admits } from '../identity/principal.js';
import { courseCatalog } from '../progress/catalog.js';

type CourseRow = Selectable<DB['progress_courses']>;
type ModuleRow = Selectable<DB['progress_modules']>;

function courseJson(course: string, row: CourseRow | undefined) {
  const rules = courseCatalog().courses.find((c) => c.course === course)!;
  return {
    course,
    state: row?.state ?? 'not-started',
    firstAt: row?.first_at ?? null,
    lastAt: row?.last_at ?? null,
    timeMs: row?.time_ms ?? 0,
    modulesCompleted: row?.modules_completed ?? 0,
    modulesTotal: rules.modules,
    completedAt: row?.completed_at ?? null,
    pretest: row?.pretest_attempts ? { scaled: row.pretest_scaled, at: row.pretest_at, attempts: row.pretest_attempts } : null,
    posttest: row?.posttest_attempts
      ? { latest: row.posttest_latest, best: row.posttest_best, at: row.posttest_at, attempts: row.posttest_attempts }
      : null,
    final: row?.final_attempts
      ? { latest: row.final_latest, best: row.final_best, attempts: row.final_attempts, passed: !!row.final_passed, passedAt: row.final_passed_at }
      : null,
    passed: !!row?.passed,
    passedAt: row?.passed_at ?? null,
    certificationEligible: !!row?.certification_eligible,
    eligibleAt: row?.eligible_at ?? null,
  };
}

function moduleJson(module: string, lessonsTotal: number, row: ModuleRow | undefined) {
  return {
    module,
    state: !row ? 'not-started' : row.completed ? 'completed' : 'in-progress',
    lessonsViewed: row ? (JSON.parse(row.lessons) as string[]) : [],
    lessonsTotal,
    quiz: row?.quiz_attempts
      ? { attempts: row.quiz_attempts, best: row.quiz_best, latest: row.quiz_latest, passed: !!row.quiz_passed, passedAt: row.quiz_passed_at }
      : null,
    completedAt: row?.completed_at ?? null,
    timeMs: row?.time_ms ?? 0,
  };
}

export const progress = new Hono<Env>()
  .use('/me', cors({ origin: '*', allowMethods: ['GET', 'OPTIONS'], allowHeaders: ['Authorization'] }))
  // One course in full (?course=slug, with its modules), or a summary row per course started.
  .get('/me', admits('learner'), async (c) => {
    const me = c.var.me;
    const params = c.req.query();
    for (const k of Object.keys(params)) if (k !== 'course') fail(400, `${k}: not a parameter of GET /api/progress/me (only course)`);
    const slug = params.course;
    const { db } = c.var;
    if (slug === undefined) {
      const rows = await db.selectFrom('progress_courses').selectAll().where('agent_key', '=', me.agentKey).orderBy('course').execute();
      const known = new Set(courseCatalog().courses.map((x) => x.course));
      return c.json({ courses: rows.filter((r) => known.has(r.course)).map((r) => courseJson(r.course, r)) });
    }
    if (!SLUG_RE.test(slug)) fail(400, `course: "${slug}" is not a course slug (lowercase letters, digits and single hyphens, e.g. workers-rights)`);
    if (!courseCatalog().courses.some((x) => x.course === slug)) fail(404, `course: no course "${slug}"; GET /api/courses lists the courses`);
    const [row, modules] = await Promise.all([
      db.selectFrom('progress_courses').selectAll().where('agent_key', '=', me.agentKey).where('course', '=', slug).executeTakeFirst(),
      db.selectFrom('progress_modules').selectAll().where('agent_key', '=', me.agentKey).where('course', '=', slug).execute(),
    ]);
    const byModule = new Map(modules.map((m) => [m.module, m]));
    return c.json({
      ...courseJson(slug, row),
      modules: courseCatalog()
        .modules.filter((m) => m.course === slug)
        .map((m) => moduleJson(m.module, m.lessons, byModule.get(m.module))),
    });
  });
