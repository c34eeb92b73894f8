// Report benchmark (npm run bench:reports): seeds BENCH_LEARNERS learners (default 10,000)
// across the 18 provinces, in cohorts of organisations with trainers, with statement
// histories a course player would send (pre-test, lessons, quizzes with re-takes, knowledge
// checks, post-test, a server-graded final exam with re-takes, drop-out along the way), turned
// into progress rows by the derivation's own queries (eventOf, insertEventQueries,
// recomputeQueries: what ingest and `progress rebuild` run, item results included), plus
// certificates for those who earned them; then times each report through the HTTP app in
// process (p50/p95 over BENCH_RUNS runs) and prints the machine. DESIGN §10: ≤ 100 ms per
// report. Asserts nothing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CompiledCourse } from '../courses/schema.js';
import { courses as bundled } from '../dist/courses/bundle.js';
import { createApp } from '../server/app.js';
import { fsBlobStore } from '../server/blobs-fs.js';
import { openNodeDatabase } from '../server/db/node.js';
import { settingsFromEnv } from '../server/deps.js';
import { examGrader } from '../server/exams/authority.js';
import { learnerHomePage } from '../server/identity/learner-tokens.js';
import { courseCatalog } from '../server/progress/catalog.js';
import { eventOf, insertEventQueries, recomputeQueries, type EventRow } from '../server/progress/derive.js';
import { authHeaders, seedSql, USERS } from '../test/support/credentials.js';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
// Seeding leaves a large heap behind; collecting it before each report keeps its garbage out
// of the timings (CPU time counts the collector too).
setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

/** Runs before timing starts: the first ones read the database file into the OS page cache. */
const WARMUP = 3;
const PAIRS_PER_WRITE = 100;

// A deterministic generator (mulberry32, exact in 32-bit integer arithmetic): the same population every run.
let seed = 20_260_701;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
const normal = () => Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand());
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;

const settings = settingsFromEnv({ CHAMPA_PUBLIC_URL: 'http://bench.local' });
const HOME = learnerHomePage(settings);
const GRADER = examGrader(settings).authority;
const ADL = 'http://adlnet.gov/expapi/verbs/';
const COURSES = Object.fromEntries(Object.entries(bundled).map(([slug, s]) => [slug, JSON.parse(s.json) as CompiledCourse]));
const SLUGS = Object.keys(COURSES);
// Weighted towards Vientiane Capital and the large provinces, as trainings are.
const PROVINCES = ['LA-VT', 'LA-VT', 'LA-VT', 'LA-SV', 'LA-SV', 'LA-CH', 'LA-CH', 'LA-LP', 'LA-LP', 'LA-VI', 'LA-KH', 'LA-BL', 'LA-XA', 'LA-OU', 'LA-LM', 'LA-BK', 'LA-PH', 'LA-HO', 'LA-XI', 'LA-XS', 'LA-SL', 'LA-XE', 'LA-AT'];
const KINDS = ['police', 'police', 'prosecutor', 'court', 'lftu', 'lftu', 'lwu', 'committee', 'molsw'] as const;
const SEX = () => {
  const r = rand();
  return r < 0.42 ? 'female' : r < 0.96 ? 'male' : r < 0.98 ? 'other' : 'not-stated';
};

// Item parameters: difficulty per question, and a few items that discriminate the wrong way.
const itemDifficulty = new Map<string, number>();
const itemReversed = new Set<string>();
function pCorrect(iri: string, ability: number): number {
  if (!itemDifficulty.has(iri)) {
    itemDifficulty.set(iri, normal());
    if (rand() < 0.05) itemReversed.add(iri);
  }
  const b = itemDifficulty.get(iri)!;
  const a = itemReversed.has(iri) ? -0.8 : 1.3;
  return 1 / (1 + Math.exp(-(a * ability - b + 0.6)));
}

type Json = Record<string, unknown>;

/** The statements of one learner taking one course, from `start` (ms), as the player and the exam grader store them. */
function history(c: CompiledCourse, learnerId: string, ability0: number, start: number): Json[] {
  const actor = { objectType: 'Agent', account: { homePage: HOME, name: learnerId } };
  const registration = uuid();
  let t = start;
  const out: Json[] = [];
  const push = (verb: string, object: string, parent: string | null, result?: Json, authority?: Json) => {
    t += 30_000 + Math.floor(rand() * 90_000);
    out.push({
      id: uuid(),
      actor,
      verb: { id: ADL + verb },
      object: { objectType: 'Activity', id: object },
      ...(result ? { result } : {}),
      context: { registration, contextActivities: { ...(parent ? { parent: [{ id: parent }] } : {}), grouping: [{ id: c.iri }] } },
      timestamp: new Date(t).toISOString(),
      ...(authority ? { authority } : {}),
    });
  };
  const questionsOf = (bank: string) => Object.values(c.questions).filter((q) => q.bank === bank);
  /** Answers a drawn set of items and records the score; returns the scaled score. */
  const sit = (assessmentIri: string, items: { iri: string }[], n: number, ability: number, authority?: Json) => {
    const drawn = [...items].sort(() => rand() - 0.5).slice(0, n);
    let right = 0;
    for (const q of drawn) {
      const ok = rand() < pCorrect(q.iri, ability);
      if (ok) right++;
      push('answered', q.iri, assessmentIri, { success: ok, response: ok ? 'a' : 'b', duration: 'PT20S' }, authority);
    }
    const scaled = drawn.length ? right / drawn.length : 0;
    const pass = scaled >= c.rules.masteryScore - 1e-9;
    push(pass ? 'passed' : 'failed', assessmentIri, c.iri, { score: { scaled, raw: right, min: 0, max: drawn.length }, success: pass, duration: `PT${drawn.length * 25}S` }, authority);
    return scaled;
  };

  push('initialized', c.iri, null);
  let ability = ability0;
  if (c.prePostTest && rand() < 0.9) sit(c.prePostTest.pretestIri, questionsOf(c.prePostTest.bank), c.prePostTest.items, ability);
  let completed = true;
  for (const m of c.modules) {
    if (rand() < 0.07) {
      completed = false;
      break;
    }
    for (const l of m.lessons) push('experienced', l.iri, m.iri, { duration: `PT${120 + Math.floor(rand() * 600)}S` });
    const checks = questionsOf('checks');
    if (checks.length && rand() < 0.5) {
      const q = pick(checks);
      const ok = rand() < pCorrect(q.iri, ability);
      push('answered', q.iri, m.lessons[0]!.iri, { success: ok, response: ok ? 'a' : 'b' });
    }
    ability += 0.12;
    if (m.quiz) {
      let tries = 0;
      while (tries++ < 3 && sit(m.quiz.iri, questionsOf(m.quiz.bank), m.quiz.items, ability) < c.rules.masteryScore - 1e-9) ability += 0.2;
    }
  }
  if (completed && c.prePostTest && rand() < 0.9) sit(c.prePostTest.posttestIri, questionsOf(c.prePostTest.bank), c.prePostTest.items, ability + 0.3);
  if (completed && c.finalExam) {
    const items = Object.values(c.finalExam.questions);
    for (let i = 0; i < Math.max(1, c.rules.attemptsAllowed); i++) {
      if (sit(c.finalExam.iri, items, c.finalExam.items, ability + 0.3, GRADER) >= c.rules.masteryScore - 1e-9) break;
      ability += 0.3;
    }
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  const cpu = cpus();
  console.log(`machine: ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}, Node ${process.version}`);
  const dir = mkdtempSync(join(tmpdir(), 'champa-bench-reports-'));
  // BENCH_DB keeps the seeded database in a file of one's own, and reuses it on the next run.
  const keep = process.env.BENCH_DB;
  const reuse = keep !== undefined && existsSync(keep);
  const local = openNodeDatabase(keep ?? join(dir, 'bench.sqlite'));
  const { sqlite, atomic } = local;
  console.log(`SQLite ${(sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v}`);
  try {
    if (!reuse) await seedPopulation(local);
    else console.log(`reusing ${keep}`);
    const app = createApp({ db: local.db, atomic, clock: () => new Date(), blobs: fsBlobStore(join(dir, 'blobs')), settings });
    const busiest = (sqlite.prepare('SELECT cohort_id AS id FROM enrolments GROUP BY cohort_id ORDER BY count(*) DESC LIMIT 1').get() as { id: string }).id;
    const cases: [string, string, 'admin' | 'trainerA' | 'viewer'][] = [
      ['participation, everything', '/api/reports/participation', 'admin'],
      ['participation, 2026-Q3', '/api/reports/participation?quarter=2026-Q3', 'admin'],
      ['participation, one province', '/api/reports/participation?province=LA-SV', 'viewer'],
      ['participation, one cohort', `/api/reports/participation?cohort=${busiest}`, 'admin'],
      ['participation, a trainer (2 orgs)', '/api/reports/participation', 'trainerA'],
      ['learning-gain, everything', '/api/reports/learning-gain', 'admin'],
      ['certification, everything', '/api/reports/certification', 'admin'],
      ['items, victim-identification', '/api/reports/items?course=victim-identification', 'admin'],
      ['items, digital-evidence', '/api/reports/items?course=digital-evidence', 'admin'],
      ['items, workers-rights, FY2026', '/api/reports/items?course=workers-rights&from=2025-10-01&to=2026-09-30', 'admin'],
      ['items, victim-identification final', '/api/reports/items?course=victim-identification&assessment=final', 'admin'],
      ['items, a trainer', '/api/reports/items?course=digital-evidence', 'trainerA'],
      ['rollup, everything', '/api/reports/rollup', 'admin'],
      ['rollup, a trainer', '/api/reports/rollup', 'trainerA'],
      ['participation.csv', '/api/reports/participation.csv', 'admin'],
      ['rollup.xlsx', '/api/reports/rollup.xlsx', 'viewer'],
      ['items.xlsx, digital-evidence', '/api/reports/items.xlsx?course=digital-evidence', 'admin'],
    ];
    const load = loadavg().map((l) => l.toFixed(1)).join(' ');
    console.log(`report latency through the HTTP app in process, ${RUNS} runs after ${WARMUP} warm-up runs (load average ${load} on ${cpus().length} cores):`);
    console.log('  wall time is what a caller waits; CPU time is the process\'s own work, steadier when other processes share the cores. DESIGN §10: ≤ 100 ms.');
    let worst = 0;
    for (const [name, path, who] of cases) {
      const wall: number[] = [];
      const cpu: number[] = [];
      gc();
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const c0 = process.cpuUsage();
        const s = performance.now();
        const res = await app.request(path, { headers: authHeaders(who) });
        const bytes = (await res.arrayBuffer()).byteLength;
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${new TextDecoder().decode(new Uint8Array(bytes))}`);
        if (i < WARMUP) continue;
        wall.push(performance.now() - s);
        const used = process.cpuUsage(c0);
        cpu.push((used.user + used.system) / 1000);
      }
      wall.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      const p95 = percentile(wall, 95);
      worst = Math.max(worst, p95);
      const ms = (x: number) => `${x.toFixed(1).padStart(6)} ms`;
      console.log(
        `  ${name.padEnd(38)} wall p50 ${ms(percentile(wall, 50))}  p95 ${ms(p95)}   CPU p50 ${ms(percentile(cpu, 50))}  p95 ${ms(percentile(cpu, 95))}${p95 > 100 ? '  (over 100 ms)' : ''}`,
      );
    }
    console.log(`worst wall p95: ${worst.toFixed(1)} ms`);
  } finally {
    await local.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bench population, through the derivation's queries. */
async function seedPopulation(local: ReturnType<typeof openNodeDatabase>) {
  const { sqlite, atomic } = local;
  const t0 = performance.now();
  {
    sqlite.exec(seedSql());
    const now = new Date().toISOString();
    const catalog = courseCatalog();

    // People, places and training events.
    const districts: Record<string, string[]> = {};
    const orgs: string[] = [];
    const cohorts: { id: string; org: string; province: string; courses: string[]; start: number }[] = [];
    sqlite.transaction(() => {
      const district = sqlite.prepare('INSERT INTO districts (code, province_code, name_lo, name_en, source, imported) VALUES (?, ?, ?, ?, ?, ?)');
      for (const p of new Set(PROVINCES)) {
        districts[p] = [];
        for (let i = 1; i <= 8; i++) {
          const code = `B${p.slice(3)}${i}`;
          district.run(code, p, `ເມືອງ ${code}`, `District ${code}`, 'bench', now);
          districts[p].push(code);
        }
      }
      const org = sqlite.prepare('INSERT INTO organisations (id, name_en, kind, province_code, created, updated) VALUES (?, ?, ?, ?, ?, ?)');
      for (let i = 0; i < 60; i++) {
        const id = `bench-org-${i}`;
        org.run(id, `Organisation ${i}`, KINDS[i % KINDS.length], pick(PROVINCES), now, now);
        orgs.push(id);
      }
      // Trainer A works for two of them (the scoped report below).
      const member = sqlite.prepare('INSERT INTO user_organisations (user_id, organisation_id) VALUES (?, ?)');
      member.run(USERS.trainerA.id, orgs[0]);
      member.run(USERS.trainerA.id, orgs[1]);
      const cohort = sqlite.prepare(
        `INSERT INTO cohorts (id, name, organisation_id, province_code, district_code, starts_on, ends_on, mode, join_code, created_by, created, updated) VALUES (?, ?, ?, ?, NULL, ?, ?, 'in-person', ?, ?, ?, ?)`,
      );
      const cc = sqlite.prepare('INSERT INTO cohort_courses (cohort_id, course_slug, position) VALUES (?, ?, ?)');
      const events = Math.ceil(LEARNERS / 40);
      for (let i = 0; i < events; i++) {
        const id = `bench-cohort-${i}`;
        // Training days from January 2025 to November 2026.
        const start = Date.UTC(2025, 0, 6) + Math.floor(rand() * 680) * 86400_000;
        const day = new Date(start).toISOString().slice(0, 10);
        const courses = rand() < 0.2 ? [pick(SLUGS), pick(SLUGS)].filter((c, j, a) => a.indexOf(c) === j) : [pick(SLUGS)];
        const o = pick(orgs);
        const province = pick(PROVINCES);
        cohort.run(id, `Training ${i}`, o, province, day, day, `B${String(i).padStart(5, '0')}`, USERS.admin.id, now, now);
        courses.forEach((c, j) => cc.run(id, c, j));
        cohorts.push({ id, org: o, province, courses, start });
      }
    })();

    // Learners, their enrolments and their statement histories, in writes of PAIRS_PER_WRITE pairs.
    // What the LRS's statement store records of each actor; the derivation reads the account from it.
    const agent = sqlite.prepare('INSERT INTO agents (agent_key, agent, updated) VALUES (?, ?, ?)');
    const learner = sqlite.prepare('INSERT INTO learners (id, name, sex, organisation_id, province_code, district_code, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const enrol = sqlite.prepare(`INSERT INTO enrolments (cohort_id, course_slug, learner_id, enrolled, source) VALUES (?, ?, ?, ?, 'join')`);
    const certificate = sqlite.prepare(
      `INSERT INTO certificates (id, learner_id, course_slug, course_version, basis, issued, expires, issuer, kid, jws, status, revoked_at, revoked_reason)
       VALUES (?, ?, ?, '1.0.0', ?, ?, ?, '{"lo":"bench","en":"bench"}', 'bench-kid', 'bench.jws.x', ?, ?, ?)`,
    );
    sqlite.prepare(`INSERT INTO signing_keys (kid, alg, public_jwk, created) VALUES ('bench-kid', 'ES256', '{}', ?)`).run(now);

    let pairs = 0;
    let statements = 0;
    let facts = 0;
    let pending: EventRow[] = [];
    let pendingPairs = 0;
    const flush = async () => {
      if (!pending.length) return;
      await atomic([...insertEventQueries(pending), ...recomputeQueries(catalog)]);
      facts += pending.length;
      pending = [];
      pendingPairs = 0;
    };
    for (let i = 0; i < LEARNERS; i++) {
      const id = uuid();
      const home = cohorts[Math.floor(rand() * cohorts.length)]!;
      const province = rand() < 0.05 ? null : rand() < 0.8 ? home.province : pick(PROVINCES);
      const district = province && rand() < 0.85 ? pick(districts[province]!) : null;
      const ability = normal();
      learner.run(id, `Learner ${i}`, SEX(), rand() < 0.9 ? home.org : pick(orgs), province, district, now, now);
      agent.run(`account:${HOME}|${id}`, JSON.stringify({ objectType: 'Agent', account: { homePage: HOME, name: id } }), now);
      const second = rand() < 0.1 ? pick(cohorts) : home;
      const taken = second === home ? [home] : [home, second];
      for (const cohort of taken) {
        for (const slug of cohort.courses) {
          enrol.run(cohort.id, slug, id, new Date(cohort.start - 3600_000).toISOString());
          if (rand() < 0.05) continue; // enrolled, never started
          const list = history(COURSES[slug]!, id, ability, cohort.start + Math.floor(rand() * 4) * 3600_000);
          statements += list.length;
          for (const s of list) {
            const e = eventOf(s, catalog);
            if (e) pending.push(e);
          }
          pairs++;
          if (++pendingPairs >= PAIRS_PER_WRITE) await flush();
        }
      }
    }
    await flush();

    // Certificates for the eligible, issued the day after; a few revoked.
    const eligible = sqlite
      .prepare(`SELECT account_name, course, eligible_at FROM progress_courses WHERE certification_eligible = 1 AND account_home_page = ?`)
      .all(HOME) as { account_name: string; course: string; eligible_at: string }[];
    sqlite.transaction(() => {
      for (const e of eligible) {
        const issued = new Date(Date.parse(e.eligible_at) + 86400_000);
        const expires = new Date(issued);
        expires.setUTCMonth(expires.getUTCMonth() + 24);
        const revoked = rand() < 0.01;
        certificate.run(uuid(), e.account_name, e.course, e.eligible_at, issued.toISOString(), expires.toISOString(), revoked ? 'revoked' : 'active', revoked ? now : null, revoked ? 'bench' : null);
      }
    })();
    // No ANALYZE: a deployed database has no planner statistics unless someone runs it.
    const count = (table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    console.log(
      `seeded ${LEARNERS.toLocaleString('en')} learners in ${cohorts.length} cohorts, ${pairs.toLocaleString('en')} learner×course histories, ` +
        `${statements.toLocaleString('en')} statements → ${facts.toLocaleString('en')} progress facts, ${count('progress_courses').toLocaleString('en')} course rows, ` +
        `${count('progress_item_results').toLocaleString('en')} item-result rows, ` +
        `${eligible.length.toLocaleString('en')} certificates, in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  }
}

await main();
