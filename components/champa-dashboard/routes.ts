// The dashboard's routes, read from the location hash: `#/cohorts`, `#/cohorts/<id>`,
// `#/reports/<name>?<query>`, and which roles may open each. Pure functions, so the shell and its
// tests agree on them. Not for the server's routes (the API refuses wrong roles on its own).
import type { StaffRole } from '../shared/staff-api.js';

export const REPORTS = ['participation', 'learning-gain', 'certification', 'items', 'rollup'] as const;
export type ReportName = (typeof REPORTS)[number];

export type Route =
  | { kind: 'start' }
  | { kind: 'cohorts' }
  | { kind: 'cohort'; id: string }
  | { kind: 'reports'; report: ReportName; query: string }
  | { kind: 'unknown' };

const isReport = (name: string): name is ReportName => (REPORTS as readonly string[]).includes(name);

/** The route a location hash names (`#/reports/items?course=x`); `start` for an empty one. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = q < 0 ? '' : raw.slice(q + 1);
  const parts = path.split('/').filter(Boolean);
  let decoded: string[];
  try {
    decoded = parts.map(decodeURIComponent);
  } catch {
    return { kind: 'unknown' };
  }
  const [first, second, ...rest] = decoded;
  if (first === undefined) return { kind: 'start' };
  if (rest.length) return { kind: 'unknown' };
  if (first === 'cohorts') return second === undefined ? { kind: 'cohorts' } : { kind: 'cohort', id: second };
  if (first === 'reports') {
    if (second === undefined) return { kind: 'reports', report: 'participation', query };
    if (isReport(second)) return { kind: 'reports', report: second, query };
  }
  return { kind: 'unknown' };
}

/** Where a role starts: trainers and admins at their cohorts, viewers at the participation report. */
export const startHash = (role: StaffRole): string => (role === 'viewer' ? '#/reports/participation' : '#/cohorts');

/** Whether a role may open a route: cohorts (with participants' names) are for admins and trainers. */
export const allowed = (route: Route, role: StaffRole): boolean => !((route.kind === 'cohorts' || route.kind === 'cohort') && role === 'viewer');

/** Which nav entry a route belongs to. */
export const section = (route: Route): 'cohorts' | 'reports' | null =>
  route.kind === 'cohorts' || route.kind === 'cohort' ? 'cohorts' : route.kind === 'reports' ? 'reports' : null;
