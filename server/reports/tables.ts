// Each report's JSON as the table its CSV and XLSX exports are written from: which cells are
// counts of people (suppressible), which are computed from them (hidden with them), and
// which cells add up to which (so that suppression can protect a hidden cell from a total).
// Not for writing files (files.ts) or for deciding what is hidden (suppress.ts).
import { SEX_KEYS, type Counts, type Means } from './counts.js';
import type { CertificationReport } from './certification.js';
import type { Filters } from './filters.js';
import type { GainReport } from './gain.js';
import type { ItemsReport } from './items.js';
import { ASSESSMENT_LABELS, FLAG_LABELS, L, SEX_LABELS, STAGE_LABELS, TITLES } from './labels.js';
import { STAGES, type ParticipationReport, type StageCounts } from './participation.js';
import type { RollupReport } from './rollup.js';
import type { Cell, CellRef, Column, Table, Text } from './suppress.js';

const label = (text: Text): Cell => ({ kind: 'label', text });
const count = (value: number): Cell => ({ kind: 'count', value });
const sexColumns = (prefix?: Text): Column[] =>
  SEX_KEYS.map((k) => ({
    header: prefix ? { lo: `${prefix.lo}: ${SEX_LABELS[k].lo}`, en: `${prefix.en}: ${SEX_LABELS[k].en}` } : SEX_LABELS[k],
    kind: 'count' as const,
  }));

/** A table being built: rows appended with their sex-split cells, groups recorded as they go. */
class Builder {
  readonly rows: Cell[][] = [];
  readonly groups: CellRef[][] = [];
  /** Appends a row; returns its index. */
  row(cells: Cell[]): number {
    this.rows.push(cells);
    return this.rows.length - 1;
  }
  /** The four cells female, male, other, total from column `at` of row `r` form a group. */
  sexGroup(r: number, at: number): void {
    this.groups.push(SEX_KEYS.map((_, i) => [r, at + i] as const));
  }
}

const countCells = (c: Counts): Cell[] => SEX_KEYS.map((k) => count(c[k]));
/** Means or shares, each computed from the same column of the base rows. */
const numberCells = (m: Means, at: number, baseRows: readonly number[]): Cell[] =>
  SEX_KEYS.map((k, i) => ({ kind: 'number' as const, value: m[k], bases: baseRows.map((r) => [r, at + i] as const) }));

const wholeCourse = (title: Text) => label(title);

export function participationTable(r: ParticipationReport): Omit<Table, 'notes'> {
  const b = new Builder();
  const add = (course: Text, stages: StageCounts) => {
    for (const s of STAGES) b.sexGroup(b.row([wholeCourse(course), label(STAGE_LABELS[s]), ...countCells(stages[s])]), 2);
  };
  add(L.allCourses, r.all);
  for (const c of r.courses) add(c.title, c);
  return {
    title: TITLES.participation,
    columns: [
      { header: L.course, kind: 'label' },
      { header: L.stage, kind: 'label' },
      ...sexColumns(),
    ],
    rows: b.rows,
    groups: b.groups,
  };
}

export function gainTable(r: GainReport): Omit<Table, 'notes'> {
  const b = new Builder();
  const at = 2;
  for (const c of r.courses) {
    const head = (m: Text) => [label(c.title), label(m)];
    const counts = (m: Text, v: Counts) => {
      const row = b.row([...head(m), ...countCells(v)]);
      b.sexGroup(row, at);
      return row;
    };
    const means = (m: Text, v: Means, bases: number[]) => b.sexGroup(b.row([...head(m), ...numberCells(v, at, bases)]), at);
    const pre = counts(L.pretestPeople, c.pretest.n);
    means(L.pretestMean, c.pretest.mean, [pre]);
    const post = counts(L.posttestPeople, c.posttest.n);
    means(L.posttestMean, c.posttest.mean, [post]);
    counts(L.posttestPassed, c.posttest.passed);
    const paired = counts(L.pairedPeople, c.paired.n);
    means(L.pairedPre, c.paired.pretestMean, [paired]);
    means(L.pairedPost, c.paired.posttestMean, [paired]);
    means(L.gainMean, c.paired.gainMean, [paired]);
    counts(L.gainedAtLeast(r.minGain), c.paired.gainedAtLeast);
  }
  return {
    title: TITLES['learning-gain'],
    columns: [{ header: L.course, kind: 'label' }, { header: L.measure, kind: 'label' }, ...sexColumns()],
    rows: b.rows,
    groups: b.groups,
  };
}

export function certificationTable(r: CertificationReport): Omit<Table, 'notes'> {
  const b = new Builder();
  const at = 2;
  for (const c of r.courses) {
    const head = (m: Text) => [label(c.title), label(m)];
    const counts = (m: Text, v: Counts) => {
      const row = b.row([...head(m), ...countCells(v)]);
      b.sexGroup(row, at);
      return row;
    };
    counts(L.issued, c.issued);
    counts(L.revoked, c.revoked);
    counts(L.certified, c.certified);
    if (c.finalExam) {
      const sat = counts(L.finalSat, c.finalExam.sat);
      const passed = counts(L.finalPassed, c.finalExam.passed);
      b.sexGroup(b.row([...head(L.passRate), ...numberCells(c.finalExam.passRate, at, [passed, sat])]), at);
      b.sexGroup(b.row([...head(L.meanAttempts), ...numberCells(c.finalExam.meanAttempts, at, [sat])]), at);
    }
    counts(L.valid, c.valid);
    counts(L.expiringSoon(r.expiringWithinDays), c.expiringSoon);
    counts(L.expired, c.expired);
  }
  return {
    title: TITLES.certification,
    columns: [{ header: L.course, kind: 'label' }, { header: L.measure, kind: 'label' }, ...sexColumns()],
    rows: b.rows,
    groups: b.groups,
  };
}

export function itemsTable(r: ItemsReport): Omit<Table, 'notes'> {
  const b = new Builder();
  // Columns: assessment, question id, prompt, type, answered x4, correct x4, p x4, r_pb, D, flags.
  const ANSWERED = 4;
  const CORRECT = 8;
  const P = 12;
  for (const item of r.items) {
    const row = b.rows.length;
    const p = SEX_KEYS.map((k, i): Cell => ({ kind: 'number', value: item.difficulty[k], bases: [[row, ANSWERED + i], [row, CORRECT + i]] }));
    const overall = (value: number | null): Cell => ({ kind: 'number', value, bases: [[row, ANSWERED + 3]] });
    b.row([
      label(ASSESSMENT_LABELS[item.assessment] ?? { lo: item.assessment, en: item.assessment }),
      { kind: 'text', value: item.question },
      label(item.prompt ?? { lo: '', en: '' }),
      { kind: 'text', value: item.type },
      ...countCells(item.answered),
      ...countCells(item.correct),
      ...p,
      overall(item.pointBiserial),
      overall(item.upperLower),
      label({ lo: item.flags.map((f) => FLAG_LABELS[f].lo).join(', '), en: item.flags.map((f) => FLAG_LABELS[f].en).join(', ') }),
    ]);
    b.sexGroup(row, ANSWERED);
    b.sexGroup(row, CORRECT);
    b.sexGroup(row, P);
  }
  return {
    title: { lo: `${TITLES.items.lo}: ${r.course.title.lo}`, en: `${TITLES.items.en}: ${r.course.title.en}` },
    columns: [
      { header: L.assessment, kind: 'label' },
      { header: L.question, kind: 'text' },
      { header: L.prompt, kind: 'label' },
      { header: L.type, kind: 'text' },
      ...sexColumns(L.answered),
      ...sexColumns(L.correct),
      ...sexColumns(L.difficulty).map((c) => ({ ...c, kind: 'number' as const })),
      { header: L.pointBiserial, kind: 'number' },
      { header: L.upperLower, kind: 'number' },
      { header: L.flags, kind: 'label' },
    ],
    rows: b.rows,
    groups: b.groups,
  };
}

export function rollupTable(r: RollupReport): Omit<Table, 'notes'> {
  const b = new Builder();
  const FIRST = 3;
  const stageCells = (s: StageCounts) => STAGES.flatMap((st) => countCells(s[st]));
  const placeName = (p: { code: string | null; nameLo: string | null; nameEn: string | null }): Text =>
    p.code === null ? L.notStated : { lo: p.nameLo ?? p.code, en: p.nameEn ?? p.code };
  const addRow = (level: Text, code: string | null, name: Text, s: StageCounts) => {
    const row = b.row([label(level), { kind: 'text', value: code }, label(name), ...stageCells(s)]);
    STAGES.forEach((_, i) => b.sexGroup(row, FIRST + i * 4));
    return row;
  };
  /** Each column of the child rows adds up to the parent row's. */
  const sums = (children: number[], parent: number) => {
    if (!children.length) return;
    for (let col = FIRST; col < FIRST + STAGES.length * 4; col++) b.groups.push([...children.map((c) => [c, col] as const), [parent, col] as const]);
  };
  const centre = addRow(L.centre, null, L.wholeCountry, r.centre);
  const provinceRows: number[] = [];
  for (const p of r.provinces) {
    const pr = addRow(L.province, p.code, placeName(p), p);
    provinceRows.push(pr);
    sums(
      p.districts.map((d) => addRow(L.district, d.code, placeName(d), d)),
      pr,
    );
  }
  // With a province filter only that province is listed: it is the whole, not a part.
  if (r.filters.province === null) sums(provinceRows, centre);
  return {
    title: TITLES.rollup,
    columns: [
      { header: L.level, kind: 'label' },
      { header: L.code, kind: 'text' },
      { header: L.place, kind: 'label' },
      ...STAGES.flatMap((s) => sexColumns(STAGE_LABELS[s])),
    ],
    rows: b.rows,
    groups: b.groups,
  };
}

/** The filters and period as one line in each language. */
export function filterNotes(f: Filters): Text[] {
  const given = (
    [
      ['course', f.course],
      ['cohort', f.cohort],
      ['organisation', f.organisation],
      ['province', f.province],
      ['district', f.district],
      ['quarter', f.quarter],
    ] as const
  ).filter(([, v]) => v !== null);
  const list = given.map(([k, v]) => `${k}=${v}`).join(', ');
  const period =
    f.from === null && f.to === null
      ? null
      : `${f.from ?? '…'} – ${f.to ?? '…'}`;
  return [
    { lo: `${L.filters.lo}: ${list || '-'}`, en: `${L.filters.en}: ${list || 'none'}` },
    { lo: `${L.period.lo}: ${period ?? L.allTime.lo} (ເວລາລາວ, UTC+7)`, en: `${L.period.en}: ${period ?? L.allTime.en} (Lao dates, UTC+7)` },
  ];
}
