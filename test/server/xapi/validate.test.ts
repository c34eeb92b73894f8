// Statement validation, requirement by requirement, for xAPI 1.0.3 and 2.0.0 (IEEE 9274.1.1).
// Section numbers are those of Part Two (Data) of each version, as the ADL conformance suite cites them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HTTPException } from 'hono/http-exception';
import type { XapiVersion } from '../../../server/deps.js';
import {
  FORMAT_PATTERNS, isIri, isIsoDuration, isIsoTimestamp, isLanguageTag, isUuid, validateLanguageMap, validateStatement,
} from '../../../server/xapi/validate.js';
import { parseAgentParam } from '../../../server/xapi/ifi.js';

const VERSIONS: XapiVersion[] = ['1.0.3', '2.0.0'];
type Json = any;

const SHA = '495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a';

function minimal(): Json {
  return {
    actor: { mbox: 'mailto:xapi@example.com' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/created', display: { 'en-US': 'created' } },
    object: { id: 'http://example.com/activities/1' },
  };
}

function activity(id = 'http://example.com/activities/course'): Json {
  return {
    objectType: 'Activity',
    id,
    definition: {
      name: { 'en-GB': 'example meeting', lo: 'ກອງປະຊຸມ' },
      description: { 'zh-Hant': '描述', 'sr-Latn-RS': 'opis' },
      type: 'http://adlnet.gov/expapi/activities/meeting',
      moreInfo: 'http://virtualmeeting.example.com/345256',
      extensions: { 'http://example.com/ext/room': { name: 'Kilby', id: 'http://example.com/rooms/342' }, 'http://example.com/ext/null': null },
    },
  };
}

/** A statement using nearly every 1.0.3 property, valid in both versions. */
function rich103(): Json {
  return {
    id: '6690E6C9-3EF0-4ED3-8B37-7F3964730BEE',
    actor: {
      objectType: 'Group', name: 'Team PB', mbox: 'mailto:teampb@example.com',
      member: [
        { objectType: 'Agent', name: 'Andrew', account: { homePage: 'http://www.example.com', name: '13936749' } },
        { name: 'Toby', openid: 'http://toby.openid.example.org/' },
        { name: 'Ena', mbox_sha1sum: 'ebd31e95054c018b10727ccffd2ef2ec3a016ee9' },
      ],
    },
    verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered', 'es-419': 'respondió', cmn: '回答' } },
    object: {
      objectType: 'Activity',
      id: 'http://example.com/questions/q1',
      definition: {
        name: { en: 'Question 1' },
        description: { en: 'Which are signs of trafficking?' },
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        interactionType: 'choice',
        correctResponsesPattern: ['a[,]c', 'a'],
        choices: [{ id: 'a', description: { en: 'Debt bondage' } }, { id: 'b', description: { en: 'A contract' } }, { id: 'c' }],
        extensions: { 'urn:example:ext': [1, 2, 3] },
      },
    },
    result: {
      score: { scaled: 0.95, raw: 95, min: 0, max: 100 },
      success: true, completion: false, response: 'a[,]c', duration: 'PT1H0M0.25S',
      extensions: { 'http://example.com/ext/minutes': 'X:\\meetings\\minutes.one' },
    },
    context: {
      registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7',
      instructor: { name: 'Andrew', account: { homePage: 'http://www.example.com', name: '13936749' }, objectType: 'Agent' },
      team: { name: 'Team PB', mbox: 'mailto:teampb@example.com', objectType: 'Group' },
      contextActivities: {
        parent: [{ id: 'http://www.example.com/meetings/series/267', objectType: 'Activity' }],
        grouping: activity('http://www.example.com/courses/1'),
        category: [activity('https://w3id.org/xapi/cmi5/context/categories/cmi5')],
        other: [{ id: 'http://www.example.com/meetings/occurances/34257' }, { id: 'http://www.example.com/meetings/occurances/3425567' }],
      },
      revision: 'rev-2', platform: 'Champa', language: 'tlh',
      statement: { objectType: 'StatementRef', id: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee' },
      extensions: { 'http://example.com/ext/altitude': 1000 },
    },
    timestamp: '2013-05-18T05:32:34.804+00:00',
    stored: '2013-05-18T05:32:34.804Z',
    authority: { objectType: 'Agent', name: 'LRS client', account: { homePage: 'http://cloud.scorm.com/', name: 'anonymous' } },
    version: '1.0.0',
    attachments: [{
      usageType: 'http://adlnet.gov/expapi/attachments/signature',
      display: { 'en-US': 'Signature' }, description: { 'en-US': 'A test signature' },
      contentType: 'application/octet-stream', length: 4235, sha2: SHA, fileUrl: 'http://example.com/sig.jws',
    }],
  };
}

/** rich103 plus the 2.0.0 additions (contextAgents, contextGroups, 2.0.0 version). */
function rich200(): Json {
  const s = rich103();
  s.version = '2.0.0';
  s.context.contextAgents = [{
    objectType: 'contextAgent',
    agent: { objectType: 'Agent', mbox: 'mailto:player-1@example.com' },
    relevantTypes: ['https://example.com/xapi/activity-types/personnel/player'],
  }, { objectType: 'contextAgent', agent: { account: { homePage: 'https://champa.example', name: 'L-1' } } }];
  s.context.contextGroups = [{
    objectType: 'contextGroup',
    group: { objectType: 'Group', mbox: 'mailto:team-1@example.com', member: [{ objectType: 'Agent', mbox: 'mailto:player-1@example.com' }] },
    relevantTypes: ['https://example.com/xapi/activity-types/team/a'],
  }, { objectType: 'contextGroup', group: { objectType: 'Group', member: [{ mbox: 'mailto:p2@example.com' }] } }];
  return s;
}

function subStatement(): Json {
  return {
    objectType: 'SubStatement',
    actor: { objectType: 'Agent', mbox: 'mailto:test@example.com' },
    verb: { id: 'http://example.com/visited', display: { 'en-US': 'will visit' } },
    object: activity('http://example.com/website'),
    result: { completion: true },
    context: { platform: 'web', contextActivities: { parent: { id: 'http://example.com/site' } } },
    timestamp: '2099-01-01T00:00:00Z',
  };
}

function accepts(stmt: Json, version: XapiVersion): void {
  assert.doesNotThrow(() => validateStatement(stmt, version), (e: unknown) => (e as Error).message);
  assert.equal(validateStatement(stmt, version), stmt);
}

/** Asserts a 400 whose message names `path` (exactly, as the text before ": "), optionally matching `what`. */
function rejects(stmt: Json, version: XapiVersion, path: string, what?: RegExp, root?: string): void {
  assert.throws(() => validateStatement(stmt, version, root), (e: unknown) => {
    assert.ok(e instanceof HTTPException, `not an HTTPException: ${String(e)}`);
    assert.equal(e.status, 400);
    const at = e.message.indexOf(': ');
    assert.equal(e.message.slice(0, at), path, `wrong path in "${e.message}"`);
    if (what) assert.match(e.message.slice(at + 2), what);
    return true;
  });
}

function patch(base: Json, fn: (s: Json) => void): Json {
  const s = structuredClone(base);
  fn(s);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Acceptance

test('xAPI 1.0.3 Data §2.4 Statement Properties: a fully populated valid 1.0.3 statement is accepted', () => {
  accepts(rich103(), '1.0.3');
});

test('xAPI 2.0.0 Data §2.4 Statement Properties: a fully populated valid 2.0.0 statement (contextAgents, contextGroups) is accepted', () => {
  accepts(rich200(), '2.0.0');
});

for (const v of VERSIONS) {
  test(`xAPI ${v} Data §2.4.s2: the simplest statement (actor, verb, object) is accepted`, () => accepts(minimal(), v));

  test(`xAPI ${v} Data §2.4.4.3 SubStatement: a valid SubStatement object (future timestamp, result, context) is accepted`, () => {
    accepts(patch(minimal(), (s) => { s.object = subStatement(); }), v);
  });

  test(`xAPI ${v} Data §2.4.4.2: Agent and Group objects with objectType are accepted`, () => {
    accepts(patch(minimal(), (s) => { s.object = { objectType: 'Agent', mbox: 'mailto:nellie@example.com' }; }), v);
    accepts(patch(minimal(), (s) => { s.object = { objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }] }; }), v);
  });

  test(`xAPI ${v} Data §2.4.4.1 Interaction Activities: every interactionType with its component lists is accepted`, () => {
    const defs: Json[] = [
      { interactionType: 'true-false', correctResponsesPattern: ['true'] },
      { interactionType: 'choice', choices: [{ id: 'a' }, { id: 'b' }] },
      { interactionType: 'fill-in', correctResponsesPattern: ['{case_matters=false}{lang=en}To store'] },
      { interactionType: 'long-fill-in', correctResponsesPattern: [] },
      { interactionType: 'matching', source: [{ id: 's1', description: { en: 'x' } }], target: [{ id: 't1' }], correctResponsesPattern: ['s1[.]t1'] },
      { interactionType: 'performance', steps: [{ id: 'step1' }], correctResponsesPattern: ['step1[.]1:3'] },
      { interactionType: 'sequencing', choices: [{ id: 'a' }, { id: 'b' }], correctResponsesPattern: ['b[,]a'] },
      { interactionType: 'likert', scale: [{ id: 'likert_0', description: { ja: 'はい' } }] },
      { interactionType: 'numeric', correctResponsesPattern: ['4[:]'] },
      { interactionType: 'other', correctResponsesPattern: ['(35.937432,-86.868896)'] },
    ];
    for (const d of defs) accepts(patch(minimal(), (s) => { s.object.definition = d; }), v);
  });

  test(`xAPI ${v} Data §2.4.6.2: contextActivities accepts a single Activity as well as an array`, () => {
    for (const k of ['parent', 'grouping', 'category', 'other']) {
      accepts(patch(minimal(), (s) => { s.context = { contextActivities: { [k]: { id: 'http://example.com/a' } } }; }), v);
      accepts(patch(minimal(), (s) => { s.context = { contextActivities: { [k]: [{ id: 'http://example.com/a' }, { id: 'http://example.com/b' }] } }; }), v);
    }
  });

  test(`xAPI ${v} Data §2.4.9: an authority that is an anonymous Group of two Agents (3-legged OAuth) is accepted`, () => {
    accepts(patch(minimal(), (s) => {
      s.authority = { objectType: 'Group', member: [{ account: { homePage: 'http://example.com/xAPI/OAuth/Token', name: 'oauth_consumer_x75db' } }, { mbox: 'mailto:bob@example.com' }] };
    }), v);
  });

  test(`xAPI ${v} Data §2.3.2 Voiding: a voiding statement with a StatementRef object is accepted`, () => {
    accepts(patch(minimal(), (s) => {
      s.verb = { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } };
      s.object = { objectType: 'StatementRef', id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0' };
    }), v);
  });

  test(`xAPI ${v} Data §4.1 Extensions: extension values may be anything, null included`, () => {
    accepts(patch(minimal(), (s) => {
      s.result = { extensions: { 'http://example.com/null': null, 'http://example.com/arr': [null, {}] } };
      s.context = { extensions: { 'http://example.com/obj': { nested: { deep: null } } } };
    }), v);
  });

  test(`xAPI ${v} Data §2.4.2.2: an Identified Group without members is accepted`, () => {
    accepts(patch(minimal(), (s) => { s.actor = { objectType: 'Group', openid: 'http://openid.example.org/12345' }; }), v);
  });
}

// ---------------------------------------------------------------------------------------------
// §2.2 Formatting requirements

for (const v of VERSIONS) {
  test(`xAPI ${v} Data §2.2.s4.b1.b7: an unknown top-level property is rejected`, () => {
    rejects(patch(minimal(), (s) => { s.foo = 1; }), v, 'statement.foo', /unknown property/);
  });

  test(`xAPI ${v} Data §2.2.s4.b1.b5: a key in the wrong case is rejected as unknown`, () => {
    rejects(patch(minimal(), (s) => { s.Actor = s.actor; }), v, 'statement.Actor', /unknown property/);
    rejects(patch(minimal(), (s) => { s.timeStamp = '2020-01-01T00:00:00Z'; }), v, 'statement.timeStamp');
  });

  test(`xAPI ${v} Data §2.2.s4.b1.b7: unknown properties are rejected inside every object`, () => {
    const cases: Array<[(s: Json) => void, string]> = [
      [(s) => { s.actor.nickname = 'x'; }, 'statement.actor.nickname'],
      [(s) => { s.actor = { account: { homePage: 'http://example.com', name: 'x', extra: 1 } }; }, 'statement.actor.account.extra'],
      [(s) => { s.verb.name = {}; }, 'statement.verb.name'],
      [(s) => { s.object.name = 'x'; }, 'statement.object.name'],
      [(s) => { s.object.definition = { title: {} }; }, 'statement.object.definition.title'],
      [(s) => { s.object.definition = { interactionType: 'choice', choices: [{ id: 'a', text: 'A' }] }; }, 'statement.object.definition.choices[0].text'],
      [(s) => { s.result = { scores: 1 }; }, 'statement.result.scores'],
      [(s) => { s.result = { score: { percent: 1 } }; }, 'statement.result.score.percent'],
      [(s) => { s.context = { activities: {} }; }, 'statement.context.activities'],
      [(s) => { s.context = { contextActivities: { parents: [] } }; }, 'statement.context.contextActivities.parents'],
      [(s) => { s.context = { statement: { objectType: 'StatementRef', id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0', verb: 'x' } }; }, 'statement.context.statement.verb'],
      [(s) => { s.attachments = [{ usageType: 'http://e.com/u', display: { en: 'x' }, contentType: 'text/plain', length: 1, sha2: SHA, size: 1 }]; }, 'statement.attachments[0].size'],
      [(s) => { s['weird key'] = 1; }, 'statement["weird key"]'],
    ];
    for (const [fn, path] of cases) rejects(patch(minimal(), fn), v, path, /unknown property/);
  });

  test(`xAPI ${v} Data §2.2.s4.b1.b1: null values are rejected outside extensions`, () => {
    rejects(patch(minimal(), (s) => { s.actor.name = null; }), v, 'statement.actor.name', /not null/);
    rejects(patch(minimal(), (s) => { s.verb.display = { 'en-US': null }; }), v, 'statement.verb.display.en-US', /not null/);
    rejects(patch(minimal(), (s) => { s.context = { registration: null }; }), v, 'statement.context.registration', /not null/);
    rejects(patch(minimal(), (s) => { s.object.definition = { moreInfo: null }; }), v, 'statement.object.definition.moreInfo', /not null/);
    rejects(patch(minimal(), (s) => { s.result = null; }), v, 'statement.result', /not null/);
    rejects(patch(minimal(), (s) => { s.id = null; }), v, 'statement.id', /not null/);
  });

  test(`xAPI ${v} Data §2.2.s4.b1.b2-b3: strings are rejected where numbers or booleans are required`, () => {
    rejects(patch(minimal(), (s) => { s.result = { score: { max: '100' } }; }), v, 'statement.result.score.max', /number/);
    rejects(patch(minimal(), (s) => { s.result = { completion: 'false' }; }), v, 'statement.result.completion', /boolean/);
    rejects(patch(minimal(), (s) => { s.result = { success: 1 }; }), v, 'statement.result.success', /boolean/);
  });

  test(`xAPI ${v} Data §2.2.s4.b1.b4: the empty string is rejected where an IRI, UUID or mailto IRI is required`, () => {
    rejects(patch(minimal(), (s) => { s.id = ''; }), v, 'statement.id', /UUID/);
    rejects(patch(minimal(), (s) => { s.verb.id = ''; }), v, 'statement.verb.id', /IRI/);
    rejects(patch(minimal(), (s) => { s.actor.mbox = ''; }), v, 'statement.actor.mbox', /mailto/);
  });

  test(`xAPI ${v} Data §2.2.s4.b1.b6: enumerated values must match case exactly`, () => {
    rejects(patch(minimal(), (s) => { s.object.definition = { interactionType: 'true-faLse' }; }), v, 'statement.object.definition.interactionType');
    rejects(patch(minimal(), (s) => { s.object.objectType = 'activity'; }), v, 'statement.object.objectType');
    rejects(patch(minimal(), (s) => { s.actor.objectType = 'agent'; }), v, 'statement.actor.objectType');
  });

  test(`xAPI ${v} Data §2.2.s4.b1.b8: IRIs without a scheme are rejected`, () => {
    rejects(patch(minimal(), (s) => { s.object.id = 'example.com/activity'; }), v, 'statement.object.id', /absolute IRI/);
    rejects(patch(minimal(), (s) => { s.object.id = 'ab=c://should.fail.com'; }), v, 'statement.object.id');
    rejects(patch(minimal(), (s) => { s.object.id = '/relative/path'; }), v, 'statement.object.id');
  });

  test(`xAPI ${v} Data §2.2: a statement that is not an object is rejected at the root path`, () => {
    rejects([minimal()], v, 'statement', /Statement object/);
    rejects('x', v, 'statement');
    rejects(null, v, 'statement', /not null/);
  });

  test(`xAPI ${v} Data §2.2: batch callers choose the root path`, () => {
    rejects(patch(minimal(), (s) => { s.actor.mbox = 'bob@example.com'; }), v, 'statements[3].actor.mbox', /mailto/, 'statements[3]');
  });

  test(`xAPI ${v} Data §2.2.s3: actor, verb and object are required`, () => {
    for (const k of ['actor', 'verb', 'object']) {
      rejects(patch(minimal(), (s) => { delete s[k]; }), v, `statement.${k}`, /required/);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// §2.4.1 id

for (const v of VERSIONS) {
  test(`xAPI ${v} Data §2.4.1 / §4.4 UUID: any version or variant is accepted in either case`, () => {
    for (const id of ['fd41c918-b88b-4b20-a0a5-a4c32391aaa0', 'FD41C918-B88B-1B20-C0A5-A4C32391AAA0', '00000000-0000-0000-0000-000000000000']) {
      accepts(patch(minimal(), (s) => { s.id = id; }), v);
    }
  });

  test(`xAPI ${v} Data §2.4.1 / §4.4 UUID: malformed ids are rejected`, () => {
    for (const id of ['AA97B177-9383-4934-8543-0F91A7A028368', 'MA97B177-9383-4934-8543-0F91A7A02836', 'fd41c918b88b4b20a0a5a4c32391aaa0', '{fd41c918-b88b-4b20-a0a5-a4c32391aaa0}', 12345, { key: 'x' }]) {
      rejects(patch(minimal(), (s) => { s.id = id; }), v, 'statement.id', /UUID/);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// §2.4.2 Actor

for (const v of VERSIONS) {
  test(`xAPI ${v} Data §2.4.2.1 Agent: rejects an Agent with two IFIs`, () => {
    rejects(patch(minimal(), (s) => { s.actor.openid = 'http://openid.example.org/1'; }), v, 'statement.actor', /exactly one/);
  });

  test(`xAPI ${v} Data §2.4.2.1 Agent: rejects an Agent without an IFI`, () => {
    rejects(patch(minimal(), (s) => { s.actor = { objectType: 'Agent', name: 'No IFI' }; }), v, 'statement.actor', /inverse functional identifier/);
  });

  test(`xAPI ${v} Data §2.4.2.1 Agent: name must be a string`, () => {
    rejects(patch(minimal(), (s) => { s.actor.name = 123; }), v, 'statement.actor.name', /string/);
  });

  test(`xAPI ${v} Data §2.4.2 Actor: objectType must be "Agent" or "Group"`, () => {
    rejects(patch(minimal(), (s) => { s.actor.objectType = 'Activity'; }), v, 'statement.actor.objectType', /"Agent" or "Group"/);
    rejects(patch(minimal(), (s) => { s.actor = 'mailto:a@example.com'; }), v, 'statement.actor', /Agent or Group/);
  });

  test(`xAPI ${v} Data §2.4.2.3 IFI: mbox must be a mailto: IRI with an email address`, () => {
    for (const m of ['http://should.fail.com', 'mailto:should.fail.com', 'bob@example.com', 'mailto:', 'mailto:bob@', 123]) {
      rejects(patch(minimal(), (s) => { s.actor.mbox = m; }), v, 'statement.actor.mbox', /mailto: IRI/);
    }
  });

  test(`xAPI ${v} Data §2.4.2.3 IFI: mbox_sha1sum must be 40 hex digits`, () => {
    for (const h of ['cd9b00a5611f94eaa7b1661edab976068e36497', 'zd9b00a5611f94eaa7b1661edab976068e364975', { key: 'v' }]) {
      rejects(patch(minimal(), (s) => { s.actor = { mbox_sha1sum: h }; }), v, 'statement.actor.mbox_sha1sum', /SHA-1/);
    }
    accepts(patch(minimal(), (s) => { s.actor = { mbox_sha1sum: 'CD9B00A5611F94EAA7B1661EDAB976068E364975' }; }), v);
  });

  test(`xAPI ${v} Data §2.4.2.3 IFI: openid must be an absolute URI`, () => {
    rejects(patch(minimal(), (s) => { s.actor = { openid: 'ab=c://should.fail.com' }; }), v, 'statement.actor.openid', /URI/);
    rejects(patch(minimal(), (s) => { s.actor = { openid: 'not a uri' }; }), v, 'statement.actor.openid', /URI/);
  });

  test(`xAPI ${v} Data §2.4.2.4 Account: homePage must be an IRL and name a string, both required`, () => {
    rejects(patch(minimal(), (s) => { s.actor = { account: { homePage: 'ab=c://should.fail.com', name: 'x' } }; }), v, 'statement.actor.account.homePage', /IRL/);
    rejects(patch(minimal(), (s) => { s.actor = { account: { homePage: 'http://example.com', name: { key: 'x' } } }; }), v, 'statement.actor.account.name', /string/);
    rejects(patch(minimal(), (s) => { s.actor = { account: { name: 'x' } }; }), v, 'statement.actor.account.homePage', /required/);
    rejects(patch(minimal(), (s) => { s.actor = { account: { homePage: 'http://example.com' } }; }), v, 'statement.actor.account.name', /required/);
    rejects(patch(minimal(), (s) => { s.actor = { account: 'x' }; }), v, 'statement.actor.account', /account object/);
  });

  test(`xAPI ${v} Data §2.4.2.2 Group: an Anonymous Group must list at least one member`, () => {
    rejects(patch(minimal(), (s) => { s.actor = { objectType: 'Group', name: 'no members' }; }), v, 'statement.actor.member', /Anonymous Group/);
    rejects(patch(minimal(), (s) => { s.actor = { objectType: 'Group', member: [] }; }), v, 'statement.actor.member', /Anonymous Group/);
  });

  test(`xAPI ${v} Data §2.4.2.2 Group: member must be an array of Agents, never Groups`, () => {
    rejects(patch(minimal(), (s) => { s.actor = { objectType: 'Group', member: { mbox: 'mailto:a@example.com' } }; }), v, 'statement.actor.member', /array of Agents/);
    rejects(patch(minimal(), (s) => {
      s.actor = { objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }, { objectType: 'Group', mbox: 'mailto:g@example.com' }] };
    }), v, 'statement.actor.member[1]', /Group cannot be a member/);
    rejects(patch(minimal(), (s) => { s.actor = { objectType: 'Group', member: [{ name: 'no ifi' }] }; }), v, 'statement.actor.member[0]', /inverse functional/);
  });

  test(`xAPI ${v} Data §2.4.2.2 Group: an Identified Group has exactly one IFI`, () => {
    rejects(patch(minimal(), (s) => {
      s.actor = { objectType: 'Group', mbox: 'mailto:g@example.com', openid: 'http://openid.example.org/g' };
    }), v, 'statement.actor', /exactly one/);
    rejects(patch(minimal(), (s) => { s.actor = { objectType: 'Group', mbox: 'mailto:bad' }; }), v, 'statement.actor.mbox');
  });
}

// ---------------------------------------------------------------------------------------------
// §2.4.3 Verb

for (const v of VERSIONS) {
  test(`xAPI ${v} Data §2.4.3 Verb: id is a required IRI`, () => {
    rejects(patch(minimal(), (s) => { s.verb = { display: { en: 'x' } }; }), v, 'statement.verb.id', /required/);
    rejects(patch(minimal(), (s) => { s.verb.id = 'created'; }), v, 'statement.verb.id', /IRI/);
    rejects(patch(minimal(), (s) => { s.verb = 'http://adlnet.gov/expapi/verbs/created'; }), v, 'statement.verb', /Verb object/);
  });

  test(`xAPI ${v} Data §2.4.3 / §4.2 Language Map: verb display keys must be RFC 5646 tags and values strings`, () => {
    rejects(patch(minimal(), (s) => { s.verb.display = { something: 'besucht' }; }), v, 'statement.verb.display.something', /RFC 5646/);
    rejects(patch(minimal(), (s) => { s.verb.display = { en: 5 }; }), v, 'statement.verb.display.en', /string/);
    rejects(patch(minimal(), (s) => { s.verb.display = 'created'; }), v, 'statement.verb.display', /language map/);
    rejects(patch(minimal(), (s) => { s.verb.display = ['created']; }), v, 'statement.verb.display', /language map/);
  });
}

// ---------------------------------------------------------------------------------------------
// §2.4.4 Object

for (const v of VERSIONS) {
  test(`xAPI ${v} Data §2.4.4 Object: objectType must be one of the five defined values`, () => {
    rejects(patch(minimal(), (s) => { s.object.objectType = 'Statement'; }), v, 'statement.object.objectType', /one of/);
  });

  test(`xAPI ${v} Data §2.4.4.1 Activity: id is a required IRI`, () => {
    rejects(patch(minimal(), (s) => { delete s.object.id; s.object.definition = { name: { en: 'x' } }; }), v, 'statement.object.id', /required/);
    rejects(patch(minimal(), (s) => { s.object.id = 42; }), v, 'statement.object.id', /IRI/);
    rejects(patch(minimal(), (s) => { s.object.id = 'http://example.com/has space'; }), v, 'statement.object.id', /IRI/);
  });

  test(`xAPI ${v} Data §2.4.4.1 Activity Definition: definition must be an object`, () => {
    rejects(patch(minimal(), (s) => { s.object.definition = 'should error'; }), v, 'statement.object.definition', /object/);
  });

  test(`xAPI ${v} Data §2.4.4.1 Activity Definition: name and description are language maps`, () => {
    rejects(patch(minimal(), (s) => { s.object.definition = { name: 'x' }; }), v, 'statement.object.definition.name', /language map/);
    rejects(patch(minimal(), (s) => { s.object.definition = { description: { 'en-US': 'ok', 'a12345': 'bad' } }; }), v, 'statement.object.definition.description.a12345', /RFC 5646/);
  });

  test(`xAPI ${v} Data §2.4.4.1 Activity Definition: type is an IRI and moreInfo an IRL`, () => {
    rejects(patch(minimal(), (s) => { s.object.definition = { type: 'should error' }; }), v, 'statement.object.definition.type', /IRI/);
    rejects(patch(minimal(), (s) => { s.object.definition = { moreInfo: 'should error' }; }), v, 'statement.object.definition.moreInfo', /IRL/);
  });

  test(`xAPI ${v} Data §4.1 Extensions: extensions must be an object whose keys are IRIs`, () => {
    rejects(patch(minimal(), (s) => { s.object.definition = { extensions: 'x' }; }), v, 'statement.object.definition.extensions', /IRIs/);
    rejects(patch(minimal(), (s) => { s.object.definition = { extensions: { id: 'valid', description: { 'en-US': 'valid' } } }; }), v, 'statement.object.definition.extensions.id', /extension key/);
    rejects(patch(minimal(), (s) => { s.result = { extensions: { 'not an iri': 1 } }; }), v, 'statement.result.extensions["not an iri"]', /extension key/);
    rejects(patch(minimal(), (s) => { s.context = { extensions: [] }; }), v, 'statement.context.extensions', /object/);
  });

  test(`xAPI ${v} Data §2.4.4.1.s8 Interaction Activities: interactionType must be one of the ten values`, () => {
    for (const t of ['multiple-choice', 'http://example.com/choice', 12345, { key: 'x' }, 'Other']) {
      rejects(patch(minimal(), (s) => { s.object.definition = { interactionType: t }; }), v, 'statement.object.definition.interactionType', /one of/);
    }
  });

  test(`xAPI ${v} Data §2.4.4.1.s13.b1: an interaction without interactionType is rejected`, () => {
    rejects(patch(minimal(), (s) => { s.object.definition = { choices: [{ id: 'a' }] }; }), v, 'statement.object.definition.interactionType', /required/);
    rejects(patch(minimal(), (s) => { s.object.definition = { correctResponsesPattern: ['a'] }; }), v, 'statement.object.definition.interactionType', /required/);
  });

  test(`xAPI ${v} Data §2.4.4.1.s15: a component list not supported by the interactionType is rejected`, () => {
    rejects(patch(minimal(), (s) => { s.object.definition = { interactionType: 'true-false', choices: [{ id: 'a' }] }; }), v, 'statement.object.definition.choices', /not allowed for interactionType "true-false"/);
    rejects(patch(minimal(), (s) => { s.object.definition = { interactionType: 'choice', scale: [{ id: 'a' }] }; }), v, 'statement.object.definition.scale');
    rejects(patch(minimal(), (s) => { s.object.definition = { interactionType: 'likert', steps: [{ id: 'a' }] }; }), v, 'statement.object.definition.steps');
    rejects(patch(minimal(), (s) => { s.object.definition = { interactionType: 'performance', target: [{ id: 'a' }] }; }), v, 'statement.object.definition.target');
  });

  test(`xAPI ${v} Data §2.4.4.1.s15 Interaction Components: id required, a string, distinct; description a language map`, () => {
    rejects(patch(minimal(), (s) => { s.object.definition = { interactionType: 'choice', choices: [{ description: { en: 'x' } }] }; }), v, 'statement.object.definition.choices[0].id', /required/);
    rejects(patch(minimal(), (s) => { s.object.definition = { interactionType: 'likert', scale: [{ id: { x: 1 } }] }; }), v, 'statement.object.definition.scale[0].id', /string/);
    rejects(patch(minimal(), (s) => { s.object.definition = { interactionType: 'matching', source: [{ id: 'a' }, { id: 'a' }] }; }), v, 'statement.object.definition.source[1].id', /distinct/);
    rejects(patch(minimal(), (s) => { s.object.definition = { interactionType: 'performance', steps: [{ id: 'a', description: 'x' }] }; }), v, 'statement.object.definition.steps[0].description', /language map/);
    rejects(patch(minimal(), (s) => { s.object.definition = { interactionType: 'choice', choices: { id: 'a' } }; }), v, 'statement.object.definition.choices', /array/);
    rejects(patch(minimal(), (s) => { s.object.definition = { interactionType: 'choice', choices: ['a'] }; }), v, 'statement.object.definition.choices[0]', /component/);
  });

  test(`xAPI ${v} Data §2.4.4.1.s8: correctResponsesPattern is an array of strings`, () => {
    rejects(patch(minimal(), (s) => { s.object.definition = { interactionType: 'numeric', correctResponsesPattern: '4[:]' }; }), v, 'statement.object.definition.correctResponsesPattern', /array of strings/);
    rejects(patch(minimal(), (s) => { s.object.definition = { interactionType: 'numeric', correctResponsesPattern: [4] }; }), v, 'statement.object.definition.correctResponsesPattern[0]', /string/);
  });

  test(`xAPI ${v} Data §2.4.4.2: an Agent or Group object must state its objectType`, () => {
    // Without objectType the object is an Activity, so an Agent's properties are unknown there.
    rejects(patch(minimal(), (s) => { s.object = { mbox: 'mailto:a@example.com' }; }), v, 'statement.object.mbox', /unknown property \(an Agent or Group used as an object must state its objectType\)/);
  });

  test(`xAPI ${v} Data §2.4.4.3: a StatementRef or SubStatement object without objectType is rejected with a hint`, () => {
    rejects(patch(minimal(), (s) => { s.object = { id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0' }; }), v, 'statement.object.id', /objectType "StatementRef"/);
    rejects(patch(minimal(), (s) => { s.object = subStatement(); delete s.object.objectType; }), v, 'statement.object.actor', /objectType "SubStatement"/);
  });

  test(`xAPI ${v} Data §2.4.2.2: member on an Agent (objectType missing or "Agent") is rejected`, () => {
    rejects(patch(minimal(), (s) => { s.actor = { mbox: 'mailto:a@example.com', member: [] }; }), v, 'statement.actor.member', /only a Group has members/);
  });

  test(`xAPI ${v} Data §2.4.4.2: Agent and Group objects follow the Actor rules`, () => {
    rejects(patch(minimal(), (s) => { s.object = { objectType: 'Agent', mbox: 'mailto:a@example.com', openid: 'http://o.example/1' }; }), v, 'statement.object', /exactly one/);
    rejects(patch(minimal(), (s) => { s.object = { objectType: 'Group' }; }), v, 'statement.object.member', /Anonymous Group/);
    rejects(patch(minimal(), (s) => { s.object = { objectType: 'Agent', account: { homePage: 'http://example.com', name: { x: 1 } } }; }), v, 'statement.object.account.name');
  });

  test(`xAPI ${v} Data §2.4.4.3 StatementRef: objectType "StatementRef" and a UUID id are required`, () => {
    rejects(patch(minimal(), (s) => { s.object = { objectType: 'StatementRef' }; }), v, 'statement.object.id', /required/);
    rejects(patch(minimal(), (s) => { s.object = { objectType: 'StatementRef', id: 'AA97B177-9383-4934-8543-0F91A7A028368' }; }), v, 'statement.object.id', /UUID/);
    rejects(patch(minimal(), (s) => { s.object = { objectType: 'StatementRef', id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0', definition: {} }; }), v, 'statement.object.definition', /unknown/);
  });

  test(`xAPI ${v} Data §2.4.4.3.s8.b1: objectType "substatement" (wrong case) is rejected`, () => {
    rejects(patch(minimal(), (s) => { s.object = { ...subStatement(), objectType: 'substatement' }; }), v, 'statement.object.objectType');
  });

  test(`xAPI ${v} Data §2.4.4.3.s8.b2: a SubStatement is validated as a Statement`, () => {
    for (const k of ['actor', 'verb', 'object']) {
      rejects(patch(minimal(), (s) => { s.object = subStatement(); delete s.object[k]; }), v, `statement.object.${k}`, /required/);
    }
    rejects(patch(minimal(), (s) => { s.object = subStatement(); s.object.actor.mbox = 'x'; }), v, 'statement.object.actor.mbox', /mailto/);
    rejects(patch(minimal(), (s) => { s.object = subStatement(); s.object.result = { duration: 'PA1H' }; }), v, 'statement.object.result.duration', /duration/);
    rejects(patch(minimal(), (s) => { s.object = subStatement(); s.object.context = { language: 'something' }; }), v, 'statement.object.context.language', /RFC 5646/);
    rejects(patch(minimal(), (s) => { s.object = subStatement(); s.object.timestamp = 'should fail'; }), v, 'statement.object.timestamp', /ISO 8601/);
    rejects(patch(minimal(), (s) => { s.object = subStatement(); s.object.foo = 1; }), v, 'statement.object.foo', /unknown/);
  });

  test(`xAPI ${v} Data §2.4.4.3.s8.b3: a SubStatement must not have id, stored, version or authority`, () => {
    const values: Record<string, unknown> = {
      id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0', stored: '2013-05-18T05:32:34.804Z', version: '1.0.0',
      authority: { mbox: 'mailto:a@example.com' },
    };
    for (const [k, x] of Object.entries(values)) {
      rejects(patch(minimal(), (s) => { s.object = { ...subStatement(), [k]: x }; }), v, `statement.object.${k}`, /not allowed in a SubStatement/);
    }
  });

  test(`xAPI ${v} Data §2.4.4.3.s8.b4: a SubStatement cannot contain a SubStatement`, () => {
    rejects(patch(minimal(), (s) => { s.object = { ...subStatement(), object: subStatement() }; }), v, 'statement.object.object', /cannot contain a SubStatement/);
  });

  test(`xAPI ${v} Data §2.4.4.3: a SubStatement's object may be an Agent, Group or StatementRef`, () => {
    accepts(patch(minimal(), (s) => { s.object = { ...subStatement(), object: { objectType: 'Agent', mbox: 'mailto:a@example.com' }, context: undefined }; delete s.object.context; }), v);
    accepts(patch(minimal(), (s) => { s.object = { ...subStatement(), object: { objectType: 'StatementRef', id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0' } }; delete s.object.context; }), v);
  });
}

// ---------------------------------------------------------------------------------------------
// §2.4.5 Result

for (const v of VERSIONS) {
  test(`xAPI ${v} Data §2.4.5.1 Score: score must be an object`, () => {
    rejects(patch(minimal(), (s) => { s.result = { score: 12345 }; }), v, 'statement.result.score', /score object/);
    rejects(patch(minimal(), (s) => { s.result = { score: 'should fail' }; }), v, 'statement.result.score');
  });

  test(`xAPI ${v} Data §2.4.5.1 Score: scaled is between -1 and 1 inclusive`, () => {
    accepts(patch(minimal(), (s) => { s.result = { score: { scaled: -1 } }; }), v);
    accepts(patch(minimal(), (s) => { s.result = { score: { scaled: 1.0 } }; }), v);
    rejects(patch(minimal(), (s) => { s.result = { score: { scaled: 1.01 } }; }), v, 'statement.result.score.scaled', /-1 and 1/);
    rejects(patch(minimal(), (s) => { s.result = { score: { scaled: -1.00001 } }; }), v, 'statement.result.score.scaled');
  });

  test(`xAPI ${v} Data §2.4.5.1 Score: raw lies between min and max inclusive`, () => {
    accepts(patch(minimal(), (s) => { s.result = { score: { raw: 0, min: 0, max: 10 } }; }), v);
    accepts(patch(minimal(), (s) => { s.result = { score: { raw: 10, min: 0, max: 10 } }; }), v);
    accepts(patch(minimal(), (s) => { s.result = { score: { raw: -1e9 } }; }), v);
    rejects(patch(minimal(), (s) => { s.result = { score: { raw: 0.6767676, max: 0.6567676 } }; }), v, 'statement.result.score.raw', /greater than max/);
    rejects(patch(minimal(), (s) => { s.result = { score: { raw: 0.6767676, min: 1.4067676 } }; }), v, 'statement.result.score.raw', /less than min/);
  });

  test(`xAPI ${v} Data §2.4.5.1 Score: min is less than max`, () => {
    rejects(patch(minimal(), (s) => { s.result = { score: { min: 100.6767676, max: 100.6 } }; }), v, 'statement.result.score.min', /less than max/);
    rejects(patch(minimal(), (s) => { s.result = { score: { min: 5, max: 5 } }; }), v, 'statement.result.score.min', /less than max/);
  });

  test(`xAPI ${v} Data §2.4.5 Result: response is a string`, () => {
    rejects(patch(minimal(), (s) => { s.result = { response: ['a'] }; }), v, 'statement.result.response', /string/);
  });

  test(`xAPI ${v} Data §2.4.5 / §4.6 Duration: ISO 8601 durations are accepted and others rejected`, () => {
    for (const d of ['PT1H0M0.1S', 'PT4H35M59.14S', 'PT16559.14S', 'P3Y1M29DT4H35M59.14S', 'P3Y', 'P4W', 'P1D', 'PT0S', 'PT1,5S']) {
      accepts(patch(minimal(), (s) => { s.result = { duration: d }; }), v);
    }
    for (const d of ['PA1H0M0S', 'should fail', 'P4W1D', 'P', 'PT', 'P1DT', '1H', 'PT1.5H30M', 'P0003-02-01T00:00:00', '-PT1S', 12345, { key: 'invalid' }]) {
      rejects(patch(minimal(), (s) => { s.result = { duration: d }; }), v, 'statement.result.duration', /ISO 8601 duration/);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// §2.4.6 Context

for (const v of VERSIONS) {
  test(`xAPI ${v} Data §2.4.6 Context: registration is a UUID`, () => {
    rejects(patch(minimal(), (s) => { s.context = { registration: 'should fail' }; }), v, 'statement.context.registration', /UUID/);
    rejects(patch(minimal(), (s) => { s.context = { registration: { key: 'x' } }; }), v, 'statement.context.registration', /UUID/);
  });

  test(`xAPI ${v} Data §2.4.6 Context: instructor is an Agent or a Group`, () => {
    rejects(patch(minimal(), (s) => { s.context = { instructor: { key: 'x' } }; }), v, 'statement.context.instructor.key', /unknown/);
    rejects(patch(minimal(), (s) => { s.context = { instructor: 'x' }; }), v, 'statement.context.instructor', /Agent or Group/);
    accepts(patch(minimal(), (s) => { s.context = { instructor: { objectType: 'Group', mbox: 'mailto:i@example.com' } }; }), v);
  });

  test(`xAPI ${v} Data §2.4.6 Context: team must be a Group`, () => {
    rejects(patch(minimal(), (s) => { s.context = { team: { mbox: 'mailto:a@example.com' } }; }), v, 'statement.context.team', /Group/);
    rejects(patch(minimal(), (s) => { s.context = { team: { objectType: 'Agent', mbox: 'mailto:a@example.com' } }; }), v, 'statement.context.team', /Group/);
    rejects(patch(minimal(), (s) => { s.context = { team: { objectType: 'Group' } }; }), v, 'statement.context.team.member', /Anonymous Group/);
  });

  test(`xAPI ${v} Data §2.4.6.2 contextActivities: an object with parent, grouping, category, other holding Activities`, () => {
    rejects(patch(minimal(), (s) => { s.context = { contextActivities: 'should fail' }; }), v, 'statement.context.contextActivities', /object/);
    rejects(patch(minimal(), (s) => { s.context = { contextActivities: { parent: [{ id: 'nope' }] } }; }), v, 'statement.context.contextActivities.parent[0].id', /absolute IRI/);
    rejects(patch(minimal(), (s) => { s.context = { contextActivities: { grouping: { id: 'http://x.example/1', objectType: 'Agent' } } }; }), v, 'statement.context.contextActivities.grouping.objectType', /"Activity"/);
    rejects(patch(minimal(), (s) => { s.context = { contextActivities: { other: 'http://x.example/1' } }; }), v, 'statement.context.contextActivities.other', /Activity or an array/);
    rejects(patch(minimal(), (s) => { s.context = { contextActivities: { category: [null] } }; }), v, 'statement.context.contextActivities.category[0]', /not null/);
  });

  test(`xAPI ${v} Data §2.4.6.s4.b1-b2: revision and platform are strings, only allowed when the object is an Activity`, () => {
    rejects(patch(minimal(), (s) => { s.context = { revision: 12345 }; }), v, 'statement.context.revision', /string/);
    rejects(patch(minimal(), (s) => { s.context = { platform: { key: 'x' } }; }), v, 'statement.context.platform', /string/);
    const objects: Json[] = [
      { objectType: 'Agent', mbox: 'mailto:a@example.com' },
      { objectType: 'Group', mbox: 'mailto:g@example.com' },
      { objectType: 'StatementRef', id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0' },
      subStatement(),
    ];
    for (const o of objects) {
      for (const k of ['revision', 'platform']) {
        rejects(patch(minimal(), (s) => { s.object = o; s.context = { [k]: 'x' }; }), v, `statement.context.${k}`, /only allowed when the statement's object is an Activity/);
      }
    }
    // Inside a SubStatement the rule applies to the SubStatement's own object.
    rejects(patch(minimal(), (s) => {
      s.object = { ...subStatement(), object: { objectType: 'Agent', mbox: 'mailto:a@example.com' }, context: { platform: 'x' } };
    }), v, 'statement.object.context.platform', /only allowed/);
  });

  test(`xAPI ${v} Data §2.4.6 Context: language is an RFC 5646 tag`, () => {
    for (const l of ['something', 12345, { a12345: 'x' }, 'en_US', '']) {
      rejects(patch(minimal(), (s) => { s.context = { language: l }; }), v, 'statement.context.language', /RFC 5646/);
    }
    for (const l of ['cmn', 'fr-CA', 'lo-LA', 'zh-Hans-CN', 'i-klingon']) accepts(patch(minimal(), (s) => { s.context = { language: l }; }), v);
  });

  test(`xAPI ${v} Data §2.4.6 Context: statement is a StatementRef`, () => {
    rejects(patch(minimal(), (s) => { s.context = { statement: { objectType: 'statementref', id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0' } }; }), v, 'statement.context.statement.objectType', /"StatementRef"/);
    rejects(patch(minimal(), (s) => { s.context = { statement: { objectType: 'StatementRef', id: 'should fail' } }; }), v, 'statement.context.statement.id', /UUID/);
    rejects(patch(minimal(), (s) => { s.context = { statement: { id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0' } }; }), v, 'statement.context.statement.objectType', /required/);
  });
}

test('xAPI 1.0.3 Data §2.4.6 Context: contextAgents and contextGroups do not exist in 1.0.3 and are rejected', () => {
  rejects(patch(minimal(), (s) => { s.context = { contextAgents: [] }; }), '1.0.3', 'statement.context.contextAgents', /unknown property/);
  rejects(patch(minimal(), (s) => { s.context = { contextGroups: [] }; }), '1.0.3', 'statement.context.contextGroups', /unknown property/);
  rejects(patch(rich200(), (s) => { s.version = '1.0.0'; }), '1.0.3', 'statement.context.contextAgents', /unknown property/);
});

test('xAPI 2.0.0 Data §2.4.6 contextAgents: an array of contextAgent objects', () => {
  rejects(patch(minimal(), (s) => { s.context = { contextAgents: { objectType: 'contextAgent', agent: { mbox: 'mailto:a@example.com' } } }; }), '2.0.0', 'statement.context.contextAgents', /array/);
  rejects(patch(minimal(), (s) => { s.context = { contextAgents: ['x'] }; }), '2.0.0', 'statement.context.contextAgents[0]', /contextAgent object/);
});

test('xAPI 2.0.0 Data §2.4.6 contextAgents: objectType must be "contextAgent" and is required', () => {
  rejects(patch(minimal(), (s) => { s.context = { contextAgents: [{ objectType: 'Should fail', agent: { mbox: 'mailto:a@example.com' } }] }; }), '2.0.0', 'statement.context.contextAgents[0].objectType', /"contextAgent"/);
  rejects(patch(minimal(), (s) => { s.context = { contextAgents: [{ agent: { mbox: 'mailto:a@example.com' } }] }; }), '2.0.0', 'statement.context.contextAgents[0].objectType', /required/);
});

test('xAPI 2.0.0 Data §2.4.6 contextAgents: agent is a required valid Agent (not a Group)', () => {
  rejects(patch(minimal(), (s) => { s.context = { contextAgents: [{ objectType: 'contextAgent', agent: { key: 'Should fail' } }] }; }), '2.0.0', 'statement.context.contextAgents[0].agent.key', /unknown/);
  rejects(patch(minimal(), (s) => { s.context = { contextAgents: [{ objectType: 'contextAgent' }] }; }), '2.0.0', 'statement.context.contextAgents[0].agent', /required/);
  rejects(patch(minimal(), (s) => { s.context = { contextAgents: [{ objectType: 'contextAgent', agent: { objectType: 'Group', mbox: 'mailto:g@example.com' } }] }; }), '2.0.0', 'statement.context.contextAgents[0].agent', /not a Group/);
  rejects(patch(minimal(), (s) => { s.context = { contextAgents: [{ objectType: 'contextAgent', agent: { mbox: 'mailto:a@example.com' }, role: 'x' }] }; }), '2.0.0', 'statement.context.contextAgents[0].role', /unknown/);
});

test('xAPI 2.0.0 Data §2.4.6 contextAgents/contextGroups: relevantTypes, when present, is a non-empty array of IRIs', () => {
  rejects(patch(minimal(), (s) => { s.context = { contextAgents: [{ objectType: 'contextAgent', agent: { mbox: 'mailto:a@example.com' }, relevantTypes: [] }] }; }), '2.0.0', 'statement.context.contextAgents[0].relevantTypes', /non-empty/);
  rejects(patch(minimal(), (s) => { s.context = { contextAgents: [{ objectType: 'contextAgent', agent: { mbox: 'mailto:a@example.com' }, relevantTypes: ['abc'] }] }; }), '2.0.0', 'statement.context.contextAgents[0].relevantTypes[0]', /IRI/);
  rejects(patch(minimal(), (s) => { s.context = { contextGroups: [{ objectType: 'contextGroup', group: { objectType: 'Group', mbox: 'mailto:g@example.com' }, relevantTypes: [] }] }; }), '2.0.0', 'statement.context.contextGroups[0].relevantTypes', /non-empty/);
  rejects(patch(minimal(), (s) => { s.context = { contextGroups: [{ objectType: 'contextGroup', group: { objectType: 'Group', mbox: 'mailto:g@example.com' }, relevantTypes: ['abc'] }] }; }), '2.0.0', 'statement.context.contextGroups[0].relevantTypes[0]', /IRI/);
});

test('xAPI 2.0.0 Data §2.4.6 contextGroups: objectType "contextGroup" and a valid Group are required', () => {
  rejects(patch(minimal(), (s) => { s.context = { contextGroups: [{ objectType: 'Should fail', group: { objectType: 'Group', mbox: 'mailto:g@example.com' } }] }; }), '2.0.0', 'statement.context.contextGroups[0].objectType', /"contextGroup"/);
  rejects(patch(minimal(), (s) => { s.context = { contextGroups: [{ objectType: 'contextGroup', group: { key: 'Should fail' } }] }; }), '2.0.0', 'statement.context.contextGroups[0].group', /Group/);
  rejects(patch(minimal(), (s) => { s.context = { contextGroups: [{ objectType: 'contextGroup' }] }; }), '2.0.0', 'statement.context.contextGroups[0].group', /required/);
  rejects(patch(minimal(), (s) => { s.context = { contextGroups: [{ group: { objectType: 'Group', mbox: 'mailto:g@example.com' } }] }; }), '2.0.0', 'statement.context.contextGroups[0].objectType', /required/);
  rejects(patch(minimal(), (s) => { s.context = { contextGroups: [{ objectType: 'contextGroup', group: { objectType: 'Group' } }] }; }), '2.0.0', 'statement.context.contextGroups[0].group.member', /Anonymous Group/);
});

test('xAPI 2.0.0 Data §2.4.6 contextAgents: also validated inside a SubStatement', () => {
  rejects(patch(minimal(), (s) => {
    s.object = { ...subStatement(), context: { contextAgents: [{ objectType: 'contextAgent', agent: { mbox: 'mailto:a@example.com' }, relevantTypes: [] }] } };
  }), '2.0.0', 'statement.object.context.contextAgents[0].relevantTypes');
});

// ---------------------------------------------------------------------------------------------
// §2.4.7-2.4.8 Timestamp, stored; §4.5 timestamps

for (const v of VERSIONS) {
  test(`xAPI ${v} Data §4.5 Timestamp: ISO 8601 date-times with an offset are accepted (extended, basic, RFC 3339 space)`, () => {
    for (const ts of ['2015-11-18T12:17:00+00:00', '2015-11-18T12:17:00Z', '2008-09-15T15:53:00.601-05:00', '2008-09-15 15:53:00.601+00:00',
      '20080915T155300Z', '20080915T155300.5+0530', '2024-02-29T23:59:59.123456789Z', '2015-11-18T12:17Z', '2015-11-18T12:17:00+0700', '2015-11-18T12:17:00+07']) {
      accepts(patch(minimal(), (s) => { s.timestamp = ts; }), v);
    }
  });

  test(`xAPI ${v} Data §4.5 Timestamp: malformed strings and impossible dates are rejected`, () => {
    for (const ts of ['should fail', '01/011/2015', '2015-11-18', '2015-13-01T00:00:00Z', '2015-02-29T00:00:00Z', '2015-04-31T00:00:00Z',
      '2015-11-18T24:00:00Z', '2015-11-18T12:60:00Z', '2015-11-18T12:00:60Z', '2015-11-18T12:00:00+24:00', '2015-11-18T12:00:00+05:60',
      'July 04, 1776 16:00:45', 12345]) {
      rejects(patch(minimal(), (s) => { s.timestamp = ts; }), v, 'statement.timestamp', /ISO 8601/);
    }
  });

  test(`xAPI ${v} Data §4.5 Timestamp: the unknown-offset forms -00, -0000 and -00:00 are rejected`, () => {
    for (const ts of ['2008-09-15T15:53:00.601-00', '2008-09-15T15:53:00.601-0000', '2008-09-15T15:53:00.601-00:00']) {
      rejects(patch(minimal(), (s) => { s.timestamp = ts; }), v, 'statement.timestamp');
      rejects(patch(minimal(), (s) => { s.stored = ts; }), v, 'statement.stored');
    }
  });

  test(`xAPI ${v} Data §2.4.8 Stored: a client-supplied stored is validated as a Timestamp`, () => {
    rejects(patch(minimal(), (s) => { s.stored = 'yesterday'; }), v, 'statement.stored', /ISO 8601/);
  });
}

test('xAPI 1.0.3 Data §4.5.s1.b4: a timestamp without a time zone is accepted (SHOULD include one)', () => {
  accepts(patch(minimal(), (s) => { s.timestamp = '2015-11-18T12:17:00.123'; }), '1.0.3');
});

test('xAPI 2.0.0 Data §4.5: a timestamp without a time zone offset is rejected', () => {
  rejects(patch(minimal(), (s) => { s.timestamp = '2015-11-18T12:17:00.123'; }), '2.0.0', 'statement.timestamp', /time zone/);
  rejects(patch(minimal(), (s) => { s.stored = '2015-11-18T12:17:00'; }), '2.0.0', 'statement.stored', /time zone/);
  rejects(patch(minimal(), (s) => { s.object = { ...subStatement(), timestamp: '2015-11-18T12:17:00' }; }), '2.0.0', 'statement.object.timestamp', /time zone/);
});

// ---------------------------------------------------------------------------------------------
// §2.4.9 Authority

for (const v of VERSIONS) {
  test(`xAPI ${v} Data §2.4.9 Authority: an Agent authority follows the Agent rules`, () => {
    rejects(patch(minimal(), (s) => { s.authority = { mbox: 'http://should.fail.com' }; }), v, 'statement.authority.mbox', /mailto/);
    rejects(patch(minimal(), (s) => { s.authority = { account: { homePage: 'http://example.com', name: { x: 1 } } }; }), v, 'statement.authority.account.name');
    rejects(patch(minimal(), (s) => { s.authority = 'lrs'; }), v, 'statement.authority', /Agent or Group/);
  });

  test(`xAPI ${v} Data §2.4.9.s3.b1 Authority: a Group authority must be anonymous with exactly two Agents`, () => {
    const two = [{ account: { homePage: 'http://example.com/xAPI/OAuth/Token', name: 'oauth_consumer_x75db' } }, { mbox: 'mailto:bob@example.com' }];
    rejects(patch(minimal(), (s) => { s.authority = { objectType: 'Group', member: two.slice(0, 1) }; }), v, 'statement.authority', /exactly two/);
    rejects(patch(minimal(), (s) => { s.authority = { objectType: 'Group', member: [...two, { mbox: 'mailto:james@example.com' }] }; }), v, 'statement.authority', /exactly two/);
    rejects(patch(minimal(), (s) => { s.authority = { objectType: 'Group', member: two, mbox: 'mailto:bob@example.com' }; }), v, 'statement.authority', /anonymous/);
    rejects(patch(minimal(), (s) => { s.authority = { objectType: 'Group', openid: 'http://openid.example.org/12345' }; }), v, 'statement.authority', /anonymous/);
    rejects(patch(minimal(), (s) => { s.authority = { objectType: 'Group' }; }), v, 'statement.authority.member', /member/);
  });
}

// ---------------------------------------------------------------------------------------------
// §2.4.10 Version

test('xAPI 1.0.3 Data §2.4.10.s3: version must start with 1.0', () => {
  for (const ver of ['1.0', '1.0.0', '1.0.3', '1.0.9']) accepts(patch(minimal(), (s) => { s.version = ver; }), '1.0.3');
  for (const ver of ['should fail', '0.9.9', '1.1.0', '2.0.0', '1.0.x', 1.0]) {
    rejects(patch(minimal(), (s) => { s.version = ver; }), '1.0.3', 'statement.version', /1\.0\.x/);
  }
});

test('xAPI 2.0.0 Data §2.4.10: version must start with 1.0 or 2.0', () => {
  for (const ver of ['1.0', '1.0.3', '2.0', '2.0.0', '2.0.1']) accepts(patch(minimal(), (s) => { s.version = ver; }), '2.0.0');
  for (const ver of ['should fail', '0.9.9', '1.1.0', '2.1.0', '3.0.0']) {
    rejects(patch(minimal(), (s) => { s.version = ver; }), '2.0.0', 'statement.version', /2\.0\.x/);
  }
});

// ---------------------------------------------------------------------------------------------
// §2.4.11 Attachments

for (const v of VERSIONS) {
  const att = (): Json => ({
    usageType: 'http://example.com/attachment-usage/test', display: { 'en-US': 'A test attachment' },
    description: { 'es-MX': 'Un accesorio de prueba' }, contentType: 'text/plain; charset=ascii', length: 27, sha2: SHA,
    fileUrl: 'http://over.there.com/file.txt',
  });

  test(`xAPI ${v} Data §2.4.11 Attachments: a valid attachment array is accepted`, () => {
    accepts(patch(minimal(), (s) => { s.attachments = [att(), { ...att(), fileUrl: undefined, description: undefined, sha2: SHA.toUpperCase() }].map((a) => JSON.parse(JSON.stringify(a))); }), v);
  });

  test(`xAPI ${v} Data §2.4.11 Attachments: attachments must be an array of objects`, () => {
    rejects(patch(minimal(), (s) => { s.attachments = att(); }), v, 'statement.attachments', /array/);
    rejects(patch(minimal(), (s) => { s.attachments = [12345]; }), v, 'statement.attachments[0]', /Attachment object/);
  });

  test(`xAPI ${v} Data §2.4.11.s2: usageType, display, contentType, length and sha2 are required`, () => {
    for (const k of ['usageType', 'display', 'contentType', 'length', 'sha2']) {
      rejects(patch(minimal(), (s) => { s.attachments = [att()]; delete s.attachments[0][k]; }), v, `statement.attachments[0].${k}`, /required/);
    }
  });

  test(`xAPI ${v} Data §2.4.11.s2: each attachment property has its type`, () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['usageType', 'should fail', /IRI/],
      ['display', 12345, /language map/],
      ['display', { 'en-US': 'ok', something: 'x' }, /RFC 5646/],
      ['description', 'should error', /language map/],
      ['contentType', 12345, /Media Type/],
      ['contentType', 'textplain', /Media Type/],
      ['length', 'should fail', /integer/],
      ['length', 2.5, /integer/],
      ['length', -1, /integer/],
      ['sha2', 12345, /SHA-2/],
      ['sha2', 'abc', /SHA-2/],
      ['fileUrl', 'should fail', /IRL/],
    ];
    for (const [k, x, re] of cases) {
      const path = k === 'display' && typeof x === 'object' ? 'statement.attachments[0].display.something' : `statement.attachments[0].${k}`;
      rejects(patch(minimal(), (s) => { s.attachments = [{ ...att(), [k]: x }]; }), v, path, re);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// §2.3.2 Voiding

for (const v of VERSIONS) {
  test(`xAPI ${v} Data §2.3.2.s2.b1: a voiding statement whose object is not a StatementRef is rejected`, () => {
    rejects(patch(minimal(), (s) => { s.verb.id = 'http://adlnet.gov/expapi/verbs/voided'; }), v, 'statement.object', /StatementRef/);
    rejects(patch(minimal(), (s) => { s.verb.id = 'http://adlnet.gov/expapi/verbs/voided'; s.object = { objectType: 'Agent', mbox: 'mailto:a@example.com' }; }), v, 'statement.object', /StatementRef/);
  });
}

// ---------------------------------------------------------------------------------------------
// §4 helpers

test('xAPI Data §4.2 / RFC 5646: isLanguageTag accepts well-formed tags and rejects the rest', () => {
  for (const t of ['en', 'en-US', 'es-419', 'zh-Hant', 'zh-Hans-CN', 'sr-Latn-RS', 'de-CH-1901', 'sl-rozaj-biske', 'cmn', 'ase', 'x-whatever',
    'en-a-bbb-x-a-ccc', 'i-klingon', 'en-GB-oed', 'zh-min-nan', 'EN-us', 'tlh', 'hy-Latn-IT-arevela', 'lo-LA']) {
    assert.equal(isLanguageTag(t), true, t);
  }
  for (const t of ['something', 'a12345', 'en_US', '', 'e', 'en-', '-en', 'de-419-DE', 'zh-z-aaa-z-bbb-c-ccc', 'de-DE-1901-1901', 'en-US-x', 'abcdefghi', 5]) {
    assert.equal(isLanguageTag(t), false, String(t));
  }
});

test('xAPI Data §4.2 Language Map: validateLanguageMap names the offending key', () => {
  assert.doesNotThrow(() => validateLanguageMap({ en: 'x', 'lo-LA': 'ທ' }, 'm'));
  assert.throws(() => validateLanguageMap({ en: 'x', bad_tag: 'y' }, 'm'), (e: unknown) => (e as Error).message === 'm.bad_tag: key must be an RFC 5646 language tag');
  assert.throws(() => validateLanguageMap(null, 'm'), (e: unknown) => (e as Error).message === 'm: must be a language map object, not null');
});

test('xAPI Data §4.3 IRIs: isIri needs a scheme and no whitespace; Unicode is allowed', () => {
  for (const s of ['http://example.com/x', 'urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0', 'https://example.com/فعل/خواندن', 'tag:champa.example,2024:x', 'mailto:a@b.c']) {
    assert.equal(isIri(s), true, s);
  }
  for (const s of ['example.com', '/path', 'ab=c://x', 'http://exa mple.com', 'http:', '1http://x', 'http://x/<y>', 7]) assert.equal(isIri(s), false, String(s));
});

test('xAPI Data §4.4 UUIDs: isUuid accepts standard string form in either case only', () => {
  assert.equal(isUuid('fd41c918-b88b-4b20-a0a5-a4c32391aaa0'), true);
  assert.equal(isUuid('FD41C918-B88B-4B20-A0A5-A4C32391AAA0'), true);
  assert.equal(isUuid('fd41c918-b88b-4b20-a0a5-a4c32391aaa'), false);
  assert.equal(isUuid(undefined), false);
});

test('xAPI Data §4.6 Durations: isIsoDuration follows ISO 8601:2004 4.4.3.2', () => {
  assert.equal(isIsoDuration('P3Y1M29DT4H35M59.14S'), true);
  assert.equal(isIsoDuration('P4W'), true);
  assert.equal(isIsoDuration('P4W1D'), false);
  assert.equal(isIsoDuration('PT'), false);
});

test('xAPI Data §4.5 Timestamps: isIsoTimestamp requires the offset only for 2.0.0', () => {
  assert.equal(isIsoTimestamp('2020-02-29T10:00:00', '1.0.3'), true);
  assert.equal(isIsoTimestamp('2020-02-29T10:00:00', '2.0.0'), false);
  assert.equal(isIsoTimestamp('2020-02-29T10:00:00Z', '2.0.0'), true);
  assert.equal(isIsoTimestamp('2021-02-29T10:00:00Z', '2.0.0'), false);
  assert.equal(isIsoTimestamp('2000-02-29T10:00:00z', '2.0.0'), true);
  assert.equal(isIsoTimestamp('1900-02-29T10:00:00Z', '1.0.3'), false);
});

// ---------------------------------------------------------------------------------------------
// Agent query parameter (Communication §2.3 / §2.4 "agent" parameter) shares the Actor rules.

test('xAPI Communication §2.4 agent parameter: parseAgentParam applies the Agent rules with the parameter name as path', () => {
  assert.equal(parseAgentParam('{"mbox":"mailto:Bob@Example.com"}').key, 'mbox:mailto:bob@example.com');
  assert.throws(() => parseAgentParam('{"mbox":"mailto:a@example.com","nick":"x"}'), /agent\.nick: unknown property/);
  assert.throws(() => parseAgentParam('{"account":{"homePage":"http://example.com","name":"x","x":1}}'), /agent\.account\.x: unknown property/);
  assert.throws(() => parseAgentParam('{"mbox":"mailto:nope"}'), /agent\.mbox: must be a mailto: IRI/);
  assert.throws(() => parseAgentParam('{"mbox":"mailto:a@example.com","openid":"http://o.example/1"}'), /agent: must have exactly one/);
  assert.throws(() => parseAgentParam('{"objectType":"Group","mbox":"mailto:g@example.com","member":[{"objectType":"Group","mbox":"mailto:h@example.com"}]}'), /agent\.member\[0\]/);
});

// ---------------------------------------------------------------------------------------------
// The fast scanners must accept exactly what their reference regexes define.

function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

function mutants(seeds: string[], alphabet: string, count: number): string[] {
  const rnd = prng(9274);
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let s = seeds[Math.floor(rnd() * seeds.length)]!;
    const edits = 1 + Math.floor(rnd() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rnd() * (s.length + 1));
      const ch = alphabet[Math.floor(rnd() * alphabet.length)]!;
      const op = rnd();
      s = op < 0.34 ? s.slice(0, at) + ch + s.slice(at) : op < 0.67 ? s.slice(0, at) + s.slice(at + 1) : s.slice(0, at) + ch + s.slice(at + 1);
    }
    out.push(s);
  }
  return out.concat(seeds);
}

function referenceTimestamp(s: string, version: XapiVersion): boolean {
  const m = FORMAT_PATTERNS.timestampExtended.exec(s) ?? FORMAT_PATTERNS.timestampBasic.exec(s);
  if (m === null) return false;
  const year = +m[1]!, month = +m[2]!, day = +m[3]!;
  const dim = month === 2 ? ((year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (month < 1 || month > 12 || day < 1 || day > dim || +m[4]! > 23 || +m[5]! > 59 || (m[6] !== undefined && +m[6] > 59)) return false;
  if (m[8] !== undefined) {
    const oh = +m[9]!, om = m[10] === undefined ? 0 : +m[10];
    return oh <= 23 && om <= 59 && !(m[8] === '-' && oh === 0 && om === 0);
  }
  return m[7] !== undefined || version === '1.0.3';
}

test('xAPI Data §4.4 UUIDs: the isUuid scanner agrees with its reference pattern on 20,000 mutated inputs', () => {
  for (const s of mutants(['fd41c918-b88b-4b20-a0a5-a4c32391aaa0', 'FD41C918-B88B-4B20-A0A5-A4C32391AAA0'], '0af9AFgG-x {', 20000)) {
    assert.equal(isUuid(s), FORMAT_PATTERNS.uuid.test(s), JSON.stringify(s));
  }
});

test('xAPI Data §4.3 IRIs: the isIri scanner agrees with its reference pattern on 20,000 mutated inputs', () => {
  const alphabet = 'aZ09:+.-/=?#%<>"{}|\\^` \t\n\u0000\u007f\u0085\u00a0\u00e9\u1680\u2000\u200a\u200b\u2028\u202f\u205f\u3000\ufeff\ud83d';
  for (const s of mutants(['http://example.com/a?b=c#d', 'urn:uuid:1', 'a:b', 'https://example.com/فعل', 'mailto:a@b.c'], alphabet, 20000)) {
    assert.equal(isIri(s), FORMAT_PATTERNS.iri.test(s), JSON.stringify(s));
  }
});

test('xAPI Data §4.5 Timestamps: the isIsoTimestamp scanner agrees with its reference patterns on 40,000 mutated inputs', () => {
  const seeds = ['2015-11-18T12:17:00.123+07:00', '2015-11-18 12:17:00Z', '20151118T121700.5-0530', '2000-02-29t23:59:59,9z',
    '2015-11-18T12:17-00:00', '2015-11-18T12:17:00+07', '20151118T1217', '2015-11-18T12:17:00+0700'];
  for (const s of mutants(seeds, '0123456789-:+TtZz .,x', 40000)) {
    for (const v of VERSIONS) assert.equal(isIsoTimestamp(s, v), referenceTimestamp(s, v), `${JSON.stringify(s)} ${v}`);
  }
});
