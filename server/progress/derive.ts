// Progress derived on ingest (DESIGN §3): which stored statements count, the fact row each
// one becomes, and the compiled queries that add a batch's facts and recompute the affected
// learner x course roll-ups inside the same atomic write as the statements. Not for reading
// progress (reports, the /api/progress routes) or for grading answers.
//
// Why recompute in SQL inside the write rather than read-modify-write in JS: D1 has no
// interactive transactions, so rows read before the write may be stale by the time it runs
// (two batches of one learner racing). Facts are only ever added (and deleted by voiding);
// every roll-up is a function of the facts, recomputed for the pairs a write touches, so the
// result does not depend on arrival order, on races, or on whether it was built
// incrementally or by `progress rebuild`.
import { CompiledQuery } from 'kysely';
import { isExamGrader } from '../exams/authority.js';
import { agentKey, type AgentLike } from '../xapi/ifi.js';
import type { Catalog } from './catalog.js';

type Json = Record<string, unknown>;

const ADL = 'http://adlnet.gov/expapi/verbs/';
const VOIDED = `${ADL}voided`;
/** The verbs progress reads; any other statement about a course activity is not a fact. */
export const PROGRESS_VERBS: ReadonlySet<string> = new Set([
  'initialized', 'experienced', 'answered', 'attempted', 'passed', 'failed', 'completed', 'terminated', 'progressed', 'resumed', 'suspended',
]);
/** Verbs whose result.duration is time spent; an answer's time is inside its lesson's or assessment's. */
const TIMED_VERBS = "('experienced', 'passed', 'failed')";
/** Longest response kept for item analysis (distractor counts need the choice ids, not essays). */
const MAX_RESPONSE = 1000;
/** Facts per INSERT: keeps one JSON parameter far below D1's 2 MB value limit. */
const EVENTS_PER_QUERY = 500;

/** One fact row, in progress_events column order. */
export type EventRow = [
  statement_id: string,
  agent_key: string,
  course: string,
  module: string | null,
  verb: string,
  kind: string,
  item: string,
  assessment: string | null,
  registration: string | null,
  at: string,
  duration_ms: number | null,
  scaled: number | null,
  success: 0 | 1 | null,
  response: string | null,
];

const DURATION_RE = /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
// Years and months have no fixed length; nobody spends one on a lesson, so calendar averages do.
const DURATION_MS = [365.25 * 86400_000, 30.4375 * 86400_000, 7 * 86400_000, 86400_000, 3600_000, 60_000, 1000];

/** An ISO 8601 duration (as xAPI result.duration) in whole milliseconds, or null. */
export function durationMs(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = DURATION_RE.exec(value);
  if (!m) return null;
  let ms = 0;
  for (let i = 0; i < DURATION_MS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) ms += Number(part.replace(',', '.')) * DURATION_MS[i]!;
  }
  return Number.isFinite(ms) ? Math.round(ms) : null;
}

function scaledOf(result: Json | undefined): number | null {
  const score = result?.score as Json | undefined;
  if (!score) return null;
  if (typeof score.scaled === 'number') return score.scaled;
  const { raw, min, max } = score;
  if (typeof raw === 'number' && typeof max === 'number') {
    const lo = typeof min === 'number' ? min : 0;
    return max > lo ? (raw - lo) / (max - lo) : null;
  }
  return null;
}

function contextIris(context: Json | undefined): string[] {
  const ca = context?.contextActivities as Json | undefined;
  if (!ca) return [];
  const out: string[] = [];
  for (const key of ['parent', 'grouping', 'other']) {
    const list = ca[key];
    for (const a of Array.isArray(list) ? list : list ? [list] : []) if (typeof (a as Json).id === 'string') out.push((a as Json).id as string);
  }
  return out;
}

/**
 * The fact a stored statement becomes, or null when it does not count: its actor is an
 * identified Agent, its verb one of PROGRESS_VERBS (ADL), and its object an activity one of
 * the compiled courses publishes. Expects a statement as stored (id and timestamp set).
 */
export function eventOf(s: Json, catalog: Catalog): EventRow | null {
  const verbId = (s.verb as Json | undefined)?.id;
  if (typeof verbId !== 'string' || !verbId.startsWith(ADL)) return null;
  const verb = verbId.slice(ADL.length);
  if (!PROGRESS_VERBS.has(verb)) return null;
  const obj = s.object as Json;
  if ((obj.objectType ?? 'Activity') !== 'Activity' || typeof obj.id !== 'string') return null;
  const place = catalog.places.get(obj.id);
  if (!place) return null;
  // A final exam's result counts only when the exam grader stored it (server/exams/): anyone
  // else's passed/failed about it — a learner's hand-made statement, an LRS client's — is a
  // claim, not a fact. Module quizzes and pre/post-tests stay client-graded (formative).
  if (place.kind === 'assessment' && place.item === 'final' && (verb === 'passed' || verb === 'failed') && !isExamGrader(s.authority)) return null;
  const actor = s.actor as AgentLike;
  if ((actor.objectType ?? 'Agent') !== 'Agent') return null;
  const key = agentKey(actor);
  if (key === null) return null;

  const context = s.context as Json | undefined;
  let module = place.module;
  let assessment: string | null = null;
  if (place.kind === 'question' || place.kind === 'scenario') {
    // Questions and scenarios are course-wide activities: the statement's context says where
    // they were met (a quiz, the pre- or post-test, a lesson's module); a question's bank
    // only when the bank belongs to one assessment.
    if (place.kind === 'question') assessment = place.assessment;
    for (const iri of contextIris(context)) {
      const p = catalog.places.get(iri);
      if (!p || p.course !== place.course) continue;
      if (p.kind === 'assessment' && place.kind === 'question') {
        assessment = p.item;
        module = p.module ?? module;
      } else if ((p.kind === 'module' || p.kind === 'lesson') && module === null) module = p.module;
    }
  }
  const result = s.result as Json | undefined;
  const timestamp = typeof s.timestamp === 'string' ? s.timestamp : String(s.stored);
  const time = new Date(timestamp);
  const at = Number.isNaN(time.getTime()) ? timestamp : time.toISOString();
  const response = typeof result?.response === 'string' ? result.response.slice(0, MAX_RESPONSE) : null;
  const registration = typeof context?.registration === 'string' ? context.registration.toLowerCase() : null;
  return [
    String(s.id).toLowerCase(),
    key,
    place.course,
    module,
    verb,
    place.kind,
    place.item,
    assessment,
    registration,
    at,
    durationMs(result?.duration),
    scaledOf(result),
    typeof result?.success === 'boolean' ? (result.success ? 1 : 0) : null,
    place.kind === 'question' ? response : null,
  ];
}

// ---------------------------------------------------------------------------------------------
// The SQL. Every statement is fixed text (per build of the courses) with at most one JSON
// parameter (json_each), so a batch of any size is a handful of queries within D1's
// 100-parameter limit, and better-sqlite3 prepares each text once.

const EVENT_COLUMNS = [
  'statement_id', 'agent_key', 'course', 'module', 'verb', 'kind', 'item', 'assessment', 'registration', 'at', 'duration_ms', 'scaled', 'success', 'response',
] as const;

// Every recompute starts from progress_dirty: CROSS JOIN keeps SQLite from choosing to scan
// all of progress_events (or progress_modules) and probe the few dirty pairs instead.

// A statement voided by a voiding statement stored before it (or earlier in this write) never
// becomes a fact: checked here, inside the write, rather than by a read before it.
const INSERT_EVENTS = `INSERT INTO progress_events (${EVENT_COLUMNS.join(', ')})
SELECT ${EVENT_COLUMNS.map((_, i) => `json_extract(j.value, '$[${i}]')`).join(', ')}
FROM json_each(?) AS j
WHERE NOT EXISTS (SELECT 1 FROM statements s WHERE s.voids_id = json_extract(j.value, '$[0]'))
ON CONFLICT (statement_id) DO NOTHING`;

const DIRTY_FROM_PAIRS = `INSERT INTO progress_dirty (agent_key, course)
SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?) WHERE true
ON CONFLICT DO NOTHING`;

const DIRTY_FROM_VOIDED = `INSERT INTO progress_dirty (agent_key, course)
SELECT agent_key, course FROM progress_events WHERE statement_id IN (SELECT value FROM json_each(?))
ON CONFLICT DO NOTHING`;

const DELETE_VOIDED = 'DELETE FROM progress_events WHERE statement_id IN (SELECT value FROM json_each(?))';

const deleteDirty = (table: string) => `DELETE FROM ${table} WHERE (agent_key, course) IN (SELECT agent_key, course FROM progress_dirty)`;

// Every scored attempt. It passes when the verb is passed and the score reaches the course's
// masteryScore (the rule, not the client's word alone); 1e-9 absorbs 4/5 computed as 0.7999….
const RECOMPUTE_ASSESSMENTS = (rules: string) => `INSERT INTO progress_assessments
  (agent_key, course, assessment, module, attempts, passes, first_scaled, latest_scaled, best_scaled, passed, passed_at, first_at, last_at)
WITH ${rules}, attempts AS (
  SELECT e.agent_key, e.course, e.item, e.module, e.scaled, e.at,
    CASE WHEN e.verb = 'passed' AND e.scaled >= r.mastery - 1e-9 THEN 1 ELSE 0 END AS pass,
    row_number() OVER (PARTITION BY e.agent_key, e.course, e.item ORDER BY e.at, e.statement_id) AS nth,
    row_number() OVER (PARTITION BY e.agent_key, e.course, e.item ORDER BY e.at DESC, e.statement_id DESC) AS nth_last
  FROM progress_dirty d
  CROSS JOIN progress_events e ON e.agent_key = d.agent_key AND e.course = d.course AND e.kind = 'assessment'
  JOIN rules r ON r.course = e.course
  WHERE e.verb IN ('passed', 'failed')
)
SELECT agent_key, course, item, max(module), count(*), sum(pass),
  max(CASE WHEN nth = 1 THEN scaled END), max(CASE WHEN nth_last = 1 THEN scaled END), max(scaled),
  max(pass), min(CASE WHEN pass = 1 THEN at END), min(at), max(at)
FROM attempts GROUP BY agent_key, course, item`;

// Numbers for the questions a course's facts name for the first time (progress_items: never
// changed once given, so the numbers in progress_item_results stay valid). Read from the
// learner index alone (any verb: a number given to a question nobody got right or wrong is
// harmless). The SELECT reads the table it inserts into, so SQLite runs it to the end first:
// count(*) is the count before.
const NUMBER_ITEMS = `INSERT INTO progress_items (course, item, n)
SELECT fresh.course, fresh.item, (SELECT count(*) FROM progress_items x WHERE x.course = fresh.course) + row_number() OVER (PARTITION BY fresh.course ORDER BY fresh.item) - 1
FROM (
  SELECT DISTINCT e.course, e.item
  FROM progress_dirty d
  CROSS JOIN progress_events e ON e.agent_key = d.agent_key AND e.course = d.course AND e.kind = 'question'
) fresh
WHERE NOT EXISTS (SELECT 1 FROM progress_items x WHERE x.course = fresh.course AND x.item = fresh.item)`;

// A score as text that reads back as the same number: SQLite's own text for a REAL keeps 15
// digits on older versions (D1's), 17 where those are needed (printf's ! flag allows them).
const exactText = (column: string) =>
  `CASE WHEN CAST(CAST(${column} AS TEXT) AS REAL) = ${column} THEN CAST(${column} AS TEXT) ELSE printf('%!.17g', ${column}) END`;

// What item analysis reads per learner x course (the line format is in migration 0009): the
// first score on each assessment, from the assessment roll-up recomputed just before, and
// the first answer to each question in each assessment, grouped by the Lao calendar day it
// was given on (report periods are whole Lao days). The first answer is the row holding
// min(at || statement_id): times are fixed-width ISO text, so that is the earliest, ties by
// statement id, and SQLite takes the bare columns (success, at) from that row. The ordered
// sub-selects stream into their GROUP BY in that order, so the text is the same however the
// facts arrived.
const RECOMPUTE_ITEM_RESULTS = `INSERT INTO progress_item_results (agent_key, course, results)
WITH firsts AS (
  SELECT f.agent_key, f.course, f.assessment, coalesce(date(f.at, '+7 hours'), substr(f.at, 1, 10)) AS day, i.n * 2 + f.success AS answer
  FROM (
    SELECT e.agent_key, e.course, coalesce(e.assessment, '') AS assessment, e.item, e.success, e.at, min(e.at || e.statement_id)
    FROM progress_dirty d
    CROSS JOIN progress_events e ON e.agent_key = d.agent_key AND e.course = d.course AND e.kind = 'question'
    WHERE e.verb = 'answered' AND e.success IS NOT NULL
    GROUP BY e.agent_key, e.course, e.item, coalesce(e.assessment, '')
  ) f
  JOIN progress_items i ON i.course = f.course AND i.item = f.item
), days AS (
  SELECT agent_key, course, assessment, day, group_concat(answer, ' ') AS answers
  FROM (SELECT * FROM firsts ORDER BY agent_key, course, assessment, day, answer)
  GROUP BY agent_key, course, assessment, day
), lines AS (
  SELECT pa.agent_key, pa.course, pa.assessment, '' AS day, pa.assessment || char(9) || char(9) || ${exactText('pa.first_scaled')} AS line
  FROM progress_dirty d
  CROSS JOIN progress_assessments pa ON pa.agent_key = d.agent_key AND pa.course = d.course
  WHERE pa.first_scaled IS NOT NULL
  UNION ALL
  SELECT agent_key, course, assessment, day, assessment || char(9) || day || char(9) || answers FROM days
)
SELECT agent_key, course, group_concat(line, char(10))
FROM (SELECT * FROM lines ORDER BY agent_key, course, assessment, day)
GROUP BY agent_key, course`;

// A module the learner has done anything in. Its quiz roll-up was recomputed just before.
const RECOMPUTE_MODULES = (rules: string, modules: string) => `INSERT INTO progress_modules
  (agent_key, course, module, lessons_viewed, lessons_total, lessons, quiz_attempts, quiz_best, quiz_latest, quiz_passed, quiz_passed_at,
   completed, completed_at, first_at, last_at, time_ms)
WITH ${rules}, ${modules}, ev AS (
  SELECT e.* FROM progress_dirty d CROSS JOIN progress_events e ON e.agent_key = d.agent_key AND e.course = d.course WHERE e.module IS NOT NULL
), seen AS (
  SELECT agent_key, course, module, item, min(at) AS first_at FROM ev
  WHERE kind = 'lesson' AND verb IN ('experienced', 'completed') GROUP BY agent_key, course, module, item
), viewed AS (
  SELECT agent_key, course, module, count(*) AS n, max(first_at) AS all_at, json_group_array(item) AS list
  FROM (SELECT * FROM seen ORDER BY item) GROUP BY agent_key, course, module
), base AS (
  SELECT agent_key, course, module, min(at) AS first_at, max(at) AS last_at,
    coalesce(sum(CASE WHEN verb IN ${TIMED_VERBS} THEN duration_ms END), 0) AS time_ms
  FROM ev GROUP BY agent_key, course, module
), s AS (
  SELECT b.*, r.completion, md.lessons AS total, coalesce(v.n, 0) AS n, coalesce(v.list, '[]') AS list, v.all_at,
    CASE WHEN coalesce(v.n, 0) >= md.lessons THEN 1 ELSE 0 END AS lessons_done,
    coalesce(q.attempts, 0) AS q_attempts, q.best_scaled AS q_best, q.latest_scaled AS q_latest,
    coalesce(q.passed, 0) AS q_passed, q.passed_at AS q_passed_at
  FROM base b
  JOIN rules r ON r.course = b.course
  JOIN mods md ON md.course = b.course AND md.module = b.module
  LEFT JOIN viewed v ON v.agent_key = b.agent_key AND v.course = b.course AND v.module = b.module
  LEFT JOIN progress_assessments q ON q.agent_key = b.agent_key AND q.course = b.course AND q.module = b.module
), c AS (
  SELECT s.*, CASE completion
      WHEN 'lessons-viewed' THEN lessons_done
      WHEN 'quiz-passed' THEN q_passed
      ELSE lessons_done * q_passed END AS done
  FROM s
)
SELECT agent_key, course, module, n, total, list, q_attempts, q_best, q_latest, q_passed, q_passed_at, done,
  CASE WHEN done = 0 THEN NULL
    WHEN completion = 'lessons-viewed' THEN all_at
    WHEN completion = 'quiz-passed' THEN q_passed_at
    ELSE max(all_at, q_passed_at) END,
  first_at, last_at, time_ms
FROM c`;

// The learner x course row, from the module and assessment roll-ups recomputed just before.
const RECOMPUTE_COURSES = (rules: string) => `INSERT INTO progress_courses
  (agent_key, course, account_home_page, account_name, state, first_at, last_at, time_ms, modules_completed, modules_total, completed_at,
   pretest_scaled, pretest_at, pretest_attempts, posttest_latest, posttest_best, posttest_at, posttest_attempts,
   final_latest, final_best, final_attempts, final_passed, final_passed_at, passed, passed_at, certification_eligible, eligible_at)
WITH ${rules}, base AS (
  SELECT e.agent_key, e.course, min(e.at) AS first_at, max(e.at) AS last_at,
    coalesce(sum(CASE WHEN e.verb IN ${TIMED_VERBS} THEN e.duration_ms END), 0) AS time_ms
  FROM progress_dirty d CROSS JOIN progress_events e ON e.agent_key = d.agent_key AND e.course = d.course
  GROUP BY e.agent_key, e.course
), mods AS (
  SELECT m.agent_key, m.course, sum(m.completed) AS done, max(m.completed_at) AS done_at
  FROM progress_dirty d CROSS JOIN progress_modules m ON m.agent_key = d.agent_key AND m.course = d.course
  GROUP BY m.agent_key, m.course
), s AS (
  SELECT b.*, r.certifies, r.modules AS total, r.has_final, r.has_post, coalesce(m.done, 0) AS done,
    CASE WHEN coalesce(m.done, 0) >= r.modules THEN m.done_at END AS completed_at,
    pre.first_scaled AS pre_scaled, pre.first_at AS pre_at, coalesce(pre.attempts, 0) AS pre_attempts,
    post.latest_scaled AS post_latest, post.best_scaled AS post_best, post.last_at AS post_at, coalesce(post.attempts, 0) AS post_attempts,
    coalesce(post.passed, 0) AS post_passed, post.passed_at AS post_passed_at,
    fin.latest_scaled AS fin_latest, fin.best_scaled AS fin_best, coalesce(fin.attempts, 0) AS fin_attempts,
    coalesce(fin.passed, 0) AS fin_passed, fin.passed_at AS fin_passed_at,
    json_extract(a.agent, '$.account.homePage') AS home_page, json_extract(a.agent, '$.account.name') AS account_name
  FROM base b
  JOIN rules r ON r.course = b.course
  LEFT JOIN mods m ON m.agent_key = b.agent_key AND m.course = b.course
  LEFT JOIN progress_assessments pre ON pre.agent_key = b.agent_key AND pre.course = b.course AND pre.assessment = 'pretest'
  LEFT JOIN progress_assessments post ON post.agent_key = b.agent_key AND post.course = b.course AND post.assessment = 'posttest'
  LEFT JOIN progress_assessments fin ON fin.agent_key = b.agent_key AND fin.course = b.course AND fin.assessment = 'final'
  LEFT JOIN agents a ON a.agent_key = b.agent_key
), c AS (
  SELECT s.*,
    CASE WHEN completed_at IS NULL THEN 0 ELSE 1 END AS completed,
    CASE certifies
      WHEN 'final-exam-passed' THEN CASE WHEN completed_at IS NOT NULL AND fin_passed = 1 THEN max(completed_at, fin_passed_at) END
      WHEN 'all-modules-completed' THEN completed_at
    END AS eligible_at
  FROM s
)
SELECT agent_key, course, home_page, account_name, CASE WHEN completed = 1 THEN 'completed' ELSE 'in-progress' END,
  first_at, last_at, time_ms, done, total, completed_at,
  pre_scaled, pre_at, pre_attempts, post_latest, post_best, post_at, post_attempts,
  fin_latest, fin_best, fin_attempts, fin_passed, fin_passed_at,
  CASE WHEN has_final THEN fin_passed WHEN has_post THEN post_passed ELSE completed END,
  CASE WHEN has_final THEN fin_passed_at WHEN has_post THEN post_passed_at ELSE completed_at END,
  CASE WHEN eligible_at IS NULL THEN 0 ELSE 1 END, eligible_at
FROM c`;

const CLEAR_DIRTY = 'DELETE FROM progress_dirty';

const literal = (v: string | number | boolean): string => {
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`course rule ${v} is not a finite number`);
    return String(v);
  }
  return `'${v.replace(/'/g, "''")}'`;
};
const values = (rows: (string | number | boolean)[][]) => rows.map((r) => `(${r.map(literal).join(', ')})`).join(', ');

const recomputeSql = new WeakMap<Catalog, readonly string[]>();

/**
 * The recompute statements for a catalogue. Its rules are inlined as VALUES (compiled course
 * data, not input), so the text is fixed per build and prepared once, and SQLite reads the
 * rules without parsing JSON for every row they join.
 */
function recomputeTexts(catalog: Catalog): readonly string[] {
  let texts = recomputeSql.get(catalog);
  if (!texts) {
    const rules = `rules (course, mastery, completion, certifies, modules, has_final, has_post) AS (VALUES ${values(
      catalog.courses.map((c) => [c.course, c.mastery, c.completion, c.certifies, c.modules, c.hasFinal, c.hasPosttest]),
    )})`;
    const modules = `mods (course, module, lessons) AS (VALUES ${values(catalog.modules.map((m) => [m.course, m.module, m.lessons]))})`;
    texts = [
      deleteDirty('progress_assessments'),
      RECOMPUTE_ASSESSMENTS(rules),
      NUMBER_ITEMS,
      deleteDirty('progress_item_results'),
      RECOMPUTE_ITEM_RESULTS,
      deleteDirty('progress_modules'),
      RECOMPUTE_MODULES(rules, modules),
      deleteDirty('progress_courses'),
      RECOMPUTE_COURSES(rules),
      CLEAR_DIRTY,
    ];
    recomputeSql.set(catalog, texts);
  }
  return texts;
}

/** Recomputes the roll-ups of the pairs in progress_dirty, then empties it. */
export function recomputeQueries(catalog: Catalog): CompiledQuery[] {
  return recomputeTexts(catalog).map((sql) => CompiledQuery.raw(sql));
}

/** Marks learner x course pairs for recomputeQueries. */
export function markPairs(pairs: readonly (readonly [agentKey: string, course: string])[]): CompiledQuery {
  return CompiledQuery.raw(DIRTY_FROM_PAIRS, [JSON.stringify(pairs)]);
}

/** Adds facts (voided ones are skipped inside the write) and marks their learner x course pairs. */
export function insertEventQueries(events: readonly EventRow[]): CompiledQuery[] {
  const out: CompiledQuery[] = [];
  for (let i = 0; i < events.length; i += EVENTS_PER_QUERY) {
    const chunk = events.slice(i, i + EVENTS_PER_QUERY);
    const pairs = new Map(chunk.map((e) => [`${e[1]}\n${e[2]}`, [e[1], e[2]] as const]));
    out.push(CompiledQuery.raw(INSERT_EVENTS, [JSON.stringify(chunk)]), markPairs([...pairs.values()]));
  }
  return out;
}

/**
 * The queries that bring progress up to date with a batch of freshly stored statements
 * (as storeStatements passes them to its `extra` hook: ids, timestamps and context set).
 * None for a batch with no course facts and no voiding statement, so other LRS traffic
 * pays only for the IRI look-ups. Voiding statements delete their targets' facts and mark
 * the targets' learner x course for recomputation, whoever the targets belong to.
 */
export function progressQueries(statements: readonly Json[], catalog: Catalog): CompiledQuery[] {
  const events: EventRow[] = [];
  const voided: string[] = [];
  for (const s of statements) {
    const verb = (s.verb as Json | undefined)?.id;
    if (verb === VOIDED) {
      const obj = s.object as Json;
      if (obj.objectType === 'StatementRef' && typeof obj.id === 'string') voided.push(obj.id.toLowerCase());
      continue;
    }
    const e = eventOf(s, catalog);
    if (e) events.push(e);
  }
  if (events.length === 0 && voided.length === 0) return [];
  const queries: CompiledQuery[] = [];
  if (voided.length) {
    const ids = JSON.stringify(voided);
    queries.push(CompiledQuery.raw(DIRTY_FROM_VOIDED, [ids]), CompiledQuery.raw(DELETE_VOIDED, [ids]));
  }
  queries.push(...insertEventQueries(events), ...recomputeQueries(catalog));
  return queries;
}
