// <champa-join> in Chromium: code → cohort → details → token kept on the device and
// `champa-joined` (DESIGN §5 way in 1), Lao first, errors announced beside their fields in
// Lao or English, a device that already joined joins again as the same learner, usable at
// 360×640 and by keyboard. The Champa API is a fake in this file that answers as
// server/api/join.ts does; test/e2e/cohort-certificate.test.ts runs the element against the
// real server.
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../../components/champa-join/champa-join.js';
import {
  ChampaJoinedEvent,
  forgetLearner,
  learnerFor,
  learnerStorageKey,
  readStoredLearner,
  storeLearner,
  type ChampaJoin,
  type StoredLearner,
} from '../../../components/champa-join/champa-join.js';
import { $, $$, assert, deepActive, equal, expectAccessible, mount, unmountAll, until } from '../support.js';

const CODE = 'K7M2QX';
const SERVER = 'https://champa.example';
const ACTOR = { objectType: 'Agent' as const, account: { homePage: `${SERVER}/learners`, name: 'learner-1' } };

const INFO = {
  code: CODE,
  cohort: {
    name: 'ຝຶກອົບຮົມ ສິດແຮງງານ ວຽງຈັນ',
    organisation: { id: 'org-a', nameLo: 'ສະຫະພັນກຳມະບານ', nameEn: 'Trade union' },
    provinceCode: 'LA-VT',
    districtCode: null,
    startsOn: '2026-03-02',
    endsOn: '2026-03-04',
    mode: 'in-person',
  },
  courses: [{ slug: 'workers-rights', title: { lo: 'ສິດຂອງຜູ້ອອກແຮງງານ', en: "Workers' rights" }, certification: false }],
  choices: {
    organisations: [
      { id: 'org-a', nameLo: 'ສະຫະພັນກຳມະບານ', nameEn: 'Trade union' },
      { id: 'org-b', nameLo: null, nameEn: 'Police' },
    ],
    provinces: [
      { code: 'LA-VT', nameLo: 'ນະຄອນຫຼວງວຽງຈັນ', nameEn: 'Vientiane Capital' },
      { code: 'LA-KH', nameLo: 'ຄໍາມ່ວນ', nameEn: 'Khammouane' },
    ],
    districts: [{ code: 'VT01', provinceCode: 'LA-VT', nameLo: 'ຈັນທະບູລີ', nameEn: 'Chanthabouly' }],
    sex: [
      { value: 'female', lo: 'ຍິງ', en: 'female' },
      { value: 'male', lo: 'ຊາຍ', en: 'male' },
      { value: 'other', lo: 'ອື່ນໆ', en: 'other' },
      { value: 'not-stated', lo: 'ບໍ່ລະບຸ', en: 'not-stated' },
    ],
    ageBands: ['under-18', '18-24', '25-34', '35-44', '45-54', '55-64', '65-plus'],
    languages: [
      { value: 'lo', lo: 'ລາວ', en: 'Lao' },
      { value: 'en', lo: 'ອັງກິດ', en: 'English' },
    ],
    disability: [
      { value: 'yes', lo: 'ມີ', en: 'yes' },
      { value: 'no', lo: 'ບໍ່ມີ', en: 'no' },
      { value: 'not-stated', lo: 'ບໍ່ລະບຸ', en: 'not-stated' },
    ],
  },
  labels: {},
};

const codeIssue = (en: string, lo: string) => ({ field: 'code', label: { lo: 'ລະຫັດເຂົ້າຮ່ວມ', en: 'Join code' }, message: { en, lo } });

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
}

/** A fake of /api/join: `answer` decides each reply; every request is kept. */
class FakeApi {
  sent: Sent[] = [];
  answer: (req: Sent) => Response | Promise<Response> = (req) => this.standard(req);
  private real = window.fetch;
  install() {
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      const req = { url, method: init?.method ?? 'GET', headers, body: init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : null };
      this.sent.push(req);
      return this.answer(req);
    };
  }
  uninstall() {
    window.fetch = this.real;
  }
  standard(req: Sent): Response {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
    const path = new URL(req.url).pathname;
    if (req.method === 'GET') {
      return path === `/api/join/${CODE}` ? json(200, INFO) : json(404, { error: 'code: no cohort has this join code', issues: [codeIssue('no cohort has this join code; check it with your trainer', 'ບໍ່ພົບລະຫັດນີ້: ກະລຸນາກວດເບິ່ງກັບຄູຝຶກ')] });
    }
    if (path === '/api/join/me') {
      return json(200, { learner: { id: 'learner-0' }, actor: { ...ACTOR, account: { ...ACTOR.account, name: 'learner-0' } }, cohort: { name: INFO.cohort.name }, courses: INFO.courses });
    }
    return json(201, { token: 'clt_new-token', expires: '2099-01-01T00:00:00.000Z', actor: ACTOR, learner: { id: 'learner-1', name: req.body?.name }, cohort: { name: INFO.cohort.name }, courses: INFO.courses });
  }
}

let api: FakeApi;

async function start(attrs: Record<string, string> = {}): Promise<ChampaJoin> {
  return mount<ChampaJoin>('champa-join', {}, { src: SERVER, ...attrs });
}

const input = (el: ChampaJoin, id: string) => $<HTMLInputElement>(el, `#${id}`);
async function type(el: ChampaJoin, id: string, value: string) {
  const i = input(el, id);
  i.value = value;
  i.dispatchEvent(new Event('input'));
  await el.updateComplete;
}
async function choose(el: ChampaJoin, id: string, value: string) {
  const s = $<HTMLSelectElement>(el, `#${id}`);
  s.value = value;
  s.dispatchEvent(new Event('change'));
  await el.updateComplete;
}
const heading = (el: ChampaJoin) => $(el, 'h2').textContent!.trim();
const submit = async (el: ChampaJoin) => {
  $<HTMLButtonElement>(el, 'form button[type=submit]').click();
  await el.updateComplete;
};
async function toDetails(el: ChampaJoin) {
  await type(el, 'f-code', CODE);
  await submit(el);
  await until(() => heading(el) === 'ຂໍ້ມູນຂອງທ່ານ' || heading(el) === 'About you', 'the details step');
}

describe('<champa-join>', () => {
  beforeEach(async () => {
    await setViewport({ width: 800, height: 600 });
    forgetLearner(SERVER);
    api = new FakeApi();
    api.install();
  });
  afterEach(() => {
    api.uninstall();
    unmountAll();
    forgetLearner(SERVER);
  });

  it('starts in Lao with a labelled code box, and takes a code however it is typed (lower case, spaces, Lao digits)', async () => {
    const el = await start();
    equal(heading(el), 'ເຂົ້າຮ່ວມການຝຶກອົບຮົມ', 'Lao heading');
    equal($(el, 'label[for=f-code]').textContent!.trim(), 'ລະຫັດເຂົ້າຮ່ວມ', 'the code box has a label');
    const typed = 'k7m ' + '໒' + 'qx';
    await type(el, 'f-code', typed);
    await submit(el);
    await until(() => heading(el) === 'ຂໍ້ມູນຂອງທ່ານ', 'the details step');
    equal(new URL(api.sent[0]!.url).pathname, `/api/join/${CODE}`, 'normalised code sent to the server');
    assert($(el, '[part=cohort]').textContent!.includes(INFO.cohort.name), 'the cohort name');
    assert($(el, '[part=cohort]').textContent!.includes('ສິດຂອງຜູ້ອອກແຮງງານ'), 'the course title in Lao');
    equal(deepActive(), $(el, 'h2'), 'focus moves to the new step');
  });

  it('a code of the wrong shape is refused on the device, announced and tied to the box', async () => {
    const el = await start();
    await type(el, 'f-code', 'AB1');
    await submit(el);
    equal(api.sent.length, 0, 'nothing sent');
    const box = input(el, 'f-code');
    equal(box.getAttribute('aria-invalid'), 'true', 'aria-invalid');
    assert(box.getAttribute('aria-describedby')!.split(' ').includes('e-code'), 'described by its error');
    equal($(el, '#e-code').textContent!.trim(), 'ລະຫັດມີ 6 ຕົວອັກສອນ ແລະ ຕົວເລກ', 'Lao message');
    equal(deepActive(), box, 'focus back on the box');
  });

  it("an unknown code shows the server's message in the participant's language", async () => {
    const el = await start();
    await type(el, 'f-code', 'ZZZZZZ');
    await submit(el);
    await until(() => $$(el, '#e-code').length > 0, 'an error');
    equal($(el, '#e-code').textContent!.trim(), 'ບໍ່ພົບລະຫັດນີ້: ກະລຸນາກວດເບິ່ງກັບຄູຝຶກ', 'Lao');
    $<HTMLButtonElement>(el, 'button[lang=en]').click();
    await el.updateComplete;
    equal($(el, '#e-code').textContent!.trim(), 'no cohort has this join code; check it with your trainer', 'English after the switch');
    equal(heading(el), 'Join a training', 'English heading');
  });

  it('a code in the `code` attribute (from a scanned QR code) is looked up at once', async () => {
    const el = await start({ code: CODE.toLowerCase() });
    await until(() => heading(el) === 'ຂໍ້ມູນຂອງທ່ານ', 'the details step');
    equal(api.sent.length, 1, 'one look-up');
  });

  it('name and sex are required: both errors show, a summary is announced, focus goes to the first', async () => {
    const el = await start();
    await toDetails(el);
    await submit(el);
    equal(api.sent.length, 1, 'not sent');
    const summary = $(el, '.summary');
    equal(summary.getAttribute('role'), 'alert', 'the summary is announced');
    equal($$(summary, 'li').length, 2, 'two problems');
    equal(input(el, 'f-name').getAttribute('aria-invalid'), 'true', 'name marked');
    assert($$(el, '#e-sex').length === 1, 'sex has its error');
    equal(deepActive(), input(el, 'f-name'), 'focus on the first problem');
  });

  it('joins: sends the details, keeps the token on the device, fires champa-joined (bubbling, composed) and says so', async () => {
    const el = await start();
    await toDetails(el);
    await type(el, 'f-name', 'ນາງ ແກ້ວ');
    $<HTMLInputElement>(el, 'input[name=sex][value=female]').click();
    await el.updateComplete;
    await type(el, 'f-birthYear', '໑໙໙໐');
    await choose(el, 'f-districtCode', 'VT01');
    await type(el, 'f-position', 'ຮອງຫົວໜ້າ');
    let event: ChampaJoinedEvent | null = null;
    const listener = (e: Event) => (event = e as ChampaJoinedEvent);
    document.addEventListener('champa-joined', listener);
    await submit(el);
    await until(() => event !== null, 'champa-joined');
    document.removeEventListener('champa-joined', listener);
    const post = api.sent[1]!;
    equal(post.method, 'POST', 'POST');
    equal(new URL(post.url).pathname, '/api/join', 'to /api/join');
    equal(
      post.body,
      { code: CODE, name: 'ນາງ ແກ້ວ', sex: 'female', preferredLanguage: 'lo', consent: false, birthYear: 1990, organisationId: 'org-a', position: 'ຮອງຫົວໜ້າ', provinceCode: 'LA-VT', districtCode: 'VT01' },
      'the details, with the cohort organisation and province as defaults',
    );
    const e = event as unknown as ChampaJoinedEvent;
    assert(e instanceof ChampaJoinedEvent && e.bubbles && e.composed, 'a bubbling, composed ChampaJoinedEvent');
    equal([e.token, e.actor, e.learnerId], ['clt_new-token', ACTOR, 'learner-1'], 'token, actor and learner id');
    equal(JSON.parse(localStorage.getItem(`champa-learner:${SERVER}`)!), { token: 'clt_new-token', expires: '2099-01-01T00:00:00.000Z', actor: ACTOR, learnerId: 'learner-1' }, 'kept under champa-learner:<origin>');
    equal(heading(el), 'ທ່ານໄດ້ເຂົ້າຮ່ວມແລ້ວ', 'done');
    assert($(el, '[part=done]').textContent!.includes(INFO.cohort.name), 'names the cohort');
    equal(learnerFor(readStoredLearner(SERVER)!, SERVER), { endpoint: `${SERVER}/xapi/`, auth: 'Bearer clt_new-token', actor: ACTOR }, 'the learner <champa-course> takes');
  });

  it("the server's field errors show beside their fields, in Lao or English, and consent reveals the voluntary fields", async () => {
    api.answer = (req) =>
      req.method === 'POST'
        ? new Response(
            JSON.stringify({
              error: 'body.birthYear: must not be in the future',
              issues: [{ field: 'birthYear', label: { lo: 'ປີເກີດ', en: 'Year of birth' }, message: { en: 'must not be in the future', lo: 'ຕ້ອງບໍ່ແມ່ນປີໃນອະນາຄົດ' } }],
            }),
            { status: 400 },
          )
        : api.standard(req);
    const el = await start();
    await toDetails(el);
    equal($$(el, '#f-ethnicity').length, 0, 'no ethnicity box without consent');
    $<HTMLInputElement>(el, '#f-consent').click();
    await el.updateComplete;
    assert($$(el, '#f-ethnicity').length === 1 && $$(el, '#f-disability').length === 1, 'consent shows ethnicity and disability');
    await type(el, 'f-name', 'A');
    $<HTMLInputElement>(el, 'input[name=sex][value=male]').click();
    await type(el, 'f-birthYear', '2999');
    await submit(el);
    await until(() => $$(el, '#e-birthYear').length > 0, 'the error');
    equal($(el, '#e-birthYear').textContent!.trim(), 'ຕ້ອງບໍ່ແມ່ນປີໃນອະນາຄົດ', 'Lao');
    equal(deepActive(), input(el, 'f-birthYear'), 'focus on the field');
    equal(api.sent[1]!.body!.consent, true, 'consent sent');
    $<HTMLButtonElement>(el, 'button[lang=en]').click();
    await el.updateComplete;
    equal($(el, '#e-birthYear').textContent!.trim(), 'must not be in the future', 'English');
    equal(localStorage.getItem(learnerStorageKey(SERVER)), null, 'nothing stored');
  });

  it('too many attempts, no connection and a cohort closed meanwhile are each explained', async () => {
    const el = await start();
    api.answer = () => new Response('{"error":"Too many"}', { status: 429, headers: { 'Retry-After': '300' } });
    await type(el, 'f-code', CODE);
    await submit(el);
    await until(() => $$(el, '[role=alert]').length > 0, 'the 429 message');
    equal($(el, '[role=alert]').textContent!.trim(), 'ລອງຫຼາຍເທື່ອເກີນໄປ. ກະລຸນາລໍຖ້າ 5 ນາທີ ແລ້ວລອງໃໝ່.', '429 in minutes');
    api.answer = () => Promise.reject(new TypeError('Failed to fetch'));
    await submit(el);
    await until(() => $$(el, '[role=alert]').some((a) => a.textContent!.includes('ອິນເຕີເນັດ')), 'the offline message');

    api.answer = (req) =>
      req.method === 'POST'
        ? new Response(JSON.stringify({ issues: [codeIssue('this cohort is closed to new participants', 'ຊຸດຝຶກອົບຮົມນີ້ປິດຮັບຜູ້ເຂົ້າຮ່ວມໃໝ່ແລ້ວ')] }), { status: 403 })
        : api.standard(req);
    await submit(el);
    await until(() => heading(el) === 'ຂໍ້ມູນຂອງທ່ານ', 'the details step');
    await type(el, 'f-name', 'A');
    $<HTMLInputElement>(el, 'input[name=sex][value=male]').click();
    await submit(el);
    await until(() => heading(el) === 'ເຂົ້າຮ່ວມການຝຶກອົບຮົມ', 'back at the code step');
    equal($(el, '#e-code').textContent!.trim(), 'ຊຸດຝຶກອົບຮົມນີ້ປິດຮັບຜູ້ເຂົ້າຮ່ວມໃໝ່ແລ້ວ', 'why');
  });

  it('a device that already joined joins the new cohort as the same learner, or as someone else', async () => {
    const stored: StoredLearner = { token: 'clt_old', expires: '2099-01-01T00:00:00.000Z', actor: { ...ACTOR, account: { ...ACTOR.account, name: 'learner-0' } }, learnerId: 'learner-0' };
    storeLearner(SERVER, stored);
    const el = await start();
    await toDetails(el);
    equal($$(el, '#f-name').length, 0, 'no details form at first');
    let event: ChampaJoinedEvent | null = null;
    el.addEventListener('champa-joined', (e) => (event = e));
    $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent!.includes('ເຂົ້າຮ່ວມດ້ວຍການລົງທະບຽນນີ້'))!.click();
    await until(() => event !== null, 'champa-joined');
    const post = api.sent[1]!;
    equal([new URL(post.url).pathname, post.headers.authorization, post.body], ['/api/join/me', 'Bearer clt_old', { code: CODE }], 'joins with the stored token');
    equal((event as unknown as ChampaJoinedEvent).token, 'clt_old', 'the same token');

    unmountAll();
    const other = await start();
    await toDetails(other);
    $$<HTMLButtonElement>(other, 'button').find((b) => b.textContent!.includes('ຂ້ອຍແມ່ນຄົນອື່ນ'))!.click();
    await other.updateComplete;
    equal(deepActive(), input(other, 'f-name'), 'the form, focused on the name');
  });

  it('stored tokens: an expired or damaged entry reads as none', async () => {
    storeLearner(SERVER, { token: 'clt_x', expires: '2000-01-01T00:00:00.000Z', actor: ACTOR, learnerId: 'l' });
    equal(readStoredLearner(SERVER), null, 'expired');
    localStorage.setItem(learnerStorageKey(SERVER), '{not json');
    equal(readStoredLearner(SERVER), null, 'damaged');
    equal(learnerStorageKey('https://champa.example/some/page?x=1'), 'champa-learner:https://champa.example', 'keyed by origin');
  });

  it('keyboard: code, Enter, then name, sex by arrow keys and Enter to join', async () => {
    const el = await start();
    input(el, 'f-code').focus();
    await sendKeys({ type: CODE });
    await sendKeys({ press: 'Enter' });
    await until(() => heading(el) === 'ຂໍ້ມູນຂອງທ່ານ', 'the details step');
    input(el, 'f-name').focus();
    await sendKeys({ type: 'Keyboard Person' });
    await sendKeys({ press: 'Tab' });
    equal((deepActive() as HTMLInputElement).name, 'sex', 'Tab reaches the sex choices');
    await sendKeys({ press: 'ArrowRight' });
    equal((deepActive() as HTMLInputElement).value, 'male', 'arrow keys choose');
    await sendKeys({ press: 'Enter' });
    await until(() => heading(el) === 'ທ່ານໄດ້ເຂົ້າຮ່ວມແລ້ວ', 'joined');
    equal([api.sent[1]!.body!.name, api.sent[1]!.body!.sex], ['Keyboard Person', 'male'], 'sent');
  });

  it('at 360×640 every step fits without horizontal scrolling and passes axe', async () => {
    await setViewport({ width: 360, height: 640 });
    const el = await start();
    const fits = () => assert(el.scrollWidth <= 360 && document.documentElement.scrollWidth <= 360, `no horizontal scrolling (${el.scrollWidth}px)`);
    fits();
    await expectAccessible(el);
    await type(el, 'f-code', 'AB');
    await submit(el);
    await expectAccessible(el);
    await toDetails(el);
    fits();
    $<HTMLInputElement>(el, '#f-consent').click();
    await submit(el);
    await el.updateComplete;
    fits();
    await expectAccessible(el);
    await type(el, 'f-name', 'A');
    $<HTMLInputElement>(el, 'input[name=sex][value=other]').click();
    await submit(el);
    await until(() => heading(el) === 'ທ່ານໄດ້ເຂົ້າຮ່ວມແລ້ວ', 'joined');
    fits();
    await expectAccessible(el);
  });
});
