// CHAMPA_XAPI_DEFAULT_VERSION: the version assumed for a request that sends no
// X-Experience-API-Version header. In process only: it is a deployment setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settingsFromEnv } from '../../../server/deps.js';
import { basicHeader } from '../../support/credentials.js';
import { startTarget, uid } from '../../support/target.js';

const statement = () => ({
  id: uid(),
  actor: { objectType: 'Agent', account: { homePage: 'https://champa.test', name: uid() } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
  object: { id: `https://champa.test/a/${uid()}` },
});

for (const version of ['1.0.3', '2.0.0'] as const) {
  test(`xAPI Communication §3.3 versioning: with CHAMPA_XAPI_DEFAULT_VERSION=${version}, a request without the header is handled as ${version}`, async () => {
    const t = await startTarget({ xapiDefaultVersion: version });
    try {
      const s = statement();
      const res = await t.fetch('/xapi/statements', {
        method: 'POST',
        headers: { Authorization: basicHeader('all'), 'Content-Type': 'application/json' },
        body: JSON.stringify(s),
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('X-Experience-API-Version'), version);
      const back = await t.fetch(`/xapi/statements?statementId=${s.id}`, { headers: { Authorization: basicHeader('all') } });
      const stored = (await back.json()) as { version: string };
      assert.equal(stored.version, version === '2.0.0' ? '2.0.0' : '1.0.0');
    } finally {
      await t.close();
    }
  });
}

test('settingsFromEnv: default 2.0.0, and an unknown CHAMPA_XAPI_DEFAULT_VERSION is refused at start-up', () => {
  assert.equal(settingsFromEnv({}).xapiDefaultVersion, '2.0.0');
  assert.throws(() => settingsFromEnv({ CHAMPA_XAPI_DEFAULT_VERSION: '1.0' }), /CHAMPA_XAPI_DEFAULT_VERSION/);
});
