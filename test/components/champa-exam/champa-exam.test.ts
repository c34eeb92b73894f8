// <champa-exam> in Chromium, with the server's /api/exams answers faked behind a replaced fetch:
// the attempts left, starting (and resuming) the server's attempt, answering the keyless items
// of every type with native controls and the keyboard, no marking before the submit, the
// answers kept as resume state, the submit's body in xAPI response format, the server's grade
// with explanations and feedback, a submit without network kept and sent again when the
// device is online, 409 (no attempts left) and 410 (expired) said in Lao and English, and
// nothing about the final exam recorded through the Recorder. ARCHITECTURE "Final exams
// (server-graded)"; DESIGN §6 (nothing a learner does may be lost), §7.
import { sendKeys } from '@web/test-runner-commands';
import '../../../components/champa-progress/champa-progress.js';
import '../../../components/champa-exam/champa-exam.js';
import type { ChampaExam, ChampaExamPassedEvent } from '../../../components/champa-exam/champa-exam.js';
import type { ExamAttempt, ExamResult } from '../../../components/xapi/exam.js';
import type { ExamQuestion } from '../../../courses/schema.js';
import { $, $$, FakeRecorder, assert, course, deepActive, equal, expectAccessible, mount, unmountAll, until } from '../support.js';

const ORIGIN = 'https://training.test';
const SLUG = 'victim-identification';
const TOKEN = 'Bearer clt_exam_test';
const SEP = '[,]';
const PAIR = '[.]';

type Sent = { method: string; path: string; auth: string | null; body: unknown };

/** One item of each served type from the real course's final exam (served without keys). */
async function examItems(): Promise<ExamQuestion[]> {
  const c = await course(SLUG);
  const all = Object.values(c.finalExam!.questions);
  const order = ['single', 'multiple', 'true-false', 'ordering', 'matching', 'scenario'] as const;
  return order.map((type) => {
    const q = all.find((x) => x.type === type);
    assert(q, `the final exam has a ${type} item`);
    assert(!('explanation' in q) && !JSON.stringify(q).includes('"correct"'), `${q.id} is served without its key`);
    return q;
  });
}

/**
 * The exam API behind a replaced fetch: one attempt per start (the open one again while it is
 * open), graded by `grade` on submit. `offline` makes every call fail as without network;
 * `startStatus`/`submitStatus` answer a refusal instead.
 */
class FakeExamServer {
  sent: Sent[] = [];
  offline = false;
  startStatus = 0;
  submitStatus = 0;
  attemptsAllowed = 3;
  used = 0;
  open: ExamAttempt | null = null;
  graded: { attempt: string; result: ExamResult }[] = [];
  expired: string[] = [];
  grade: (answers: Record<string, string>) => boolean[] = (answers) => this.items.map((q) => !!answers[q.id]);
  #real = globalThis.fetch;
  #n = 0;

  constructor(readonly items: ExamQuestion[]) {}

  install(): this {
    this.#real = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input instanceof Request ? input.url : input), location.href);
      if (!url.pathname.startsWith('/api/exams/')) return this.#real(input, init);
      const sent: Sent = { method: init.method ?? 'GET', path: url.pathname, auth: new Headers(init.headers).get('Authorization'), body: init.body ? JSON.parse(String(init.body)) : undefined };
      this.sent.push(sent);
      if (this.offline) throw new TypeError('Failed to fetch');
      return this.answer(sent);
    }) as typeof fetch;
    return this;
  }

  uninstall(): void {
    globalThis.fetch = this.#real;
  }

  of(method: string, tail: RegExp): Sent[] {
    return this.sent.filter((s) => s.method === method && tail.test(s.path));
  }

  private answer(s: Sent): Response {
    const base = `/api/exams/${SLUG}/attempts`;
    const left = this.attemptsAllowed === 0 ? null : Math.max(0, this.attemptsAllowed - this.used);
    if (s.method === 'GET' && s.path === base) {
      const attempts = [
        ...this.graded.map((g) => ({ attempt: g.attempt, registration: 'r', started: '', expires: '', state: 'submitted', submitted: g.result.submitted, scaled: g.result.score.scaled, passed: g.result.passed })),
        ...this.expired.map((attempt) => ({ attempt, registration: 'r', started: '', expires: '', state: 'expired', submitted: null, scaled: null, passed: null })),
        ...(this.open ? [{ attempt: this.open.attempt, registration: 'r', started: this.open.started, expires: this.open.expires, state: 'open', submitted: null, scaled: null, passed: null }] : []),
      ];
      return Response.json({ course: SLUG, assessment: this.assessment, attemptsAllowed: this.attemptsAllowed, attemptsUsed: this.used, attemptsLeft: left, attempts });
    }
    if (s.method === 'POST' && s.path === base) {
      if (this.startStatus) return Response.json({ error: `refused ${this.startStatus}` }, { status: this.startStatus });
      if (left === 0) return Response.json({ error: 'rules.attemptsAllowed: all 3 attempts … are used' }, { status: 409 });
      if (!this.open) {
        const now = Date.now();
        this.open = {
          attempt: `attempt-${++this.#n}`,
          registration: crypto.randomUUID(),
          course: SLUG,
          version: '1.0.0',
          assessment: this.assessment,
          started: new Date(now).toISOString(),
          expires: new Date(now + 3 * 3600_000).toISOString(),
          masteryScore: 0.75,
          attemptsAllowed: this.attemptsAllowed,
          attemptsUsed: this.used,
          items: this.items,
        };
        return Response.json(this.open, { status: 201 });
      }
      return Response.json(this.open);
    }
    const submit = /\/attempts\/([^/]+)\/submit$/.exec(s.path);
    if (s.method === 'POST' && submit) {
      if (this.submitStatus === 410 && this.open) {
        // As the server sees it: the attempt is over, ungraded.
        this.expired.push(this.open.attempt);
        this.open = null;
      }
      if (this.submitStatus) return Response.json({ error: `refused ${this.submitStatus}` }, { status: this.submitStatus });
      const done = this.graded.find((g) => g.attempt === submit[1]);
      if (done) return Response.json({ error: 'already submitted' }, { status: 409 });
      const answers = (s.body as { answers: Record<string, string> }).answers;
      const right = this.grade(answers);
      const raw = right.filter(Boolean).length;
      const scaled = raw / this.items.length;
      const passed = scaled >= 0.75;
      this.used = passed ? 0 : this.used + 1;
      const result: ExamResult = {
        attempt: submit[1]!,
        registration: this.open!.registration,
        course: SLUG,
        assessment: this.assessment,
        submitted: new Date().toISOString(),
        score: { scaled, raw, min: 0, max: this.items.length },
        passed,
        masteryScore: 0.75,
        attemptsAllowed: this.attemptsAllowed,
        attemptsUsed: this.used,
        items: this.items.map((q, i) => ({
          id: q.id,
          response: answers[q.id] ?? '',
          success: right[i]!,
          explanation: { lo: `ຄຳອະທິບາຍ ${q.id}`, en: `Explanation of ${q.id}` },
          feedback: q.type === 'single' && answers[q.id] ? { [answers[q.id]!]: { lo: 'ຄຳຕິຊົມ', en: `Feedback on ${answers[q.id]}` } } : {},
        })),
      };
      this.graded.push({ attempt: submit[1]!, result });
      this.open = null;
      return Response.json(result);
    }
    const read = /\/attempts\/([^/]+)$/.exec(s.path);
    if (s.method === 'GET' && read) {
      const done = this.graded.find((g) => g.attempt === read[1]);
      if (done) return Response.json({ state: 'submitted', ...done.result });
      return Response.json({ state: 'open', ...this.open });
    }
    return Response.json({ error: `no route ${s.method} ${s.path}` }, { status: 404 });
  }

  get assessment(): string {
    return `https://champa.la/xapi/activities/course/${SLUG}/assessment/final`;
  }
}

let server: FakeExamServer;

async function setup(props: Partial<ChampaExam> = {}, attrs: Record<string, string> = {}, recorder = new FakeRecorder()) {
  const items = server.items;
  const passed: ChampaExamPassedEvent[] = [];
  const exam = await mount<ChampaExam>('champa-exam', { auth: TOKEN, recorder, items: 24, masteryScore: 0.75, ...props }, { course: SLUG, src: ORIGIN, ...attrs });
  exam.addEventListener('champa-exam-passed', (e) => passed.push(e));
  return { exam, recorder, items, passed };
}

const text = (el: Element) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');

async function settle(exam: ChampaExam, what: string, check: () => boolean): Promise<void> {
  await until(check, what);
  await exam.updateComplete;
}

const phase = (exam: ChampaExam) => (exam as unknown as { phase: string }).phase;
const current = (exam: ChampaExam) => $(exam, 'form.item').dataset.id!;

async function pressStart(exam: ChampaExam): Promise<void> {
  await settle(exam, 'the intro', () => !!exam.shadowRoot!.querySelector('[part~=start]'));
  $(exam, '[part~=start]').click();
}

async function startExam(exam: ChampaExam): Promise<void> {
  await pressStart(exam);
  await settle(exam, 'the first item', () => !!exam.shadowRoot!.querySelector('form.item'));
}

async function press(exam: ChampaExam, selector: string): Promise<void> {
  $(exam, selector).click();
  await exam.updateComplete;
}

/** Answers the item on screen with a response chosen from its served ids (no key needed). */
async function answerShown(exam: ChampaExam, q: ExamQuestion): Promise<string> {
  const root = exam.shadowRoot!;
  switch (q.type) {
    case 'true-false':
      $<HTMLInputElement>(root, 'input[value="false"]').click();
      await exam.updateComplete;
      return 'false';
    case 'single':
    case 'scenario': {
      const id = q.choices[1]!.id;
      $<HTMLInputElement>(root, `input[value="${id}"]`).click();
      await exam.updateComplete;
      return id;
    }
    case 'multiple': {
      for (const c of [q.choices[2]!, q.choices[0]!]) {
        $<HTMLInputElement>(root, `input[value="${c.id}"]`).click();
        await exam.updateComplete;
      }
      return [q.choices[0]!.id, q.choices[2]!.id].join(SEP);
    }
    case 'ordering': {
      // Move the second item up: the first two swap.
      const [a, b, ...rest] = q.items.map((i) => i.id);
      $(root, `.move[data-id="${b}"][data-dir="-1"]`).click();
      await exam.updateComplete;
      return [b, a, ...rest].join(SEP);
    }
    case 'matching': {
      const selects = $$<HTMLSelectElement>(root, 'select');
      const pairs = q.left.map((l, i) => [l.id, q.right[i]!.id] as const);
      pairs.forEach(([, r], i) => {
        selects[i]!.value = r;
        selects[i]!.dispatchEvent(new Event('change'));
      });
      await exam.updateComplete;
      return pairs.map(([l, r]) => `${l}${PAIR}${r}`).join(SEP);
    }
  }
}

async function answerAll(exam: ChampaExam, items: ExamQuestion[]): Promise<Record<string, string>> {
  const given: Record<string, string> = {};
  for (let i = 0; i < items.length; i++) {
    const q = items.find((x) => x.id === current(exam))!;
    given[q.id] = await answerShown(exam, q);
    await press(exam, '[part~=next]');
  }
  await settle(exam, 'the review', () => phase(exam) === 'review');
  return given;
}

describe('<champa-exam>', () => {
  beforeEach(async () => {
    server = new FakeExamServer(await examItems()).install();
  });
  afterEach(() => {
    unmountAll();
    server.uninstall();
  });

  it('shows the attempts left from the server before starting, in Lao by default, and is accessible', async () => {
    const { exam } = await setup();
    await settle(exam, 'the intro', () => phase(exam) === 'intro');
    const t = text(exam);
    assert(t.includes('ການສອບເສັງທ້າຍຫຼັກສູດ'), `Lao title: ${t}`);
    assert(t.includes('ຍັງສອບໄດ້ອີກ ໓ ຄັ້ງ') || t.includes('ຍັງສອບໄດ້ອີກ 3 ຄັ້ງ'), `attempts left in Lao: ${t}`);
    equal(server.of('GET', /\/attempts$/).length, 1, 'GET /api/exams/<slug>/attempts once');
    equal(server.sent[0]!.auth, TOKEN, 'with the learner token');
    equal(server.of('POST', /\/attempts$/).length, 0, 'no attempt is started until the learner asks');
    await expectAccessible(exam);
  });

  it('starts the server\'s attempt and asks its keyless items one at a time with no marking; nothing is recorded, the answers are resume state', async () => {
    const { exam, recorder, items } = await setup({}, { lang: 'en' });
    await startExam(exam);
    equal(server.of('POST', /\/attempts$/).length, 1, 'POST /api/exams/<slug>/attempts');
    assert(text(exam).includes('Question 1 of 6'), 'item 1 of the attempt\'s 6');
    equal(current(exam), items[0]!.id, 'in the attempt\'s order');
    await expectAccessible(exam);
    const given = await answerAll(exam, items);
    const t = text(exam);
    assert(!/Correct|Not correct|✓ Correct/.test(t), 'nothing marked before the submit');
    assert(t.includes('You have answered every question.'), t);
    const kept = recorder.state.get('final-exam') as { attempt: { attempt: string }; answers: Record<string, string> };
    equal(kept.attempt.attempt, 'attempt-1', 'the attempt kept on the device');
    equal(kept.answers, given, 'every answer kept as resume state, in xAPI format with the served ids');
    equal(recorder.calls, [], 'no statement through the Recorder');
    await expectAccessible(exam);
  });

  it('submits the answers once and shows the server\'s grade: score, passed, each item with its explanation and feedback; champa-exam-passed carries it', async () => {
    const { exam, recorder, items, passed } = await setup({}, { lang: 'en' });
    await startExam(exam);
    const given = await answerAll(exam, items);
    await press(exam, '[part~=submit]');
    await settle(exam, 'the result', () => phase(exam) === 'result');
    const submits = server.of('POST', /\/submit$/);
    equal(submits.length, 1, 'one submit');
    equal(submits[0]!.path, `/api/exams/${SLUG}/attempts/attempt-1/submit`, 'of the attempt');
    equal(submits[0]!.body, { answers: given }, 'with every answer');
    const t = text(exam);
    assert(t.includes('Score 100%') && t.includes('✓ Passed'), t);
    assert(t.includes('6 of 6 right'), t);
    for (const q of items) assert(t.includes(`Explanation of ${q.id}`), `explanation of ${q.id}`);
    assert(t.includes(`Feedback on ${given[items[0]!.id]}`), 'the feedback of the choice made');
    equal(passed.length, 1, 'champa-exam-passed once');
    equal([passed[0]!.scaled, passed[0]!.raw, passed[0]!.max, passed[0]!.assessment], [1, 6, 6, server.assessment], 'with the server\'s score');
    assert(passed[0]!.bubbles && passed[0]!.composed, 'bubbles out of shadow roots');
    equal(recorder.calls, [], 'still no statement through the Recorder');
    equal(deepActive(), $(exam, 'h2'), 'focus on the result heading');
    await expectAccessible(exam);
  });

  it('a failed attempt shows what was wrong, the attempts left and "Try again"; no pass event', async () => {
    const { exam, items, passed } = await setup({}, { lang: 'en' });
    server.grade = () => items.map((_, i) => i < 2);
    await startExam(exam);
    await answerAll(exam, items);
    await press(exam, '[part~=submit]');
    await settle(exam, 'the result', () => phase(exam) === 'result');
    const t = text(exam);
    assert(t.includes('✗ Not passed') && t.includes('Attempts left: 2.'), t);
    equal($$(exam, 'ol.graded li.is-wrong').length, 4, 'four items marked wrong');
    equal(passed.length, 0, 'no champa-exam-passed');
    assert($(exam, '[part~=start]').textContent!.includes('Try again'), 'Try again');
  });

  it('is keyboard-operable: arrow keys choose, Enter goes on with focus on the next item\'s heading; moving an ordering item keeps the focus on it', async () => {
    const { exam, items } = await setup({}, { lang: 'en' });
    await startExam(exam);
    const single = items[0] as Extract<ExamQuestion, { type: 'single' | 'multiple' }>;
    $<HTMLInputElement>(exam, `input[value="${single.choices[0]!.id}"]`).focus();
    await sendKeys({ press: 'ArrowDown' });
    await exam.updateComplete;
    equal((exam as unknown as { saved: { answers: Record<string, string> } }).saved.answers[single.id], single.choices[1]!.id, 'ArrowDown chose the next choice');
    await sendKeys({ press: 'Enter' });
    await exam.updateComplete;
    equal(current(exam), items[1]!.id, 'Enter went to the next item');
    equal(deepActive(), $(exam, 'h3'), 'focus on "Question 2 of 6"');
    // On to the ordering item.
    await press(exam, '[part~=next]');
    await press(exam, '[part~=next]');
    const ordering = items[3] as Extract<ExamQuestion, { type: 'ordering' }>;
    equal(current(exam), ordering.id, 'the ordering item');
    const second = ordering.items[1]!.id;
    $(exam, `.move[data-id="${second}"][data-dir="1"]`).focus();
    await sendKeys({ press: 'Enter' });
    await exam.updateComplete;
    const active = deepActive() as HTMLElement;
    equal([active.dataset.id, active.dataset.dir], [second, '1'], 'focus stays on the moved item');
  });

  it('matching: a right-hand side chosen for a second left-hand item leaves the first (the server refuses a side used twice)', async () => {
    const { exam, items } = await setup({}, { lang: 'en' });
    await startExam(exam);
    const q = items[4] as Extract<ExamQuestion, { type: 'matching' }>;
    for (let i = 0; i < 4; i++) await press(exam, '[part~=next]');
    equal(current(exam), q.id, 'the matching item');
    const selects = $$<HTMLSelectElement>(exam, 'select');
    const r = q.right[0]!.id;
    for (const s of [selects[0]!, selects[1]!]) {
      s.value = r;
      s.dispatchEvent(new Event('change'));
      await exam.updateComplete;
    }
    equal([selects[0]!.value, selects[1]!.value], ['', r], 'the side moved to the second');
    equal((exam as unknown as { saved: { answers: Record<string, string> } }).saved.answers[q.id], `${q.left[1]!.id}${PAIR}${r}`, 'one pair in the response');
  });

  it('a reload resumes the open attempt at the same item with the answers given (startExam answers the open one)', async () => {
    const recorder = new FakeRecorder();
    const first = await setup({}, { lang: 'en' }, recorder);
    await startExam(first.exam);
    const given = await answerShown(first.exam, first.items[0]!);
    await press(first.exam, '[part~=next]');
    unmountAll();
    const { exam } = await setup({}, { lang: 'en' }, recorder);
    await settle(exam, 'the resumed item', () => !!exam.shadowRoot!.querySelector('form.item'));
    equal(current(exam), first.items[1]!.id, 'at the item the learner was on');
    await press(exam, '[part~=previous]');
    equal($<HTMLInputElement>(exam, `input[value="${given}"]`).checked, true, 'the earlier answer is still chosen');
    equal(server.of('POST', /\/attempts$/).length, 1, 'no second attempt was started');
  });

  it('without network the submit waits with the answers kept, says it will submit when online, and is sent when the device is back online', async () => {
    const recorder = new FakeRecorder();
    const { exam, items, passed } = await setup({}, { lang: 'en' }, recorder);
    await startExam(exam);
    const given = await answerAll(exam, items);
    server.offline = true;
    await press(exam, '[part~=submit]');
    await settle(exam, 'waiting for the network', () => phase(exam) === 'waiting');
    assert(text(exam).includes('will be submitted by themselves when you are online'), text(exam));
    const kept = recorder.state.get('final-exam') as { submitted: boolean; answers: Record<string, string> };
    equal([kept.submitted, kept.answers], [true, given], 'the answers and the wish to submit are kept');
    await expectAccessible(exam);
    server.offline = false;
    dispatchEvent(new Event('online'));
    await settle(exam, 'the result', () => phase(exam) === 'result');
    equal(server.of('POST', /\/submit$/).filter((s) => JSON.stringify(s.body) === JSON.stringify({ answers: given })).length, 2, 'the same answers sent again');
    equal(passed.length, 1, 'graded once, passed');
  });

  it('a submit whose answer was lost is sent again after a reload, and the stored grade is read back', async () => {
    const recorder = new FakeRecorder();
    const first = await setup({}, { lang: 'en' }, recorder);
    await startExam(first.exam);
    await answerAll(first.exam, first.items);
    // The server grades, but the phone never hears back.
    const real = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      await real(input, init);
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await press(first.exam, '[part~=submit]');
    await settle(first.exam, 'waiting', () => phase(first.exam) === 'waiting');
    globalThis.fetch = real;
    unmountAll();
    const { exam, passed } = await setup({}, { lang: 'en' }, recorder);
    await settle(exam, 'the result', () => phase(exam) === 'result');
    equal(server.graded.length, 1, 'graded once');
    assert(server.sent.some((s) => s.method === 'GET' && /\/attempts\/attempt-1$/.test(s.path)), 'the stored grade read back (GET …/attempts/:id)');
    equal(passed.length, 1, 'the pass is announced');
  });

  it('409 on start: every attempt is used (Lao and English)', async () => {
    server.startStatus = 409;
    const lo = await setup();
    await pressStart(lo.exam);
    await settle(lo.exam, 'the message', () => !!lo.exam.shadowRoot!.querySelector('.notice'));
    assert(text(lo.exam).includes('ທ່ານໃຊ້ສິດສອບເສັງຄົບທຸກຄັ້ງແລ້ວ'), text(lo.exam));
    equal($(lo.exam, '[role=alert]').textContent!.trim().length > 0, true, 'said as an alert');
    unmountAll();
    const en = await setup({}, { lang: 'en' });
    await pressStart(en.exam);
    await settle(en.exam, 'the message', () => !!en.exam.shadowRoot!.querySelector('.notice'));
    assert(text(en.exam).includes('You have used every attempt allowed at this exam.'), text(en.exam));
    await expectAccessible(en.exam);
  });

  it('no attempts left is shown before starting, with no start button', async () => {
    server.used = 3;
    const { exam } = await setup({}, { lang: 'en' });
    await settle(exam, 'the intro', () => phase(exam) === 'intro');
    assert(text(exam).includes('You have used all your attempts.'), text(exam));
    equal(exam.shadowRoot!.querySelector('[part~=start]'), null, 'no start');
  });

  it('410 on submit: the attempt expired, said in Lao and English; its answers are let go and a new attempt can start', async () => {
    for (const lang of ['lo', 'en'] as const) {
      const recorder = new FakeRecorder();
      const { exam, items } = await setup({}, { lang }, recorder);
      await startExam(exam);
      await answerAll(exam, items);
      server.submitStatus = 410;
      await press(exam, '[part~=submit]');
      await settle(exam, 'the intro', () => phase(exam) === 'intro' && !!exam.shadowRoot!.querySelector('.notice'));
      const t = text(exam);
      assert(lang === 'lo' ? t.includes('ເວລາຂອງການສອບເສັງເທື່ອນີ້ໝົດແລ້ວ') : t.includes('This attempt has expired'), t);
      equal((recorder.state.get('final-exam') as { attempt: unknown }).attempt, null, 'the expired attempt is no longer kept');
      // A new attempt can start.
      server.submitStatus = 0;
      assert(exam.shadowRoot!.querySelector('[part~=start]'), 'a start button');
      unmountAll();
    }
  });

  it('with no Champa learner it says why and asks the server nothing', async () => {
    const { exam } = await setup({ auth: '' }, { lang: 'en' });
    await settle(exam, 'the intro', () => phase(exam) === 'intro');
    assert(text(exam).includes('join your training first'), text(exam));
    equal(server.sent, [], 'no request');
    equal(exam.shadowRoot!.querySelector('[part~=start]'), null, 'no start');
  });
});
