import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, type Target } from '../../support/target.js';
import { sendAs, type Who } from '../../support/people.js';

// /api/places is public reference data (admits anyone); nobody can change it over HTTP.

let t: Target;
before(async () => { t = await startTarget(); });
after(async () => { await t.close(); });

const EVERYONE: Who[] = ['anonymous', 'admin', 'trainerA', 'viewer', 'learnerA', 'all'];

test('DESIGN §9 roles: provinces and districts are readable by anyone, signed in or not', async () => {
  for (const who of EVERYONE) {
    assert.equal((await sendAs(t, who, 'GET', '/api/places/provinces')).status, 200, who);
    assert.equal((await sendAs(t, who, 'GET', '/api/places/districts?province=LA-VT')).status, 200, who);
  }
});

test('DESIGN §9 roles: no one, not even an admin, can write places over HTTP (districts come in through the CLI import)', async () => {
  for (const who of EVERYONE) {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const path of ['/api/places/provinces', '/api/places/districts']) {
        const res = await sendAs(t, who, method, path, { code: 'LA-ZZ', nameLo: 'x', nameEn: 'x' });
        assert.equal(res.status, 404, `${method} ${path} as ${who}`);
      }
    }
  }
  const list = (await (await t.fetch('/api/places/provinces')).json()) as { code: string }[];
  assert.equal(list.length, 18);
});
