// <champa-join>: a participant joins a cohort with the trainer's code (DESIGN §5, way in 1):
// code → the cohort and its courses → the participant's details → a learner token, kept on
// the device (localStorage, see shared/learner-store.ts, re-exported here) and announced with
// `champa-joined`. Not for staff sign-in, nor for the course itself: <champa-course> takes the
// learner this produces (learnerFor()).
//
// The Lao strings are machine-drafted and await review by a native speaker.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { defaultServer } from '../champa-lesson/champa-lesson.js';
import { ChampaElement } from '../shared/base.js';
import { baseStyles } from '../shared/base.styles.js';
import { ChampaLangChangeEvent } from '../shared/events.js';
import { toLang, type Lang } from '../shared/i18n.js';
import { forgetLearner, readStoredLearner, storeLearner, type JoinActor, type StoredLearner } from '../shared/learner-store.js';
import { styles } from './champa-join.styles.js';

export interface Localised {
  lo: string;
  en: string;
}

export interface JoinedCourse {
  slug: string;
  title: Localised;
  certification: boolean;
}

// ---------------------------------------------------------------------------------------
// The token on the device: kept in components/shared/learner-store.ts, so that <champa-course>
// finds it without loading this element.

export {
  forgetLearner,
  LEARNER_STORAGE_PREFIX,
  learnerFor,
  learnerStorageKey,
  readStoredLearner,
  storeLearner,
  type JoinActor,
  type StoredLearner,
} from '../shared/learner-store.js';

/** A participant joined: the token (already stored on the device), the actor and what they joined. */
export class ChampaJoinedEvent extends Event {
  static readonly type = 'champa-joined';
  constructor(
    readonly token: string,
    readonly actor: JoinActor,
    readonly expires: string,
    readonly learnerId: string,
    readonly cohort: { name: string },
    readonly courses: JoinedCourse[],
  ) {
    super(ChampaJoinedEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'champa-joined': ChampaJoinedEvent;
  }
  interface HTMLElementTagNameMap {
    'champa-join': ChampaJoin;
  }
}

// ---------------------------------------------------------------------------------------
// What the server says (GET /api/join/:code, POST /api/join).

interface Choice {
  value: string;
  lo: string;
  en: string;
}

interface JoinInfo {
  code: string;
  cohort: {
    name: string;
    organisation: { id: string; nameLo: string | null; nameEn: string | null };
    provinceCode: string | null;
    districtCode: string | null;
    startsOn: string;
    endsOn: string | null;
    mode: string;
  };
  courses: JoinedCourse[];
  choices: {
    organisations: { id: string; nameLo: string | null; nameEn: string | null }[];
    provinces: { code: string; nameLo: string; nameEn: string }[];
    districts: { code: string; provinceCode: string; nameLo: string; nameEn: string }[];
    sex: Choice[];
    ageBands: string[];
    languages: Choice[];
    disability: Choice[];
  };
}

interface Issue {
  field: string;
  message: Localised;
}

const T = {
  lo: {
    title: 'ເຂົ້າຮ່ວມການຝຶກອົບຮົມ',
    language: 'ພາສາ',
    codeLabel: 'ລະຫັດເຂົ້າຮ່ວມ',
    codeHint: 'ໃສ່ລະຫັດ 6 ຕົວທີ່ຄູຝຶກໃຫ້ທ່ານ.',
    codeShape: 'ລະຫັດມີ 6 ຕົວອັກສອນ ແລະ ຕົວເລກ',
    next: 'ຕໍ່ໄປ',
    checking: 'ກຳລັງກວດ…',
    aboutYou: 'ຂໍ້ມູນຂອງທ່ານ',
    courses: 'ຫຼັກສູດ',
    dates: 'ວັນທີ',
    required: 'ຕ້ອງໃສ່',
    name: 'ຊື່ ແລະ ນາມສະກຸນ',
    sex: 'ເພດ',
    birthYear: 'ປີເກີດ',
    birthYearHint: 'ເຊັ່ນ 1990',
    or: 'ຫຼື',
    ageBand: 'ຊ່ວງອາຍຸ',
    under18: 'ຕ່ຳກວ່າ 18 ປີ',
    over65: '65 ປີຂຶ້ນໄປ',
    years: 'ປີ',
    organisation: 'ອົງການ',
    position: 'ຕຳແໜ່ງ',
    province: 'ແຂວງ',
    district: 'ເມືອງ',
    preferredLanguage: 'ພາສາທີ່ຕ້ອງການ',
    choose: '— ເລືອກ —',
    optional: 'ບໍ່ບັງຄັບ',
    consent: 'ຂ້ອຍຍິນຍອມໃຫ້ຂໍ້ມູນຊົນເຜົ່າ ແລະ ຄວາມພິການ',
    consentHint: 'ບໍ່ບັງຄັບ: ທ່ານບໍ່ຕ້ອງໃຫ້ກໍໄດ້.',
    ethnicity: 'ຊົນເຜົ່າ',
    disability: 'ຄວາມພິການ',
    join: 'ເຂົ້າຮ່ວມ',
    joining: 'ກຳລັງລົງທະບຽນ…',
    changeCode: 'ປ່ຽນລະຫັດ',
    fix: 'ກະລຸນາແກ້ໄຂ:',
    joined: 'ທ່ານໄດ້ເຂົ້າຮ່ວມແລ້ວ',
    joinedIn: (name: string) => `ທ່ານໄດ້ເຂົ້າຮ່ວມ “${name}” ແລ້ວ.`,
    kept: 'ອຸປະກອນນີ້ຈະຈື່ທ່ານໄວ້ ເພື່ອໃຫ້ຄວາມຄືບໜ້າຂອງທ່ານບໍ່ເສຍ.',
    notKept: 'ບຣາວເຊີນີ້ບໍ່ອະນຸຍາດໃຫ້ເກັບຂໍ້ມູນ: ຖ້າທ່ານປິດໜ້ານີ້, ທ່ານຈະຕ້ອງເຂົ້າຮ່ວມອີກ.',
    registered: 'ອຸປະກອນນີ້ລົງທະບຽນໄວ້ແລ້ວ.',
    joinAsMe: 'ເຂົ້າຮ່ວມດ້ວຍການລົງທະບຽນນີ້',
    someoneElse: 'ຂ້ອຍແມ່ນຄົນອື່ນ',
    offline: 'ບໍ່ມີການເຊື່ອມຕໍ່ອິນເຕີເນັດ. ກະລຸນາລອງໃໝ່ເມື່ອເຊື່ອມຕໍ່ໄດ້.',
    tooMany: (min: number) => `ລອງຫຼາຍເທື່ອເກີນໄປ. ກະລຸນາລໍຖ້າ ${min} ນາທີ ແລ້ວລອງໃໝ່.`,
    failed: 'ມີບັນຫາຢູ່ເຊີບເວີ. ກະລຸນາລອງໃໝ່.',
  },
  en: {
    title: 'Join a training',
    language: 'Language',
    codeLabel: 'Join code',
    codeHint: 'Enter the 6-character code your trainer gave you.',
    codeShape: 'The code has 6 letters and digits',
    next: 'Next',
    checking: 'Checking…',
    aboutYou: 'About you',
    courses: 'Courses',
    dates: 'Dates',
    required: 'required',
    name: 'Name',
    sex: 'Sex',
    birthYear: 'Year of birth',
    birthYearHint: 'e.g. 1990',
    or: 'or',
    ageBand: 'Age band',
    under18: 'under 18',
    over65: '65 or older',
    years: 'years',
    organisation: 'Organisation',
    position: 'Position',
    province: 'Province',
    district: 'District',
    preferredLanguage: 'Preferred language',
    choose: '— choose —',
    optional: 'optional',
    consent: 'I agree to give my ethnic group and disability status',
    consentHint: 'Optional: you may leave this out.',
    ethnicity: 'Ethnic group',
    disability: 'Disability',
    join: 'Join',
    joining: 'Joining…',
    changeCode: 'Change code',
    fix: 'Please correct:',
    joined: 'You have joined',
    joinedIn: (name: string) => `You have joined “${name}”.`,
    kept: 'This device will remember you, so your progress is not lost.',
    notKept: 'This browser does not allow storage: if you close this page you will have to join again.',
    registered: 'This device is already registered.',
    joinAsMe: 'Join with this registration',
    someoneElse: 'I am someone else',
    offline: 'No internet connection. Please try again when you are connected.',
    tooMany: (min: number) => `Too many attempts. Please wait ${min} minutes and try again.`,
    failed: 'Something went wrong on the server. Please try again.',
  },
} as const;

type Step = 'code' | 'details' | 'done';
type Values = Record<string, string>;

const LAO_DIGITS = '໐໑໒໓໔໕໖໗໘໙';
const asciiDigits = (s: string) => s.replace(/[໐-໙]/g, (d) => String(LAO_DIGITS.indexOf(d)));
const normaliseCode = (s: string) => asciiDigits(s.normalize('NFKC')).replace(/[\s-]+/g, '').toUpperCase();

/**
 * The join form: the participant enters the trainer's code, sees the cohort and its
 * courses, gives their details (name and sex required; year of birth or age band,
 * organisation, position, province, district, language; ethnic group and disability only
 * with consent) and joins. The learner token is stored on the device under
 * `learnerStorageKey(src)` and announced with `champa-joined`. A device that already holds
 * a token may join the new cohort as the same learner. Lao first; every field has a label,
 * errors are announced and tied to their fields, and focus moves to each new step.
 *
 * @summary Join a cohort with a code; keeps the learner token on the device.
 *
 * @csspart code-input - The join code box.
 * @csspart cohort - The box that shows the cohort and its courses.
 * @csspart form - The details form.
 * @csspart done - The message after joining.
 *
 * @cssprop --champa-color-accent - Buttons and choices.
 * @cssprop --champa-color-bad - Errors.
 *
 * @event champa-joined - The participant joined (`ChampaJoinedEvent`: token, actor, expires, learnerId, cohort, courses).
 * @event champa-lang-change - The participant switched the language.
 */
@customElement('champa-join')
export class ChampaJoin extends ChampaElement {
  static override styles = [baseStyles, styles];

  /** Origin of the Champa server; default: where the elements were loaded from. */
  @property() src = '';
  /** A code to start with (e.g. from the ?code= of a scanned QR code): looked up at once. */
  @property() code = '';

  @state() private step: Step = 'code';
  @state() private busy = false;
  @state() private info: JoinInfo | null = null;
  @state() private issues: Issue[] = [];
  @state() private problem: Localised | null = null;
  @state() private values: Values = {};
  @state() private stored: StoredLearner | null = null;
  @state() private someoneElse = false;
  @state() private result: { cohort: { name: string }; courses: JoinedCourse[]; kept: boolean } | null = null;

  private focusNext: string | null = null;
  private looked = '';

  private get server(): string {
    return this.src ? new URL('/', this.src).href : defaultServer();
  }

  private get t() {
    return T[this.l];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('code') && this.code && normaliseCode(this.code) !== this.looked && this.step === 'code') {
      this.values = { ...this.values, code: this.code };
      void this.lookUp(this.code);
    }
  }

  protected override updated(): void {
    if (!this.focusNext) return;
    const el = this.renderRoot.querySelector<HTMLElement>(this.focusNext);
    this.focusNext = null;
    el?.focus();
  }

  private api(path: string): string {
    return new URL(`/api/join${path}`, this.server).href;
  }

  /** Turns an answer that is not a success into what the participant should read. */
  private async refusal(res: Response): Promise<{ issues: Issue[]; problem: Localised | null }> {
    if (res.status === 429) {
      const min = Math.max(1, Math.ceil(Number(res.headers.get('retry-after') ?? 60) / 60));
      return { issues: [], problem: { lo: T.lo.tooMany(min), en: T.en.tooMany(min) } };
    }
    const answer = (await res.json().catch(() => null)) as { issues?: Issue[] } | null;
    if (answer?.issues?.length) return { issues: answer.issues, problem: null };
    return { issues: [], problem: { lo: T.lo.failed, en: T.en.failed } };
  }

  private offline(): Localised {
    return { lo: T.lo.offline, en: T.en.offline };
  }

  private async lookUp(typed: string): Promise<void> {
    const code = normaliseCode(typed);
    this.issues = [];
    this.problem = null;
    if (!/^[0-9A-Z]{6}$/.test(code)) {
      this.issues = [{ field: 'code', message: { lo: T.lo.codeShape, en: T.en.codeShape } }];
      this.focusNext = '#f-code';
      return;
    }
    this.looked = code;
    this.busy = true;
    try {
      const res = await fetch(this.api(`/${encodeURIComponent(code)}`), { headers: { Accept: 'application/json' } });
      if (!res.ok) {
        Object.assign(this, await this.refusal(res));
        this.focusNext = '#f-code';
        return;
      }
      const info = (await res.json()) as JoinInfo;
      this.info = info;
      this.stored = readStoredLearner(this.server);
      this.someoneElse = false;
      this.values = {
        code: info.code,
        organisationId: info.cohort.organisation.id,
        provinceCode: info.cohort.provinceCode ?? '',
        districtCode: info.cohort.districtCode ?? '',
        preferredLanguage: this.l,
        ...Object.fromEntries(Object.entries(this.values).filter(([k]) => !['code', 'organisationId', 'provinceCode', 'districtCode'].includes(k))),
      };
      this.step = 'details';
      this.focusNext = 'h2';
    } catch {
      this.problem = this.offline();
      this.focusNext = '#f-code';
    } finally {
      this.busy = false;
    }
  }

  private async submitDetails(): Promise<void> {
    const v = this.values;
    const local: Issue[] = [];
    if (!(v.name ?? '').trim()) local.push({ field: 'name', message: { lo: T.lo.required, en: T.en.required } });
    if (!v.sex) local.push({ field: 'sex', message: { lo: T.lo.required, en: T.en.required } });
    this.problem = null;
    this.issues = local;
    if (local.length) {
      this.focusFirstIssue();
      return;
    }
    const year = asciiDigits(v.birthYear ?? '').trim();
    const body: Record<string, unknown> = {
      code: v.code,
      name: v.name,
      sex: v.sex,
      preferredLanguage: v.preferredLanguage || this.l,
      consent: v.consent === 'true',
    };
    if (year) body.birthYear = /^\d{1,4}$/.test(year) ? Number(year) : year;
    for (const k of ['ageBand', 'organisationId', 'position', 'provinceCode', 'districtCode'] as const) if (v[k]) body[k] = v[k];
    if (v.consent === 'true') for (const k of ['ethnicity', 'disability'] as const) if (v[k]) body[k] = v[k];
    await this.send('', body);
  }

  private async send(path: '' | '/me', body: Record<string, unknown>, token?: string): Promise<void> {
    this.busy = true;
    try {
      const res = await fetch(this.api(path), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      if (res.status === 401 && token) {
        // The device's token was revoked or expired: join afresh.
        forgetLearner(this.server);
        this.stored = null;
        this.focusNext = 'h2';
        return;
      }
      if (!res.ok) {
        const r = await this.refusal(res);
        if (r.issues.some((i) => i.field === 'code')) {
          // The cohort closed or its code changed while the form was open.
          this.step = 'code';
          this.issues = r.issues;
          this.focusNext = '#f-code';
          return;
        }
        Object.assign(this, r);
        this.focusFirstIssue();
        return;
      }
      const a = (await res.json()) as { token?: string; expires?: string; actor: JoinActor; learner: { id: string }; cohort: { name: string }; courses: JoinedCourse[] };
      const stored: StoredLearner = token && this.stored ? this.stored : { token: a.token!, expires: a.expires!, actor: a.actor, learnerId: a.learner.id };
      const kept = storeLearner(this.server, stored);
      this.result = { cohort: a.cohort, courses: a.courses, kept };
      this.step = 'done';
      this.issues = [];
      this.focusNext = 'h2';
      this.dispatchEvent(new ChampaJoinedEvent(stored.token, stored.actor, stored.expires, stored.learnerId, a.cohort, a.courses));
    } catch {
      this.problem = this.offline();
    } finally {
      this.busy = false;
    }
  }

  private focusFirstIssue(): void {
    const order = ['name', 'sex', 'birthYear', 'ageBand', 'organisationId', 'position', 'provinceCode', 'districtCode', 'preferredLanguage', 'consent', 'ethnicity', 'disability'];
    const first = order.find((f) => this.issues.some((i) => i.field === f));
    this.focusNext = first ? (first === 'sex' || first === 'preferredLanguage' ? `[name=${first}]` : `#f-${first}`) : '.summary';
  }

  private set(field: string, value: string): void {
    const next = { ...this.values, [field]: value };
    if (field === 'provinceCode') next.districtCode = '';
    if (field === 'birthYear' && value.trim()) next.ageBand = '';
    if (field === 'ageBand' && value) next.birthYear = '';
    this.values = next;
    if (this.issues.some((i) => i.field === field)) this.issues = this.issues.filter((i) => i.field !== field);
  }

  private setLang(lang: Lang): void {
    if (toLang(this.lang) === lang) return;
    this.lang = lang;
    this.dispatchEvent(new ChampaLangChangeEvent(lang));
  }

  // -------------------------------------------------------------------------------------
  // Rendering.

  private issueOf(field: string): Issue | undefined {
    return this.issues.find((i) => i.field === field);
  }

  private errorFor(field: string): TemplateResult | typeof nothing {
    const issue = this.issueOf(field);
    return issue ? html`<p class="error" id=${`e-${field}`}>${issue.message[this.l]}</p>` : nothing;
  }

  /** aria-describedby for a field: its hint (if any) and its error (if any). */
  private describedBy(field: string, hint = false): string {
    return [hint ? `h-${field}` : '', this.issueOf(field) ? `e-${field}` : ''].filter(Boolean).join(' ');
  }

  private name(o: { nameLo: string | null; nameEn: string | null }): string {
    return (this.l === 'lo' ? (o.nameLo ?? o.nameEn) : (o.nameEn ?? o.nameLo)) ?? '';
  }

  private date(iso: string): string {
    try {
      return new Intl.DateTimeFormat(this.l === 'lo' ? 'lo-LA' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
    } catch {
      return iso;
    }
  }

  private textField(field: string, label: string, opts: { required?: boolean; hint?: string; inputmode?: string; autocomplete?: string; max?: number } = {}) {
    return html`<div class="field">
      <label for=${`f-${field}`}>${label}${opts.required ? html` <span class="muted">(${this.t.required})</span>` : nothing}</label>
      ${opts.hint ? html`<p class="hint" id=${`h-${field}`}>${opts.hint}</p>` : nothing}
      <input
        id=${`f-${field}`}
        type="text"
        name=${field}
        .value=${this.values[field] ?? ''}
        maxlength=${opts.max ?? 200}
        inputmode=${opts.inputmode ?? 'text'}
        autocomplete=${opts.autocomplete ?? 'off'}
        aria-required=${opts.required ? 'true' : 'false'}
        aria-invalid=${this.issueOf(field) ? 'true' : 'false'}
        aria-describedby=${this.describedBy(field, !!opts.hint)}
        @input=${(e: Event) => this.set(field, (e.target as HTMLInputElement).value)}
      />
      ${this.errorFor(field)}
    </div>`;
  }

  private selectField(field: string, label: string, options: { value: string; label: string }[], opts: { required?: boolean } = {}) {
    const value = this.values[field] ?? '';
    return html`<div class="field">
      <label for=${`f-${field}`}>${label}</label>
      <select
        id=${`f-${field}`}
        name=${field}
        aria-required=${opts.required ? 'true' : 'false'}
        aria-invalid=${this.issueOf(field) ? 'true' : 'false'}
        aria-describedby=${this.describedBy(field)}
        @change=${(e: Event) => this.set(field, (e.target as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${value === ''}>${this.t.choose}</option>
        ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
      </select>
      ${this.errorFor(field)}
    </div>`;
  }

  private radioField(field: string, label: string, options: { value: string; label: string; lang?: string }[], required = false) {
    const value = this.values[field] ?? '';
    return html`<fieldset class="field" aria-describedby=${this.describedBy(field)} aria-invalid=${this.issueOf(field) ? 'true' : 'false'}>
      <legend>${label}${required ? html` <span class="muted">(${this.t.required})</span>` : nothing}</legend>
      <div class="choices">
        ${options.map(
          (o) => html`<label lang=${o.lang ?? this.l}
            ><input type="radio" name=${field} value=${o.value} .checked=${o.value === value} ?required=${required}
              @change=${() => this.set(field, o.value)} />${o.label}</label
          >`,
        )}
      </div>
      ${this.errorFor(field)}
    </fieldset>`;
  }

  private renderCode() {
    const t = this.t;
    return html`<form
      novalidate
      @submit=${(e: Event) => {
        e.preventDefault();
        if (!this.busy) void this.lookUp(this.values.code ?? '');
      }}
    >
      <p class="hint" id="h-code">${t.codeHint}</p>
      <div class="field">
        <label for="f-code">${t.codeLabel}</label>
        <input
          id="f-code"
          part="code-input"
          name="code"
          type="text"
          .value=${this.values.code ?? ''}
          maxlength="12"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          enterkeyhint="go"
          aria-required="true"
          aria-invalid=${this.issueOf('code') ? 'true' : 'false'}
          aria-describedby=${this.describedBy('code', true)}
          @input=${(e: Event) => this.set('code', (e.target as HTMLInputElement).value)}
        />
        ${this.errorFor('code')}
      </div>
      ${this.renderProblem()}
      <div class="actions">
        <button class="btn" type="submit" ?disabled=${this.busy}>${this.busy ? t.checking : t.next}</button>
      </div>
    </form>`;
  }

  private renderProblem() {
    return this.problem ? html`<p class="error" role="alert">${this.problem[this.l]}</p>` : nothing;
  }

  private renderCohort(info: JoinInfo) {
    const t = this.t;
    const c = info.cohort;
    return html`<section class="cohort" part="cohort" aria-label=${c.name}>
      <p><strong>${c.name}</strong></p>
      <p>${this.name(c.organisation)}</p>
      <p><span class="muted">${t.dates}:</span> ${this.date(c.startsOn)}${c.endsOn && c.endsOn !== c.startsOn ? html` – ${this.date(c.endsOn)}` : nothing}</p>
      <p class="muted">${t.courses}:</p>
      <ul>
        ${info.courses.map((course) => html`<li>${course.title[this.l] || course.title.lo || course.slug}</li>`)}
      </ul>
    </section>`;
  }

  private renderDetails(info: JoinInfo) {
    const t = this.t;
    const l = this.l;
    const v = this.values;
    if (this.stored && !this.someoneElse) {
      return html`${this.renderCohort(info)}
        <p>${t.registered}</p>
        ${this.renderProblem()}
        <div class="actions">
          <button class="btn" type="button" ?disabled=${this.busy} @click=${() => void this.send('/me', { code: v.code }, this.stored!.token)}>
            ${this.busy ? t.joining : t.joinAsMe}
          </button>
          <button class="btn secondary" type="button" @click=${() => {
            this.someoneElse = true;
            this.focusNext = '#f-name';
          }}>${t.someoneElse}</button>
        </div>`;
    }
    const ch = info.choices;
    const districts = ch.districts.filter((d) => d.provinceCode === v.provinceCode);
    const band = (b: string) => (b === 'under-18' ? t.under18 : b === '65-plus' ? t.over65 : `${b} ${t.years}`);
    return html`${this.renderCohort(info)}
      <form
        part="form"
        novalidate
        aria-labelledby="heading"
        @submit=${(e: Event) => {
          e.preventDefault();
          if (!this.busy) void this.submitDetails();
        }}
      >
        ${this.issues.length
          ? html`<div class="summary" role="alert" tabindex="-1">
              <strong>${t.fix}</strong>
              <ul>
                ${this.issues.map((i) => html`<li>${this.fieldLabel(i.field)}: ${i.message[l]}</li>`)}
              </ul>
            </div>`
          : nothing}
        ${this.renderProblem()}
        ${this.textField('name', t.name, { required: true, autocomplete: 'name' })}
        ${this.radioField('sex', t.sex, ch.sex.map((s) => ({ value: s.value, label: l === 'lo' ? s.lo : s.en })), true)}
        ${this.textField('birthYear', `${t.birthYear} (${t.optional})`, { hint: t.birthYearHint, inputmode: 'numeric', max: 4 })}
        <p class="or">${t.or}</p>
        ${this.selectField('ageBand', `${t.ageBand} (${t.optional})`, ch.ageBands.map((b) => ({ value: b, label: band(b) })))}
        ${this.selectField('organisationId', t.organisation, ch.organisations.map((o) => ({ value: o.id, label: this.name(o) })))}
        ${this.textField('position', `${t.position} (${t.optional})`, { max: 120, autocomplete: 'organization-title' })}
        ${this.selectField('provinceCode', t.province, ch.provinces.map((p) => ({ value: p.code, label: l === 'lo' ? p.nameLo : p.nameEn })))}
        ${districts.length
          ? this.selectField('districtCode', t.district, districts.map((d) => ({ value: d.code, label: l === 'lo' ? d.nameLo : d.nameEn })))
          : nothing}
        ${this.radioField('preferredLanguage', t.preferredLanguage, ch.languages.map((x) => ({ value: x.value, label: x.value === 'lo' ? 'ລາວ' : 'English', lang: x.value })))}
        <div class="field check">
          <label><input id="f-consent" type="checkbox" name="consent" .checked=${v.consent === 'true'} aria-describedby="h-consent"
            @change=${(e: Event) => this.set('consent', (e.target as HTMLInputElement).checked ? 'true' : '')} />${t.consent}</label>
          <p class="hint" id="h-consent">${t.consentHint}</p>
          ${this.errorFor('consent')}
        </div>
        ${v.consent === 'true'
          ? html`${this.textField('ethnicity', `${t.ethnicity} (${t.optional})`, { max: 100 })}
            ${this.selectField('disability', `${t.disability} (${t.optional})`, ch.disability.map((d) => ({ value: d.value, label: l === 'lo' ? d.lo : d.en })))}`
          : nothing}
        <div class="actions">
          <button class="btn" type="submit" ?disabled=${this.busy}>${this.busy ? t.joining : t.join}</button>
          <button class="btn secondary" type="button" @click=${() => this.backToCode()}>${t.changeCode}</button>
        </div>
      </form>`;
  }

  private backToCode(): void {
    this.step = 'code';
    this.issues = [];
    this.problem = null;
    this.looked = '';
    this.focusNext = '#f-code';
  }

  private fieldLabel(field: string): string {
    const t = this.t;
    const labels: Record<string, string> = {
      code: t.codeLabel,
      name: t.name,
      sex: t.sex,
      birthYear: t.birthYear,
      ageBand: t.ageBand,
      organisationId: t.organisation,
      position: t.position,
      provinceCode: t.province,
      districtCode: t.district,
      preferredLanguage: t.preferredLanguage,
      consent: t.consent,
      ethnicity: t.ethnicity,
      disability: t.disability,
    };
    return labels[field] ?? field;
  }

  private renderDone() {
    const r = this.result!;
    const t = this.t;
    return html`<div part="done">
      <p>${t.joinedIn(r.cohort.name)}</p>
      <ul>
        ${r.courses.map((c) => html`<li>${c.title[this.l] || c.slug}</li>`)}
      </ul>
      <p class=${r.kept ? 'muted' : 'error'}>${r.kept ? t.kept : t.notKept}</p>
      <slot name="done"></slot>
    </div>`;
  }

  override render() {
    const t = this.t;
    const l = this.l;
    const heading = this.step === 'code' ? t.title : this.step === 'details' ? t.aboutYou : t.joined;
    return html`
      <div class="lang" role="group" aria-label=${t.language}>
        <button type="button" class="btn secondary" lang="lo" aria-pressed=${l === 'lo' ? 'true' : 'false'} @click=${() => this.setLang('lo')}>ລາວ</button>
        <button type="button" class="btn secondary" lang="en" aria-pressed=${l === 'en' ? 'true' : 'false'} @click=${() => this.setLang('en')}>English</button>
      </div>
      <h2 id="heading" tabindex="-1">${heading}</h2>
      <p class="visually-hidden" role="status">${this.busy ? (this.step === 'code' ? t.checking : t.joining) : ''}</p>
      ${this.step === 'code' ? this.renderCode() : this.step === 'details' && this.info ? this.renderDetails(this.info) : this.result ? this.renderDone() : nothing}
    `;
  }
}
