// The JSON the report routes answer with (server/api/reports.ts, server/reports/*.ts), as the
// dashboard reads it, and the filters each report takes. Written out here rather than imported
// from the server, whose modules pull in the database layer; the shapes are the routes' contract
// (README "Reports and exports"). Not for validating answers: the server is trusted.

export const REPORTS = ['participation', 'learning-gain', 'certification', 'items', 'rollup'] as const;
export type ReportName = (typeof REPORTS)[number];
export const isReport = (s: string): s is ReportName => (REPORTS as readonly string[]).includes(s);

export const STAGES = ['enrolled', 'started', 'completed', 'passed', 'certified'] as const;
export type Stage = (typeof STAGES)[number];

export const SEX_KEYS = ['female', 'male', 'otherOrNotStated', 'total'] as const;
export type SexKey = (typeof SEX_KEYS)[number];

export type Text = { lo: string; en: string };
export type Counts = Record<SexKey, number>;
export type Means = Record<SexKey, number | null>;
export type StageCounts = Record<Stage, Counts>;

/** The filters a report says it was computed with (a quarter resolved into from/to). */
export interface EchoedFilters {
  course: string | null;
  cohort: string | null;
  organisation: string | null;
  province: string | null;
  district: string | null;
  quarter: string | null;
  from: string | null;
  to: string | null;
}

interface Base {
  filters: EchoedFilters;
  generated: string;
}

export interface ParticipationReport extends Base {
  report: 'participation';
  stages: Stage[];
  all: StageCounts;
  courses: (StageCounts & { course: string; title: Text; certifies: boolean })[];
}

export interface GainCourse {
  course: string;
  title: Text;
  mastery: number;
  pretest: { n: Counts; mean: Means };
  posttest: { n: Counts; mean: Means; passed: Counts };
  paired: { n: Counts; pretestMean: Means; posttestMean: Means; gainMean: Means; gainedAtLeast: Counts };
}

export interface GainReport extends Base {
  report: 'learning-gain';
  minGain: number;
  courses: GainCourse[];
}

export interface CertificationCourse {
  course: string;
  title: Text;
  issued: Counts;
  revoked: Counts;
  certified: Counts;
  finalExam: { sat: Counts; passed: Counts; passRate: Means; meanAttempts: Means } | null;
  valid: Counts;
  expiringSoon: Counts;
  expired: Counts;
}

export interface CertificationReport extends Base {
  report: 'certification';
  expiringWithinDays: number;
  asOf: string;
  courses: CertificationCourse[];
}

export type ItemFlag = 'few-responses' | 'too-easy' | 'too-hard' | 'negative-discrimination' | 'low-discrimination';

export interface ItemRow {
  question: string;
  assessment: string;
  module: string | null;
  type: string | null;
  prompt: Text | null;
  answered: Counts;
  correct: Counts;
  difficulty: Means;
  pointBiserial: number | null;
  upperLower: number | null;
  flags: ItemFlag[];
}

export interface ItemsReport extends Base {
  report: 'items';
  course: { slug: string; title: Text };
  assessment: string | null;
  thresholds: { minResponses: number; tooEasy: number; tooHard: number; lowDiscrimination: number; groupShare: number };
  items: ItemRow[];
}

export interface Place {
  code: string | null;
  nameLo: string | null;
  nameEn: string | null;
}
export type DistrictRow = Place & StageCounts;
export type ProvinceRow = Place & StageCounts & { districts: DistrictRow[] };

export interface RollupReport extends Base {
  report: 'rollup';
  stages: Stage[];
  centre: StageCounts;
  provinces: ProvinceRow[];
}

export type AnyReport = ParticipationReport | GainReport | CertificationReport | ItemsReport | RollupReport;

// ---------------------------------------------------------------------------------------------
// Filters: what each report's query string may hold (the server refuses anything else).

/** The filters every report takes, in the order the form and links write them. */
export const COMMON_FILTERS = ['course', 'cohort', 'organisation', 'province', 'district', 'quarter', 'from', 'to'] as const;
/** The filters of one report only. */
export const EXTRA_FILTERS: Record<ReportName, readonly string[]> = {
  participation: [],
  'learning-gain': ['minGain'],
  certification: ['expiringWithinDays'],
  items: ['assessment'],
  rollup: [],
};

/** A report's filters from a query string: only the ones it takes, non-empty, in a fixed order. */
export function filtersOf(report: ReportName, query: string): URLSearchParams {
  const given = new URLSearchParams(query);
  const out = new URLSearchParams();
  for (const key of [...COMMON_FILTERS, ...EXTRA_FILTERS[report]]) {
    const v = given.get(key)?.trim();
    if (v) out.set(key, v);
  }
  return out;
}

/** The filters another report keeps when the reader switches to it: the common ones. */
export function sharedFilters(query: string): URLSearchParams {
  const given = new URLSearchParams(query);
  const out = new URLSearchParams();
  for (const key of COMMON_FILTERS) {
    const v = given.get(key)?.trim();
    if (v) out.set(key, v);
  }
  return out;
}

/** The dashboard route of a report view: `#/reports/<name>?<query>`. */
export const reportHash = (report: ReportName, params: URLSearchParams): string => {
  const qs = params.toString();
  return `#/reports/${report}${qs ? `?${qs}` : ''}`;
};

/** Reads `#/reports/<name>?<query>`; null for other routes. */
export function parseReportHash(hash: string): { report: string; query: string } | null {
  const m = /^#\/reports\/([^?]*)(?:\?(.*))?$/.exec(hash);
  return m ? { report: decodeURIComponent(m[1] ?? ''), query: m[2] ?? '' } : null;
}
