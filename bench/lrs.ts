// LRS benchmark (npm run bench:lrs): ingest throughput of batches of 100 statements through
// the HTTP app against plain better-sqlite3 inserts of the same rows (BENCH_ROUNDS rounds, each
// on fresh databases, app and raw alternating), and GET /xapi/statements latency by agent,
// verb + activity and registration at BENCH_STATEMENTS stored statements (default 1,000,000;
// 0 skips the fill and the queries). Prints the machine it ran on. Not a test: it asserts nothing.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir, platform, release } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../server/app.js';
import { fsBlobStore } from '../server/blobs-fs.js';
import { openNodeDatabase } from '../server/db/node.js';
import { settingsFromEnv } from '../server/deps.js';
import { indexRows } from '../server/xapi/statement-store.js';
import type { Statement } from '../server/xapi/validate.js';
import { basicHeader, credentialRows } from '../test/support/credentials.js';

const INGEST = Number(process.env.BENCH_INGEST ?? 20_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const STORED = Number(process.env.BENCH_STATEMENTS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
// Where the SQLite files go: the system temp folder (a disk) unless BENCH_DIR names another, e.g. /dev/shm.
const BENCH_DIR = process.env.BENCH_DIR ?? tmpdir();
const LEARNERS = 10_000;
const HOME = 'https://champa.la/learners';
const COURSE = 'https://champa.la/xapi/activities/course/';
const VERBS = ['initialized', 'experienced', 'answered', 'passed', 'failed', 'completed', 'terminated', 'progressed'].map(
  (v) => `http://adlnet.gov/expapi/verbs/${v}`,
);
const COURSES = ['victim-identification', 'digital-evidence', 'workers-rights', 'child-protection'];

// A deterministic generator, so both ingest paths store identical rows.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');

// Random v4 ids, as devices make them (random inserts into the id index).
const uuid = () => crypto.randomUUID();
const registrationOf = (learner: number, course: number) => `${(learner * 4 + course).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

function makeStatement(i: number): Record<string, unknown> {
  const learner = Math.floor(rand() * LEARNERS);
  const c = Math.floor(rand() * COURSES.length);
  const course = COURSE + COURSES[c];
  const module = `${course}/module/m${Math.floor(rand() * 7)}`;
  const verb = pick(VERBS);
  return {
    id: uuid(),
    actor: { objectType: 'Agent', account: { homePage: HOME, name: `learner-${learner}` } },
    verb: { id: verb, display: { en: verb.split('/').pop()!, lo: 'ກະທຳ' } },
    object: {
      objectType: 'Activity',
      id: `${course}/question/q${i % 60}`,
      definition: { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice', name: { en: 'Question', lo: 'ຄຳຖາມ' } },
    },
    result: { success: rand() > 0.3, response: 'a', duration: 'PT12S', score: { scaled: 0.8 } },
    context: {
      registration: registrationOf(learner, c),
      contextActivities: { parent: [{ id: module }], grouping: [{ id: course }] },
      language: 'lo',
    },
    timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
  };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function openApp(dir: string) {
  mkdirSync(dir, { recursive: true });
  const nodeDb = openNodeDatabase(join(dir, 'bench.sqlite'));
  const app = createApp({
    db: nodeDb.db,
    atomic: nodeDb.atomic,
    clock: () => new Date(),
    blobs: fsBlobStore(join(dir, 'blobs')),
    settings: settingsFromEnv({ CHAMPA_PUBLIC_URL: 'http://bench.local' }),
  });
  return { nodeDb, app };
}

const AUTH = { Authorization: basicHeader('all'), 'X-Experience-API-Version': '2.0.0' };

/** Raw better-sqlite3 inserts of the rows the LRS stores (statement, index rows, activity and agent): the floor. */
function rawInserter(sqlite: import('better-sqlite3').Database) {
  const ins = sqlite.prepare('INSERT INTO statements (id, stored, voided, voids_id, client_key, statement) VALUES (?, ?, 0, NULL, ?, ?)');
  const ag = sqlite.prepare('INSERT INTO statement_agents (agent_key, statement_seq, related) VALUES (?, ?, ?)');
  const ac = sqlite.prepare('INSERT INTO statement_activities (activity_iri, statement_seq, related) VALUES (?, ?, ?)');
  const ve = sqlite.prepare('INSERT INTO statement_verbs (verb_iri, statement_seq) VALUES (?, ?)');
  const re = sqlite.prepare('INSERT INTO statement_registrations (registration, statement_seq) VALUES (?, ?)');
  const act = sqlite.prepare('INSERT INTO activities (id, definition, updated) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING');
  const agt = sqlite.prepare(
    'INSERT INTO agents (agent_key, agent, updated) VALUES (?, ?, ?) ON CONFLICT (agent_key) DO UPDATE SET agent = excluded.agent, updated = excluded.updated WHERE agents.agent IS NOT excluded.agent',
  );
  const authority = { objectType: 'Agent', name: 'bench', account: { homePage: 'http://bench.local/xapi/clients', name: 'test-all' } };
  return sqlite.transaction((batch: Record<string, unknown>[]) => {
    const stored = new Date().toISOString();
    for (const s of batch) {
      const full = { ...s, stored, authority, version: '2.0.0' };
      const rows = indexRows(full as unknown as Statement);
      const seq = ins.run(s.id, stored, 'test-all', JSON.stringify(full)).lastInsertRowid;
      for (const [k, r] of rows.agents) ag.run(k, seq, r);
      for (const [k, r] of rows.activities) ac.run(k, seq, r);
      for (const v of rows.verbs) ve.run(v, seq);
      for (const r of rows.registrations) re.run(r, seq);
      const o = s.object as { id: string; definition: unknown };
      act.run(o.id, JSON.stringify(o.definition), stored);
      const actor = s.actor as { account: { homePage: string; name: string } };
      agt.run(`account:${actor.account.homePage}|${actor.account.name}`, JSON.stringify(actor), stored);
    }
  });
}

async function main() {
  const cpu = cpus();
  console.log(`machine: ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}, Node ${process.version}`);
  const dir = mkdtempSync(join(BENCH_DIR, 'champa-bench-'));
  console.log(`databases in ${dir}`);
  try {
    // 1. Ingest: through the HTTP app, then the same rows by plain better-sqlite3, each round on
    // fresh databases so that every round starts alike. Request bodies are bytes, as a server
    // receives them; parsing them is the app's work.
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < INGEST; i += 100) batches.push(Array.from({ length: 100 }, (_, j) => makeStatement(i + j)));
    const rounds: { app: number; raw: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const bodies = batches.map((b) => new TextEncoder().encode(JSON.stringify(b)));
      const a = openApp(join(dir, `http-${round}`));
      await a.nodeDb.db.insertInto('lrs_clients').values(credentialRows()).execute();
      // warm-up on statements that are then discarded with the database
      for (let w = 0; w < 5; w++) {
        await a.app.request('/xapi/statements', { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify(Array.from({ length: 100 }, (_, j) => makeStatement(j))) });
      }
      let t0 = performance.now();
      for (const body of bodies) {
        const res = await a.app.request('/xapi/statements', { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body });
        if (res.status !== 200) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
      }
      const httpSecs = (performance.now() - t0) / 1000;
      await a.nodeDb.close();

      rmSync(join(dir, `http-${round}`), { recursive: true, force: true });

      const r = openApp(join(dir, `raw-${round}`));
      const insert = rawInserter(r.nodeDb.sqlite);
      insert(Array.from({ length: 100 }, (_, j) => makeStatement(j)));
      t0 = performance.now();
      for (const b of batches) insert(b);
      const rawSecs = (performance.now() - t0) / 1000;
      await r.nodeDb.close();
      rmSync(join(dir, `raw-${round}`), { recursive: true, force: true });
      rounds.push({ app: INGEST / httpSecs, raw: INGEST / rawSecs });
    }

    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const fmt = (n: number) => Math.round(n).toLocaleString('en');
    console.log(`ingest, batches of 100, ${INGEST} statements, ${ROUNDS} rounds (fresh databases each):`);
    for (const [i, x] of rounds.entries()) console.log(`  round ${i + 1}: app ${fmt(x.app)}/s, raw ${fmt(x.raw)}/s, raw/app ${(x.raw / x.app).toFixed(2)}×`);
    console.log(`  HTTP app (POST /xapi/statements): ${fmt(median(rounds.map((x) => x.app)))} statements/s (median)`);
    console.log(`  raw better-sqlite3, same rows:     ${fmt(median(rounds.map((x) => x.raw)))} statements/s (median)`);
    console.log(`  ratio raw/app: ${median(rounds.map((x) => x.raw / x.app)).toFixed(2)}× (median of the rounds)`);
    if (STORED === 0) return;

    // 2. Query latency at STORED statements.
    const q = openApp(join(dir, 'query'));
    await q.nodeDb.db.insertInto('lrs_clients').values(credentialRows()).execute();
    const fill = rawInserter(q.nodeDb.sqlite);
    const t0 = performance.now();
    for (let i = 0; i < STORED; i += 1000) fill(Array.from({ length: Math.min(1000, STORED - i) }, (_, j) => makeStatement(i + j)));
    console.log(`filled ${STORED.toLocaleString('en')} statements in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    const cases: Record<string, () => string> = {
      agent: () => `agent=${encodeURIComponent(JSON.stringify({ objectType: 'Agent', account: { homePage: HOME, name: `learner-${Math.floor(rand() * LEARNERS)}` } }))}`,
      'verb + activity': () => `verb=${encodeURIComponent(pick(VERBS))}&activity=${encodeURIComponent(`${COURSE}${pick(COURSES)}/question/q${Math.floor(rand() * 60)}`)}`,
      registration: () => `registration=${registrationOf(Math.floor(rand() * LEARNERS), Math.floor(rand() * 4))}`,
      'agent + verb + activity': () =>
        `agent=${encodeURIComponent(JSON.stringify({ account: { homePage: HOME, name: `learner-${Math.floor(rand() * LEARNERS)}` } }))}&verb=${encodeURIComponent(pick(VERBS))}&activity=${encodeURIComponent(`${COURSE}${pick(COURSES)}/module/m1`)}&related_activities=true`,
    };
    console.log(`GET /xapi/statements at ${STORED.toLocaleString('en')} statements (in process, limit 25, ${QUERIES} queries each):`);
    for (const [name, make] of Object.entries(cases)) {
      const times: number[] = [];
      let returned = 0;
      for (let i = 0; i < QUERIES + 20; i++) {
        const url = `/xapi/statements?${make()}&limit=25`;
        const s = performance.now();
        const res = await q.app.request(url, { headers: AUTH });
        const body = (await res.json()) as { statements: unknown[] };
        const ms = performance.now() - s;
        if (res.status !== 200) throw new Error(`query failed: ${res.status}`);
        if (i >= 20) {
          times.push(ms);
          returned += body.statements.length;
        }
      }
      times.sort((x, y) => x - y);
      console.log(`  by ${name.padEnd(24)} p50 ${percentile(times, 50).toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms  (mean ${(returned / QUERIES).toFixed(1)} statements returned)`);
    }
    await q.nodeDb.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
