// What /api/cohorts answers, as the dashboard's cohort pages read it (server/api/cohorts.ts is
// the source of these shapes), and the small pure helpers both pages share: a participant's
// state in a course, counts split by sex. Not for requests (shared/staff-api.ts), the field a
// server error names (shared/staff-form.ts), nor for strings (each element's strings.ts).

export interface Localised {
  lo: string;
  en: string;
}

export interface SexCounts {
  total: number;
  female: number;
  male: number;
  other: number;
  notStated: number;
}

export interface CourseBrief {
  slug: string;
  title: Localised;
  certification: boolean;
}

export const MODES = ['in-person', 'online', 'blended'] as const;
export type Mode = (typeof MODES)[number];

export interface Cohort {
  id: string;
  name: string;
  organisation: { id: string; nameLo: string | null; nameEn: string | null };
  provinceCode: string | null;
  districtCode: string | null;
  startsOn: string;
  endsOn: string | null;
  mode: Mode;
  courses: CourseBrief[];
  trainers: { id: string; name: string }[];
  joinOpen: boolean;
  /** Absent for viewers. */
  joinCode?: string;
  joinUrl?: string;
  qrCode?: string;
  participants: SexCounts;
}

export interface CohortPage {
  cohorts: Cohort[];
  next: number | null;
}

export type ProgressState = 'not-started' | 'in-progress' | 'completed';

export interface CourseProgress {
  slug: string;
  enrolled: string;
  source: string;
  progress:
    | { state: 'not-started' }
    | {
        state: ProgressState;
        modulesCompleted: number;
        modulesTotal: number;
        pretestScaled: number | null;
        posttestBest: number | null;
        finalBest: number | null;
        passed: boolean;
        certificationEligible: boolean;
        lastActive: string | null;
      };
  certificate: { id: string; issued: string; expires: string | null; status: string } | null;
}

export type Sex = 'female' | 'male' | 'other' | 'not-stated';

export interface Participant {
  id: string;
  name: string;
  sex: Sex;
  organisationId: string | null;
  position: string | null;
  enrolled: string;
  courses: CourseProgress[];
}

export interface Participants {
  cohort: { id: string; name: string };
  courses: CourseBrief[];
  participants: Participant[];
  next: number | null;
}

export interface Organisation {
  id: string;
  nameLo: string | null;
  nameEn: string | null;
}

export interface Place {
  code: string;
  nameLo: string;
  nameEn: string;
}

/** What the dashboard shows for a participant in a course, furthest first. */
export const STATES = ['certified', 'passed', 'completed', 'in-progress', 'not-started'] as const;
export type DisplayState = (typeof STATES)[number];

/**
 * A certificate in force outranks a pass, a pass outranks completion (`passed` is the
 * server's: the final exam, else the post-test, else completion).
 */
export function displayState(c: CourseProgress | undefined, now = new Date()): DisplayState {
  if (!c) return 'not-started';
  const cert = c.certificate;
  if (cert && cert.status === 'active' && (cert.expires === null || new Date(cert.expires) > now)) return 'certified';
  const p = c.progress;
  if (p.state !== 'not-started' && 'passed' in p && p.passed) return 'passed';
  return p.state;
}

export const emptyCounts = (): SexCounts => ({ total: 0, female: 0, male: 0, other: 0, notStated: 0 });

export function addSex(counts: SexCounts, sex: string): void {
  counts.total++;
  if (sex === 'female') counts.female++;
  else if (sex === 'male') counts.male++;
  else if (sex === 'other') counts.other++;
  else counts.notStated++;
}

/** Per course: how many participants are in each state, split by sex. */
export function stateCounts(data: Participants): Map<string, Map<DisplayState, SexCounts>> {
  const out = new Map<string, Map<DisplayState, SexCounts>>();
  const now = new Date();
  for (const course of data.courses) {
    const byState = new Map<DisplayState, SexCounts>(STATES.map((s) => [s, emptyCounts()]));
    for (const p of data.participants) {
      const state = displayState(
        p.courses.find((c) => c.slug === course.slug),
        now,
      );
      addSex(byState.get(state)!, p.sex);
    }
    out.set(course.slug, byState);
  }
  return out;
}

/** A place's or organisation's name in the language asked for, else the other, else its id. */
export const nameIn = (lang: 'lo' | 'en', lo: string | null | undefined, en: string | null | undefined, fallback: string): string =>
  (lang === 'lo' ? lo || en : en || lo) || fallback;
