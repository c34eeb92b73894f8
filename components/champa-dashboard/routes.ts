// The dashboard's routes, read from the location hash: `#/cohorts`, `#/cohorts/<id>`,
// `#/reports/<name>?<query>`, `#/users`, `#/organisations`, `#/account`, and which roles may open each. Pure functions, so the shell and its
// tests agree on them. Not for the server's routes (the API refuses wrong roles on its own).
import type { StaffRole } from '../shared/staff-api.js';

export const REPORTS = ['participation', 'learning-gain', 'certification', 'items', 'rollup'] as const;
export type ReportName = (typeof REPORTS)[number];

export type Route =
  | { kind: 'start' }
  | { kind: 'cohorts' }
  | { kind: 'cohort'; id: string }
  | { kind: 'reports'; report: ReportName; query: string }
  | { kind: 'users' }
  | { kind: 'organisations' }
  | { kind: 'account' }
  | { kind: 'unknown' };

/** Pages that are one hash each, with nothing after it. */
const SINGLE = ['users', 'organisations', 'account'] as const;
const isSingle = (name: string): name is (typeof SINGLE)[number] => (SINGLE as readonly string[]).includes(name);

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
  if (isSingle(first)) return second === undefined ? { kind: first } : { kind: 'unknown' };
  if (first === 'cohorts') return second === undefined ? { kind: 'cohorts' } : { kind: 'cohort', id: second };
  if (first === 'reports') {
    if (second === undefined) return { kind: 'reports', report: 'participation', query };
    if (isReport(second)) return { kind: 'reports', report: second, query };
  }
  return { kind: 'unknown' };
}

/** Where a role starts: trainers and admins at their cohorts, viewers at the participation report. */
export const startHash = (role: StaffRole): string => (role === 'viewer' ? '#/reports/participation' : '#/cohorts');

/**
 * Whether a role may open a route: cohorts (with participants' names) are for admins and
 * trainers, staff accounts for admins. Organisations are open to all (read-only but for admins;
 * only admins get them in the nav).
 */
export function allowed(route: Route, role: StaffRole): boolean {
  if (route.kind === 'cohorts' || route.kind === 'cohort') return role !== 'viewer';
  if (route.kind === 'users') return role === 'admin';
  return true;
}

export type Section = 'cohorts' | 'reports' | 'users' | 'organisations' | 'account';

/** Which nav entry a route belongs to. */
export function section(route: Route): Section | null {
  switch (route.kind) {
    case 'cohorts':
    case 'cohort':
      return 'cohorts';
    case 'reports':
    case 'users':
    case 'organisations':
    case 'account':
      return route.kind;
    default:
      return null;
  }
}

/** The nav a role gets, in order. */
export function navFor(role: StaffRole): { section: Section; hash: string }[] {
  const all: { section: Section; hash: string; roles: readonly StaffRole[] }[] = [
    { section: 'cohorts', hash: '#/cohorts', roles: ['admin', 'trainer'] },
    { section: 'reports', hash: '#/reports/participation', roles: ['admin', 'trainer', 'viewer'] },
    { section: 'users', hash: '#/users', roles: ['admin'] },
    { section: 'organisations', hash: '#/organisations', roles: ['admin'] },
    { section: 'account', hash: '#/account', roles: ['admin', 'trainer', 'viewer'] },
  ];
  return all.filter((e) => e.roles.includes(role)).map(({ section, hash }) => ({ section, hash }));
}
