// The dashboard's hash routes (components/champa-dashboard/routes.ts): what each hash names,
// where each role starts, and which routes a viewer may not open (DASHBOARD.md "Shape").
import { allowed, navFor, parseRoute, section, startHash } from '../../../components/champa-dashboard/routes.js';
import { equal } from '../support.js';

describe('champa-dashboard routes', () => {
  it('reads #/cohorts, #/cohorts/<id> (decoded) and #/reports/<name>?<query>', () => {
    equal(parseRoute('#/cohorts'), { kind: 'cohorts' }, 'cohorts');
    equal(parseRoute('#/cohorts/'), { kind: 'cohorts' }, 'a trailing slash');
    equal(parseRoute('#/cohorts/c-1'), { kind: 'cohort', id: 'c-1' }, 'one cohort');
    equal(parseRoute('#/cohorts/a%20b'), { kind: 'cohort', id: 'a b' }, 'decoded id');
    equal(parseRoute('#/reports/items?course=workers-rights&sex=female'), { kind: 'reports', report: 'items', query: 'course=workers-rights&sex=female' }, 'report with query');
    equal(parseRoute('#/reports'), { kind: 'reports', report: 'participation', query: '' }, 'reports alone is participation');
    for (const name of ['participation', 'learning-gain', 'certification', 'items', 'rollup'] as const) {
      equal(parseRoute(`#/reports/${name}`), { kind: 'reports', report: name, query: '' }, name);
    }
  });

  it('an empty hash is the start; anything else unknown is unknown, never a guess', () => {
    for (const h of ['', '#', '#/']) equal(parseRoute(h), { kind: 'start' }, JSON.stringify(h));
    for (const h of ['#/nowhere', '#/reports/secret', '#/cohorts/a/b', '#/cohorts/%E0%A4%A', '#main', '#/users/x', '#/account/password']) equal(parseRoute(h), { kind: 'unknown' }, h);
  });

  it('trainers and admins start at their cohorts, viewers at the participation report; viewers may not open cohorts', () => {
    equal([startHash('admin'), startHash('trainer'), startHash('viewer')], ['#/cohorts', '#/cohorts', '#/reports/participation'], 'start pages');
    equal([allowed({ kind: 'cohorts' }, 'viewer'), allowed({ kind: 'cohort', id: 'x' }, 'viewer'), allowed({ kind: 'reports', report: 'rollup', query: '' }, 'viewer')], [false, false, true], 'viewer');
    equal([allowed({ kind: 'cohorts' }, 'trainer'), allowed({ kind: 'cohort', id: 'x' }, 'admin')], [true, true], 'trainer and admin');
    equal([section({ kind: 'cohort', id: 'x' }), section({ kind: 'reports', report: 'items', query: '' }), section({ kind: 'unknown' })], ['cohorts', 'reports', null], 'nav sections');
  });

  it('#/users is for admins only; #/organisations opens for every role (read-only) but only admins get it in the nav; #/account is everyone\'s', () => {
    equal([parseRoute('#/users'), parseRoute('#/organisations/'), parseRoute('#/account')], [{ kind: 'users' }, { kind: 'organisations' }, { kind: 'account' }], 'parsed');
    equal([allowed({ kind: 'users' }, 'admin'), allowed({ kind: 'users' }, 'trainer'), allowed({ kind: 'users' }, 'viewer')], [true, false, false], 'users');
    equal((['admin', 'trainer', 'viewer'] as const).map((r) => allowed({ kind: 'organisations' }, r) && allowed({ kind: 'account' }, r)), [true, true, true], 'organisations and account');
    equal([section({ kind: 'users' }), section({ kind: 'organisations' }), section({ kind: 'account' })], ['users', 'organisations', 'account'], 'nav sections');
    equal(navFor('admin').map((e) => e.hash), ['#/cohorts', '#/reports/participation', '#/users', '#/organisations', '#/account'], 'admin nav');
    equal(navFor('trainer').map((e) => e.hash), ['#/cohorts', '#/reports/participation', '#/account'], 'trainer nav');
    equal(navFor('viewer').map((e) => e.hash), ['#/reports/participation', '#/account'], 'viewer nav');
  });
});
