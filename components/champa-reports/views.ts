// How each report's JSON reads on the page: every count split by sex with its total, in the
// field's way ("60 people, 21 women"), as a table with the same columns as the exports, and a
// chart where a picture reads faster. Pure render functions of <champa-reports>; the element
// holds the state (which stage the roll-up shows, which provinces are open). Not for fetching.
import { html, nothing, type TemplateResult } from 'lit';
import '../champa-chart/champa-chart.js';
import type { ChartRow } from '../champa-chart/champa-chart.js';
import { num, pct, type Lang } from '../shared/i18n.js';
import type { ReportStrings } from './strings.js';
import {
  SEX_KEYS,
  STAGES,
  type CertificationReport,
  type Counts,
  type GainReport,
  type ItemRow,
  type ItemsReport,
  type Means,
  type ParticipationReport,
  type Place,
  type ProvinceRow,
  type RollupReport,
  type SexKey,
  type Stage,
  type StageCounts,
  type Text,
} from './types.js';

export interface ViewContext {
  t: ReportStrings;
  lang: Lang;
}

/** The sex groups drawn as series (the total is the row's own). */
const PARTS = ['female', 'male', 'otherOrNotStated'] as const;

const text = (c: ViewContext, v: Text) => v[c.lang] || v.lo || v.en;
const count = (c: ViewContext, v: number) => num(c.lang, v);
const share = (c: ViewContext, v: number | null) => (v === null ? '–' : pct(c.lang, v));
const decimal = (c: ViewContext, v: number | null, digits = 2) =>
  v === null ? '–' : new Intl.NumberFormat(c.lang === 'lo' ? 'lo-LA' : 'en', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
/** A gain on the 0–1 scale as signed percentage points. */
const points = (c: ViewContext, v: number | null, signed = true) => {
  if (v === null) return '–';
  const p = Math.round(v * 1000) / 10;
  return c.t.points(`${signed && p > 0 ? '+' : ''}${num(c.lang, p)}`);
};

/** "60 people, 21 women". */
export const peopleWomen = (c: ViewContext, n: Counts) => c.t.peopleWomen(count(c, n.total), count(c, n.female), n.total, n.female);

const sexCells = (c: ViewContext, n: Counts): Record<SexKey, string> =>
  Object.fromEntries(SEX_KEYS.map((k) => [k, count(c, n[k])])) as Record<SexKey, string>;
const meanCells = (m: Means, f: (v: number | null) => string): Record<SexKey, string> =>
  Object.fromEntries(SEX_KEYS.map((k) => [k, f(m[k])])) as Record<SexKey, string>;

interface TableRow {
  label: string;
  cells: Record<SexKey, string>;
  /** The measure this row shows, for tests and styling (e.g. a stage name). */
  key?: string;
}

/** A table with one row per measure and the columns of the exports: women, men, other or not stated, total. */
export function sexTable(c: ViewContext, caption: string, rowHeader: string, rows: TableRow[]): TemplateResult {
  return html`<div class="scroll" role="region" tabindex="0" aria-label=${caption}>
    <table class="sex-table">
      <caption class="visually-hidden">${caption}</caption>
      <thead>
        <tr>
          <th scope="col">${rowHeader}</th>
          ${SEX_KEYS.map((k) => html`<th scope="col" class="num" data-sex=${k}>${c.t.sexes[k]}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) => html`<tr data-key=${r.key ?? nothing}>
            <th scope="row">${r.label}</th>
            ${SEX_KEYS.map((k) => html`<td class="num" data-sex=${k}>${r.cells[k]}</td>`)}
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

const sexSeries = (c: ViewContext) => PARTS.map((k) => c.t.sexes[k]);
const stageRows = (c: ViewContext, s: StageCounts, stages: readonly Stage[] = STAGES): TableRow[] =>
  stages.map((st) => ({ key: st, label: c.t.stages[st], cells: sexCells(c, s[st]) }));
const nobody = (s: StageCounts) => STAGES.every((st) => s[st].total === 0);
const empty = (c: ViewContext, message = c.t.nobody) => html`<p class="empty">${message}</p>`;

// ---------------------------------------------------------------------------------------------

export function participationView(c: ViewContext, r: ParticipationReport): TemplateResult {
  const { t } = c;
  const all = r.all;
  const chartRows: ChartRow[] = STAGES.map((st) => ({ label: t.stages[st], values: PARTS.map((k) => all[st][k]) }));
  return html`<section class="block" data-part="all">
      <h3>${t.allCoursesOnce}</h3>
      ${nobody(all)
        ? empty(c)
        : html`<p class="lead">
              ${t.stages.enrolled}: <strong>${peopleWomen(c, all.enrolled)}</strong>. ${t.stages.completed}:
              <strong>${peopleWomen(c, all.completed)}</strong>.
            </p>
            <champa-chart lang=${c.lang} mode="stacked" label=${t.stagesChart} row-header=${t.stage} .series=${sexSeries(c)} .rows=${chartRows}></champa-chart>
            ${sexTable(c, t.allCoursesOnce, t.stage, stageRows(c, all))}`}
    </section>
    <section class="block">
      <h3>${t.perCourse}</h3>
      ${r.courses.map(
        (course) => html`<section class="course" data-course=${course.course}>
          <h4>${text(c, course.title)}</h4>
          ${nobody(course)
            ? empty(c)
            : html`<p class="lead">${t.stages.enrolled}: <strong>${peopleWomen(c, course.enrolled)}</strong>.</p>
                ${sexTable(c, text(c, course.title), t.stage, stageRows(c, course, course.certifies ? STAGES : STAGES.filter((s) => s !== 'certified')))}`}
          ${course.certifies ? nothing : html`<p class="note">${t.noCertificate}</p>`}
        </section>`,
      )}
    </section>`;
}

export function gainView(c: ViewContext, r: GainReport): TemplateResult {
  const { t } = c;
  if (!r.courses.length) return empty(c, t.noGainCourses);
  return html`${r.courses.map((course) => {
    const pct0 = (v: number | null) => share(c, v);
    const sat = course.pretest.n.total + course.posttest.n.total > 0;
    const rows: TableRow[] = [
      { key: 'pretest.n', label: t.pretestPeople, cells: sexCells(c, course.pretest.n) },
      { key: 'pretest.mean', label: t.pretestMean, cells: meanCells(course.pretest.mean, pct0) },
      { key: 'posttest.n', label: t.posttestPeople, cells: sexCells(c, course.posttest.n) },
      { key: 'posttest.mean', label: t.posttestMean, cells: meanCells(course.posttest.mean, pct0) },
      { key: 'posttest.passed', label: t.posttestPassed, cells: sexCells(c, course.posttest.passed) },
      { key: 'paired.n', label: t.pairedPeople, cells: sexCells(c, course.paired.n) },
      { key: 'paired.pretestMean', label: t.pairedPre, cells: meanCells(course.paired.pretestMean, pct0) },
      { key: 'paired.posttestMean', label: t.pairedPost, cells: meanCells(course.paired.posttestMean, pct0) },
      { key: 'paired.gainMean', label: t.gainMean, cells: meanCells(course.paired.gainMean, (v) => points(c, v)) },
      { key: 'paired.gainedAtLeast', label: t.gainedAtLeast(points(c, r.minGain, false)), cells: sexCells(c, course.paired.gainedAtLeast) },
    ];
    const chartRows: ChartRow[] = SEX_KEYS.map((k) => ({ label: t.sexes[k], values: [course.paired.pretestMean[k], course.paired.posttestMean[k]] }));
    return html`<section class="block course" data-course=${course.course}>
      <h3>${text(c, course.title)}</h3>
      ${!sat
        ? empty(c, t.noTests)
        : html`${course.paired.n.total > 0
              ? html`<p class="lead">${t.gainLead(peopleWomen(c, course.paired.n), points(c, course.paired.gainMean.total))}</p>
                  <champa-chart lang=${c.lang} format="percent" max="1" label=${t.gainChart} .series=${[t.preMean, t.postMean]} .rows=${chartRows}></champa-chart>`
              : nothing}
            ${sexTable(c, text(c, course.title), t.measure, rows)}`}
    </section>`;
  })}`;
}

export function certificationView(c: ViewContext, r: CertificationReport): TemplateResult {
  const { t } = c;
  if (!r.courses.length) return empty(c, t.noCertCourses);
  const asOf = r.asOf.slice(0, 10);
  return html`${r.courses.map((course) => {
      const rows: TableRow[] = [
        { key: 'issued', label: t.issued, cells: sexCells(c, course.issued) },
        { key: 'revoked', label: t.revoked, cells: sexCells(c, course.revoked) },
        { key: 'certified', label: t.certified, cells: sexCells(c, course.certified) },
      ];
      const exam = course.finalExam;
      if (exam) {
        rows.push(
          { key: 'finalExam.sat', label: t.finalSat, cells: sexCells(c, exam.sat) },
          { key: 'finalExam.passed', label: t.finalPassed, cells: sexCells(c, exam.passed) },
          { key: 'finalExam.passRate', label: t.passRate, cells: meanCells(exam.passRate, (v) => share(c, v)) },
          { key: 'finalExam.meanAttempts', label: t.meanAttempts, cells: meanCells(exam.meanAttempts, (v) => decimal(c, v, 1)) },
        );
      }
      rows.push(
        { key: 'valid', label: t.valid, cells: sexCells(c, course.valid) },
        { key: 'expiringSoon', label: t.expiringSoon(count(c, r.expiringWithinDays)), cells: sexCells(c, course.expiringSoon) },
        { key: 'expired', label: t.expired, cells: sexCells(c, course.expired) },
      );
      const anyone = rows.some((row) => row.cells.total !== '0' && row.cells.total !== '–');
      const passRows: ChartRow[] | null =
        exam && exam.sat.total > 0 ? SEX_KEYS.map((k) => ({ label: t.sexes[k], values: [exam.passRate[k]] })) : null;
      return html`<section class="block course" data-course=${course.course}>
        <h3>${text(c, course.title)}</h3>
        ${!anyone
          ? empty(c)
          : html`<p class="lead">${t.certLead}: <strong>${peopleWomen(c, course.certified)}</strong>.</p>
              ${passRows
                ? html`<champa-chart lang=${c.lang} format="percent" max="1" label=${t.passRateChart} .series=${[t.passRate]} .rows=${passRows}></champa-chart>`
                : nothing}
              ${sexTable(c, text(c, course.title), t.measure, rows)}`}
      </section>`;
    })}
    <p class="note">${t.asOf(asOf)}</p>`;
}

// ---------------------------------------------------------------------------------------------

/** How an assessment is named: pre-test, post-test, final exam, a module quiz (by the module's title), knowledge checks. */
export function assessmentName(c: ViewContext, name: string, modules: ReadonlyMap<string, string>): string {
  if (c.t.assessments[name]) return c.t.assessments[name]!;
  if (name.startsWith('quiz-')) return c.t.moduleQuiz(modules.get(name) ?? name.slice(5));
  return name;
}

export function itemsView(c: ViewContext, r: ItemsReport, modules: ReadonlyMap<string, string>): TemplateResult {
  const { t } = c;
  const th = r.thresholds;
  const help = { minResponses: count(c, th.minResponses), tooEasy: pct(c.lang, th.tooEasy), tooHard: pct(c.lang, th.tooHard), low: decimal(c, th.lowDiscrimination, 1) };
  const groups = new Map<string, ItemRow[]>();
  for (const item of r.items) groups.set(item.assessment, [...(groups.get(item.assessment) ?? []), item]);
  const flagged = r.items.filter((i) => i.flags.length).length;
  const item = (i: ItemRow) => {
    const bySex = PARTS.map((k) => `${t.sexes[k]} ${share(c, i.difficulty[k])}`).join(', ');
    return html`<li class="item" data-question=${i.question} data-assessment=${i.assessment}>
      <h5 class="prompt">${i.prompt ? text(c, i.prompt) : i.question}</h5>
      <p class="meta">${t.question} <code>${i.question}</code>${i.type ? html` · ${t.types[i.type] ?? i.type}` : nothing}</p>
      <dl class="figures">
        <div><dt>${t.answered}</dt><dd data-figure="answered">${peopleWomen(c, i.answered)}</dd></div>
        <div><dt>${t.correct}</dt><dd data-figure="correct">${peopleWomen(c, i.correct)}</dd></div>
        <div>
          <dt>${t.difficulty}</dt>
          <dd data-figure="difficulty"><strong>${decimal(c, i.difficulty.total)}</strong> (${bySex})</dd>
        </div>
        <div>
          <dt>${t.discrimination}</dt>
          <dd data-figure="discrimination">
            ${i.pointBiserial === null && i.upperLower === null
              ? t.notMeasured
              : html`${t.pointBiserial} <strong>${decimal(c, i.pointBiserial)}</strong> · ${t.upperLower} <strong>${decimal(c, i.upperLower)}</strong>`}
          </dd>
        </div>
      </dl>
      ${i.flags.length
        ? html`<ul class="flags">
            ${i.flags.map((f) => html`<li data-flag=${f}><strong>${t.flagNames[f]}</strong>: ${t.flagHelp(f, help)}</li>`)}
          </ul>`
        : html`<p class="no-flags muted">${t.noFlags}</p>`}
    </li>`;
  };
  return html`<section class="block">
    <h3>${text(c, r.course.title)}</h3>
    <div class="help">
      <p>${t.itemsIntro}</p>
      <p>${t.difficultyHelp}</p>
      <p>${t.discriminationHelp(help.low, pct(c.lang, th.groupShare))}</p>
    </div>
    ${r.items.length === 0
      ? empty(c, t.noItems)
      : html`<p class="lead">${t.itemsCount(count(c, r.items.length), count(c, flagged))}</p>
          ${[...groups].map(
            ([name, items]) => html`<section class="assessment" data-assessment=${name}>
              <h4>${assessmentName(c, name, modules)}</h4>
              <ol class="items">
                ${items.map(item)}
              </ol>
            </section>`,
          )}`}
  </section>`;
}

// ---------------------------------------------------------------------------------------------

export interface RollupState {
  stage: Stage;
  expanded: ReadonlySet<string>;
  setStage(stage: Stage): void;
  toggle(key: string): void;
  setAll(open: boolean): void;
}

const placeKey = (p: Place) => p.code ?? '-';
const placeName = (c: ViewContext, p: Place) => (p.code === null ? c.t.notStated : (c.lang === 'lo' ? p.nameLo ?? p.nameEn : p.nameEn ?? p.nameLo) ?? p.code);

export function rollupView(c: ViewContext, r: RollupReport, s: RollupState): TemplateResult {
  const { t } = c;
  const stage = s.stage;
  const stageName = t.stages[stage];
  const withPeople = r.provinces.filter((p) => p[stage].total > 0);
  const chartRows: ChartRow[] = withPeople.map((p) => ({ label: placeName(c, p), values: PARTS.map((k) => p[stage][k]) }));
  const cells = (n: Counts) => SEX_KEYS.map((k) => html`<td class="num" data-sex=${k}>${count(c, n[k])}</td>`);
  const province = (p: ProvinceRow) => {
    const key = placeKey(p);
    const open = s.expanded.has(key);
    const name = placeName(c, p);
    return html`<tr class="province" data-level="province" data-code=${key}>
        <th scope="row">
          ${p.districts.length
            ? html`<button type="button" class="disclosure" aria-expanded=${open ? 'true' : 'false'} @click=${() => s.toggle(key)}>
                <span class="chevron" aria-hidden="true">${open ? '▾' : '▸'}</span> ${name}
              </button>`
            : html`<span class="leaf">${name}</span>`}
        </th>
        ${cells(p[stage])}
      </tr>
      ${open
        ? p.districts.map(
            (d) => html`<tr class="district" data-level="district" data-code=${placeKey(d)} data-province=${key}>
              <th scope="row"><span class="indent">${placeName(c, d)}</span></th>
              ${cells(d[stage])}
            </tr>`,
          )
        : nothing}`;
  };
  const caption = t.rollupTable(stageName);
  return html`<section class="block">
    <div class="rollup-controls">
      <label for="rollup-stage">${t.rollupStage}</label>
      <select id="rollup-stage" @change=${(e: Event) => s.setStage((e.target as HTMLSelectElement).value as Stage)}>
        ${STAGES.map((st) => html`<option value=${st} ?selected=${st === stage}>${t.stages[st]}</option>`)}
      </select>
      <button type="button" class="btn secondary small" @click=${() => s.setAll(true)}>${t.expandAll}</button>
      <button type="button" class="btn secondary small" @click=${() => s.setAll(false)}>${t.collapseAll}</button>
    </div>
    <p class="lead">${t.wholeCountry}, ${stageName}: <strong>${peopleWomen(c, r.centre[stage])}</strong>.</p>
    ${chartRows.length
      ? html`<champa-chart lang=${c.lang} mode="stacked" label=${t.rollupChart(stageName)} row-header=${t.province} .series=${sexSeries(c)} .rows=${chartRows}></champa-chart>`
      : empty(c, t.nobodyAnywhere)}
    <div class="scroll" role="region" tabindex="0" aria-label=${caption}>
      <table class="sex-table rollup">
        <caption>${caption}</caption>
        <thead>
          <tr>
            <th scope="col">${t.place}</th>
            ${SEX_KEYS.map((k) => html`<th scope="col" class="num" data-sex=${k}>${t.sexes[k]}</th>`)}
          </tr>
        </thead>
        <tbody>
          <tr class="centre" data-level="centre">
            <th scope="row">${t.centre}: ${t.wholeCountry}</th>
            ${cells(r.centre[stage])}
          </tr>
          ${r.provinces.map(province)}
        </tbody>
      </table>
    </div>
  </section>`;
}
