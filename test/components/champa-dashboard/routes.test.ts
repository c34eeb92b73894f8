// The dashboard's hash routes (components/champa-dashboard/routes.ts): what each hash names,
// where each role starts, and which routes a viewer may not open (DASHBOARD.md "Shape").
import { allowed, parseRoute, section, startHash } from '../../../components/champa-dashboard/routes.js';
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
    for (const h of ['#/nowhere', '#/reports/secret', '#/cohorts/a/b', '#/cohorts/%E0%A4%A', '#main']) equal(parseRoute(h), { kind: 'unknown' }, h);
  });

  it('trainers and admins start at their cohorts, viewers at the participation report; viewers may not open cohorts', () => {
    equal([startHash('admin'), startHash('trainer'), startHash('viewer')], ['#/cohorts', '#/cohorts', '#/reports/participation'], 'start pages');
    equal([allowed({ kind: 'cohorts' }, 'viewer'), allowed({ kind: 'cohort', id: 'x' }, 'viewer'), allowed({ kind: 'reports', report: 'rollup', query: '' }, 'viewer')], [false, false, true], 'viewer');
    equal([allowed({ kind: 'cohorts' }, 'trainer'), allowed({ kind: 'cohort', id: 'x' }, 'admin')], [true, true], 'trainer and admin');
    equal([section({ kind: 'cohort', id: 'x' }), section({ kind: 'reports', report: 'items', query: '' }), section({ kind: 'unknown' })], ['cohorts', 'reports', null], 'nav sections');
  });
});
