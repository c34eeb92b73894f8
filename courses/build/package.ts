// Validates one course package folder and compiles it into a CompiledCourse: schema checks on
// every file, then the cross-checks between files (lessons in both locales with the same blocks,
// citations, checks, scenarios, images and links that resolve, bank sizes, unique ids and IRIs).
// Reports every problem it finds with file + field; not for writing output (emit.ts does that).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, posix, relative, sep } from 'node:path';
import type { ZodError } from 'zod';
import {
  courseManifest,
  IRI_BASE,
  ORDERED_RE,
  questionBank,
  scenarioFile,
  type ActivityKind,
  type CompiledActivity,
  type CompiledCourse,
  type CompiledImage,
  type CompiledLesson,
  type CompiledModule,
  type CompiledQuestion,
  type CompiledScenario,
  type CourseManifest,
  type ExamItemKey,
  type Question,
  type QuestionBank,
  type ScenarioFile,
} from '../schema.js';
import { redactBank } from './exam.js';
import { blockSignature, parseLesson, type ParsedLesson } from './lesson.js';

export interface CourseIssue {
  /** The file, relative to the working directory when inside it. */
  file: string;
  /** JSON path ("modules[0].quiz.items"), "line N" in a lesson, or "(file)". */
  path: string;
  message: string;
}

export interface ImageAsset {
  src: string;
  contentType: string;
  bytes: Uint8Array;
  sha256: string;
}

/** What the server grades a course's final exam with; never served. */
export interface ExamKeys {
  bank: string;
  iri: string;
  items: Record<string, ExamItemKey>;
}

export interface PackageResult {
  dir: string;
  /** The folder name (what the slug must be). */
  slug: string;
  course: CompiledCourse | null;
  /** The compiled course serialised exactly as served. */
  json: string | null;
  images: ImageAsset[];
  /** The final exam's keys (server-only, dist/courses/keys.ts); null without a final exam. */
  examKeys: ExamKeys | null;
  errors: CourseIssue[];
  warnings: CourseIssue[];
}

/** Minimum bank sizes (COURSE-FORMAT.md). */
export const MIN_QUIZ_BANK = 5;
export const MIN_PREPOST_BANK = 10;
export const MIN_FINAL_BANK = 20;
export const MIN_FINAL_SCENARIO_ITEMS = 2;
export const MAX_IMAGE_BYTES = 200 * 1024;

const IMAGE_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

const ACTIVITY_TYPES: Record<ActivityKind, string> = {
  course: 'http://adlnet.gov/expapi/activities/course',
  module: 'http://adlnet.gov/expapi/activities/module',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  question: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  scenario: 'http://adlnet.gov/expapi/activities/simulation',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
};

const INTERACTION_TYPES: Record<Question['type'], CompiledQuestion['interactionType']> = {
  single: 'choice',
  multiple: 'choice',
  scenario: 'choice',
  'true-false': 'true-false',
  ordering: 'sequencing',
  matching: 'matching',
};

export function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || '(root)';
}

function zodMessage(iss: ZodError['issues'][number]): string {
  if (iss.code === 'invalid_type' && /received undefined$/.test(iss.message)) return 'is required';
  return iss.message.replace(/^Invalid input: /, '');
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => !n.startsWith('.')).sort();
}

export function compilePackage(dir: string): PackageResult {
  const slug = basename(dir);
  const errors: CourseIssue[] = [];
  const warnings: CourseIssue[] = [];
  const err = (file: string, path: string, message: string) => errors.push({ file: display(file), path, message });
  const warn = (file: string, path: string, message: string) => warnings.push({ file: display(file), path, message });

  const readJson = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      err(file, '(file)', `is not valid JSON: ${(e as Error).message}`);
      return undefined;
    }
  };
  function validate<T>(file: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } }, raw: unknown): T | null {
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    for (const iss of r.error.issues) err(file, jsonPath(iss.path), zodMessage(iss));
    return null;
  }

  // --- course.json
  const manifestFile = join(dir, 'course.json');
  let manifest: CourseManifest | null = null;
  if (!existsSync(manifestFile)) err(manifestFile, '(file)', 'missing: every course folder needs a course.json');
  else {
    const raw = readJson(manifestFile);
    if (raw !== undefined) manifest = validate(manifestFile, courseManifest, raw);
  }
  if (manifest && manifest.slug !== slug) err(manifestFile, 'slug', `is "${manifest.slug}" but the folder is "${slug}"; they must be the same`);
  const sourceIds = new Set(manifest?.sources.map((s) => s.id) ?? []);
  const usedSources = new Set<string>();

  // --- question banks
  const banks = new Map<string, { file: string; bank: QuestionBank }>();
  const questionAt = new Map<string, { file: string; index: number; bank: string; question: Question }>();
  const questionsDir = join(dir, 'questions');
  for (const name of listFiles(questionsDir)) {
    const file = join(questionsDir, name);
    if (!name.endsWith('.json')) {
      err(file, '(file)', 'only <bank-id>.json files belong in questions/');
      continue;
    }
    const raw = readJson(file);
    if (raw === undefined) continue;
    const bank = validate(file, questionBank, raw);
    if (!bank) continue;
    if (bank.id !== name.slice(0, -5)) err(file, 'id', `is "${bank.id}" but the file is ${name}; name the file <bank-id>.json`);
    banks.set(bank.id, { file, bank });
    bank.items.forEach((q, i) => {
      const prev = questionAt.get(q.id);
      if (prev && prev.file !== file) err(file, `items[${i}].id`, `"${q.id}" is already used in ${display(prev.file)} items[${prev.index}]; question ids are unique across all banks of a course`);
      else if (!prev) questionAt.set(q.id, { file, index: i, bank: bank.id, question: q });
      if (manifest)
        (q.sources ?? []).forEach((s, j) => {
          usedSources.add(s);
          if (!sourceIds.has(s)) err(file, `items[${i}].sources[${j}]`, `"${s}" is not a source id in course.json sources`);
        });
    });
  }

  // --- scenarios
  const scenarios = new Map<string, { file: string; scenario: ScenarioFile }>();
  const scenariosDir = join(dir, 'scenarios');
  for (const name of listFiles(scenariosDir)) {
    const file = join(scenariosDir, name);
    if (!name.endsWith('.json')) {
      err(file, '(file)', 'only <scenario-id>.json files belong in scenarios/');
      continue;
    }
    const raw = readJson(file);
    if (raw === undefined) continue;
    const sc = validate(file, scenarioFile, raw);
    if (!sc) continue;
    if (sc.id !== name.slice(0, -5)) err(file, 'id', `is "${sc.id}" but the file is ${name}; name the file <scenario-id>.json`);
    scenarios.set(sc.id, { file, scenario: sc });
  }

  // --- images
  const images = new Map<string, ImageAsset>();
  const imagesDir = join(dir, 'images');
  for (const name of listFiles(imagesDir)) {
    const file = join(imagesDir, name);
    const ext = posix.extname(name).toLowerCase();
    const type = IMAGE_TYPES[ext];
    if (!type || !statSync(file).isFile()) {
      err(file, '(file)', `is not an image the player can show; use ${Object.keys(IMAGE_TYPES).join(', ')} (SVG preferred)`);
      continue;
    }
    const bytes = new Uint8Array(readFileSync(file));
    if (bytes.length > MAX_IMAGE_BYTES) err(file, '(file)', `is ${Math.round(bytes.length / 1024)} KB; images must be at most ${MAX_IMAGE_BYTES / 1024} KB (learners are on 3G)`);
    if (type === 'image/svg+xml') {
      const svg = new TextDecoder().decode(bytes);
      const bad = /<script|<foreignObject|\son[a-z]+\s*=|javascript:|<!ENTITY|(?:href|src)\s*=\s*["'](?:https?:)?\/\//i.exec(svg);
      if (bad) err(file, '(file)', `SVG contains "${bad[0].trim()}"; course SVGs may not script, embed HTML or load external resources`);
    }
    images.set(`images/${name}`, { src: `images/${name}`, contentType: type, bytes, sha256: sha256(bytes) });
  }
  const usedImages = new Set<string>();

  // --- lessons on disk
  const modulesDir = join(dir, 'modules');
  interface DiskModule { dirName: string; slug: string; lessons: Map<string, Partial<Record<'lo' | 'en', string>>> }
  const diskModules = new Map<string, DiskModule>();
  const lessonKeys = new Map<string, { module: string; lesson: string }>(); // "NN-m/NN-l" → slugs
  for (const dirName of listFiles(modulesDir)) {
    const mdir = join(modulesDir, dirName);
    if (!statSync(mdir).isDirectory()) {
      err(mdir, '(file)', 'only module folders (NN-module-slug) belong in modules/');
      continue;
    }
    const m = ORDERED_RE.exec(dirName);
    if (!m) {
      err(mdir, '(folder)', 'module folders are named NN-module-slug, e.g. 01-forced-labour');
      continue;
    }
    const mslug = m[2]!;
    const existing = diskModules.get(mslug);
    if (existing) {
      err(mdir, '(folder)', `module slug "${mslug}" is also the folder modules/${existing.dirName}`);
      continue;
    }
    const dm: DiskModule = { dirName, slug: mslug, lessons: new Map() };
    diskModules.set(mslug, dm);
    for (const name of listFiles(mdir)) {
      const lm = /^(\d\d-[a-z0-9]+(?:-[a-z0-9]+)*)\.(lo|en)\.md$/.exec(name);
      if (!lm) {
        err(join(mdir, name), '(file)', 'lesson files are named NN-lesson-slug.lo.md and NN-lesson-slug.en.md');
        continue;
      }
      const entry = dm.lessons.get(lm[1]!) ?? {};
      entry[lm[2] as 'lo' | 'en'] = join(mdir, name);
      dm.lessons.set(lm[1]!, entry);
      lessonKeys.set(`${dirName}/${lm[1]}`, { module: mslug, lesson: lm[1]!.replace(ORDERED_RE, '$2') });
    }
  }

  // Parse every lesson file found, so that syntax errors are reported even when course.json is broken.
  const parsed = new Map<string, ParsedLesson>();
  for (const dm of diskModules.values()) {
    for (const files of dm.lessons.values()) {
      for (const file of Object.values(files)) {
        const fileDir = dirname(file);
        const lesson = parseLesson(readFileSync(file, 'utf8'), {
          link(target) {
            const clean = target.replace(/[#?].*$/, '');
            if (!clean) return null;
            const abs = posix.normalize(posix.join(relative(dir, fileDir).split(sep).join('/'), clean));
            const key = abs.replace(/^modules\//, '').replace(/\.md$/, '').replace(/\.(lo|en)$/, '');
            return abs.startsWith('modules/') ? (lessonKeys.get(key) ?? null) : null;
          },
          image(target) {
            if (/^[a-z][a-z0-9+.-]*:|^\//i.test(target)) return null;
            const fromRoot = posix.normalize(target);
            if (images.has(fromRoot)) return fromRoot;
            const fromFile = posix.normalize(posix.join(relative(dir, fileDir).split(sep).join('/'), target));
            return images.has(fromFile) ? fromFile : null;
          },
        });
        parsed.set(file, lesson);
        for (const p of lesson.problems) err(file, p.path, p.message);
        for (const ref of lesson.refs) {
          const at = `line ${ref.line}`;
          if (ref.kind === 'cite') {
            usedSources.add(ref.target);
            if (manifest && !sourceIds.has(ref.target)) err(file, at, `[[src:${ref.target}]]: no source with this id in course.json sources`);
          } else if (ref.kind === 'check') {
            if (!questionAt.has(ref.target)) err(file, at, `":::check ${ref.target}": no question with this id in questions/*.json`);
          } else if (ref.kind === 'scenario') {
            if (!scenarios.has(ref.target)) err(file, at, `":::scenario ${ref.target}": no scenarios/${ref.target}.json`);
          } else if (ref.kind === 'image') usedImages.add(ref.target);
        }
      }
    }
  }

  const result: PackageResult = { dir, slug, course: null, json: null, images: [], examKeys: null, errors, warnings };
  if (!manifest) return result;

  // --- modules and lessons against the manifest
  const listedModules = new Set<string>();
  const compiledModules: CompiledModule[] = [];
  const courseIri = `${IRI_BASE}/course/${manifest.slug}`;
  manifest.modules.forEach((mod, mi) => {
    listedModules.add(mod.slug);
    const dm = diskModules.get(mod.slug);
    const moduleIri = `${courseIri}/module/${mod.slug}`;
    const lessons: CompiledLesson[] = [];
    if (!dm) {
      err(manifestFile, `modules[${mi}].slug`, `no folder modules/NN-${mod.slug} (NN = two digits)`);
    } else {
      mod.lessons.forEach((stem, li) => {
        const files = dm.lessons.get(stem) ?? {};
        let ok = true;
        for (const loc of ['lo', 'en'] as const) {
          if (!files[loc]) {
            err(manifestFile, `modules[${mi}].lessons[${li}]`, `no file modules/${dm.dirName}/${stem}.${loc}.md (every lesson exists in lo and en)`);
            ok = false;
          }
        }
        if (!ok) return;
        const lo = parsed.get(files.lo!)!;
        const en = parsed.get(files.en!)!;
        if (lo.problems.length || en.problems.length) return;
        const sigLo = lo.blocks.map(blockSignature);
        const sigEn = en.blocks.map(blockSignature);
        const n = Math.max(sigLo.length, sigEn.length);
        for (let i = 0; i < n; i++) {
          if (sigLo[i] !== sigEn[i]) {
            err(files.en!, `blocks[${i}]`, `the lo and en files must have the same blocks in the same order: ${display(files.lo!)} has ${sigLo[i] ?? 'nothing'}, this file has ${sigEn[i] ?? 'nothing'}`);
            break;
          }
        }
        const lslug = stem.replace(ORDERED_RE, '$2');
        lessons.push({
          slug: lslug,
          file: stem,
          iri: `${moduleIri}/lesson/${lslug}`,
          title: { lo: lo.title!, en: en.title! },
          blocks: { lo: lo.blocks, en: en.blocks },
        });
      });
      for (const stem of dm.lessons.keys()) {
        if (!mod.lessons.includes(stem)) {
          for (const f of Object.values(dm.lessons.get(stem)!)) err(f, '(file)', `is not listed in course.json modules[${mi}].lessons`);
        }
      }
    }
    compiledModules.push({
      slug: mod.slug,
      iri: moduleIri,
      title: mod.title,
      lessons,
      quiz: mod.quiz ? { bank: mod.quiz.bank, items: mod.quiz.items, iri: `${courseIri}/assessment/quiz-${mod.slug}` } : null,
    });
  });
  for (const dm of diskModules.values()) {
    if (!listedModules.has(dm.slug)) err(join(modulesDir, dm.dirName), '(folder)', 'is not listed in course.json modules');
  }

  // --- banks drawn by quizzes and exams
  const usedBanks = new Set<string>();
  const checkBank = (ref: { bank: string; items: number }, path: string, min: number, what: string) => {
    usedBanks.add(ref.bank);
    const b = banks.get(ref.bank);
    if (!b) {
      err(manifestFile, `${path}.bank`, `no questions/${ref.bank}.json`);
      return null;
    }
    const size = b.bank.items.length;
    if (size < min) err(b.file, 'items', `has ${size} items; ${what} needs at least ${min}`);
    if (ref.items > size) err(manifestFile, `${path}.items`, `draws ${ref.items} items but questions/${ref.bank}.json has ${size}`);
    return b;
  };
  manifest.modules.forEach((mod, mi) => {
    if (mod.quiz) checkBank(mod.quiz, `modules[${mi}].quiz`, MIN_QUIZ_BANK, 'a module quiz bank');
  });
  if (manifest.prePostTest) checkBank(manifest.prePostTest, 'prePostTest', MIN_PREPOST_BANK, 'a pre/post-test bank');
  if (manifest.finalExam) {
    const b = checkBank(manifest.finalExam, 'finalExam', MIN_FINAL_BANK, 'a final exam bank');
    if (b) {
      const cases = b.bank.items.filter((q) => q.type === 'scenario').length;
      if (cases < MIN_FINAL_SCENARIO_ITEMS) err(b.file, 'items', `has ${cases} items of type "scenario"; a final exam bank needs at least ${MIN_FINAL_SCENARIO_ITEMS}`);
    }
    // The final exam's keys are never served, so its bank may not be served anywhere else
    // with them: not as a quiz or pre/post-test, not as a lesson's knowledge check.
    const finalBank = manifest.finalExam.bank;
    manifest.modules.forEach((mod, mi) => {
      if (mod.quiz?.bank === finalBank) err(manifestFile, `modules[${mi}].quiz.bank`, `is "${finalBank}", the final exam's bank; a final exam bank is used by the final exam only (its answers are never sent to the player)`);
    });
    if (manifest.prePostTest?.bank === finalBank) err(manifestFile, 'prePostTest.bank', `is "${finalBank}", the final exam's bank; a final exam bank is used by the final exam only (its answers are never sent to the player)`);
    for (const [file, lesson] of parsed) {
      for (const ref of lesson.refs) {
        if (ref.kind === 'check' && questionAt.get(ref.target)?.bank === finalBank) {
          err(file, `line ${ref.line}`, `":::check ${ref.target}" is a question of the final exam bank "${finalBank}"; a knowledge check shows its answer, so use a question of another bank`);
        }
      }
    }
  }

  // --- things nobody uses (warnings: legal, but probably a mistake)
  for (const s of manifest.sources) if (!usedSources.has(s.id)) warn(manifestFile, `sources`, `source "${s.id}" is never cited`);
  for (const [id, s] of scenarios) {
    const embedded = [...parsed.values()].some((l) => l.refs.some((r) => r.kind === 'scenario' && r.target === id));
    if (!embedded) warn(s.file, '(file)', 'is not embedded in any lesson (:::scenario)');
  }
  for (const src of images.keys()) if (!usedImages.has(src)) warn(join(dir, src), '(file)', 'is not used by any lesson');
  for (const [id, b] of banks) {
    const checked = b.bank.items.some((q) => [...parsed.values()].some((l) => l.refs.some((r) => r.kind === 'check' && r.target === q.id)));
    if (!usedBanks.has(id) && !checked) warn(b.file, '(file)', 'is not drawn by any quiz or exam, and no lesson checks any of its items');
  }

  if (errors.length) return result;

  // --- assemble
  const activities: CompiledActivity[] = [];
  const activity = (iri: string, kind: ActivityKind) => activities.push({ iri, kind, type: ACTIVITY_TYPES[kind] });
  activity(courseIri, 'course');
  for (const m of compiledModules) {
    activity(m.iri, 'module');
    for (const l of m.lessons) activity(l.iri, 'lesson');
    if (m.quiz) activity(m.quiz.iri, 'assessment');
  }
  const prePostTest = manifest.prePostTest
    ? { ...manifest.prePostTest, pretestIri: `${courseIri}/assessment/pretest`, posttestIri: `${courseIri}/assessment/posttest` }
    : null;
  if (prePostTest) {
    activity(prePostTest.pretestIri, 'assessment');
    activity(prePostTest.posttestIri, 'assessment');
  }
  const finalIri = `${courseIri}/assessment/final`;
  if (manifest.finalExam) activity(finalIri, 'assessment');

  const bankIds: Record<string, string[]> = {};
  const questions: Record<string, CompiledQuestion> = {};
  const finalItems: CompiledQuestion[] = [];
  for (const id of [...banks.keys()].sort()) {
    const b = banks.get(id)!;
    bankIds[id] = b.bank.items.map((q) => q.id);
    for (const q of b.bank.items) {
      const iri = `${courseIri}/question/${q.id}`;
      const compiled: CompiledQuestion = { ...q, bank: id, iri, interactionType: INTERACTION_TYPES[q.type] };
      if (id === manifest.finalExam?.bank) finalItems.push(compiled);
      else questions[q.id] = compiled;
      activity(iri, 'question');
    }
  }
  let finalExam: CompiledCourse['finalExam'] = null;
  let examKeys: ExamKeys | null = null;
  if (manifest.finalExam) {
    const { served, keys } = redactBank(manifest.slug, finalItems);
    finalExam = { ...manifest.finalExam, iri: finalIri, questions: served };
    examKeys = { bank: manifest.finalExam.bank, iri: finalIri, items: keys };
  }
  const compiledScenarios: Record<string, CompiledScenario> = {};
  for (const id of [...scenarios.keys()].sort()) {
    const iri = `${courseIri}/scenario/${id}`;
    compiledScenarios[id] = { ...scenarios.get(id)!.scenario, iri };
    activity(iri, 'scenario');
  }
  const seenIri = new Set<string>();
  for (const a of activities) {
    if (seenIri.has(a.iri)) err(manifestFile, '(derived IRIs)', `activity IRI ${a.iri} is derived twice`);
    seenIri.add(a.iri);
  }
  if (errors.length) return result;

  const imageList = [...images.values()].sort((a, b) => a.src.localeCompare(b.src));
  const compiledImages: CompiledImage[] = imageList.map((i) => ({ src: i.src, contentType: i.contentType, bytes: i.bytes.length, sha256: i.sha256 }));
  const course: CompiledCourse = {
    format: 1,
    slug: manifest.slug,
    version: manifest.version,
    iri: courseIri,
    hash: '',
    title: manifest.title,
    summary: manifest.summary,
    audience: manifest.audience,
    review: manifest.review,
    certification: manifest.certification,
    rules: manifest.rules,
    modules: compiledModules,
    prePostTest,
    finalExam,
    banks: bankIds,
    questions,
    scenarios: compiledScenarios,
    sources: manifest.sources,
    images: compiledImages,
    activities,
  };
  course.hash = contentHash(course);
  result.course = course;
  result.json = JSON.stringify(course);
  result.images = imageList;
  result.examKeys = examKeys;
  return result;
}

/** sha256 of the course JSON with hash left empty; what the HTTP ETag is made from. */
export function contentHash(course: CompiledCourse): string {
  return sha256(JSON.stringify({ ...course, hash: '' }));
}

/** Every course package folder under coursesDir (folders other than build/, ., _). */
export function packageDirs(coursesDir: string): string[] {
  return listFiles(coursesDir)
    .filter((n) => n !== 'build' && !n.startsWith('_') && statSync(join(coursesDir, n)).isDirectory())
    .map((n) => join(coursesDir, n));
}

export function compileAll(coursesDir: string): PackageResult[] {
  return packageDirs(coursesDir).map(compilePackage);
}
