// <champa-dashboard>: the staff pages at /dashboard. Signs a trainer, admin or viewer in, shows
// who they are with a language switch and sign-out, a nav for their role, and the page the
// location hash names (#/cohorts, #/cohorts/<id>, #/reports/<name>?<query>, #/users,
// #/organisations, #/account) as a child element. Not for the pages themselves (champa-cohorts,
// champa-cohort, champa-reports, champa-users, champa-organisations, champa-account) nor for learners.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { baseStyles } from '../shared/base.styles.js';
import type { Lang } from '../shared/i18n.js';
import { ApiError, currentUser, SIGNED_OUT_EVENT, signIn, signOut, type StaffUser } from '../shared/staff-api.js';
import { pick, StaffElement } from '../shared/staff-element.js';
import { fieldStyles } from '../shared/staff.styles.js';
import { styles } from './champa-dashboard.styles.js';
import { allowed, navFor, parseRoute, section, startHash, type Route } from './routes.js';
import { STRINGS } from './strings.js';

/** Where the language choice is remembered on this device. */
export const LANG_KEY = 'champa-dashboard:lang';

type Phase = 'checking' | 'unreachable' | 'signed-out' | 'signed-in';

/**
 * Pages most sessions never open (staff accounts and organisations are admins' work, a password
 * changes rarely) load on demand, off the dashboard's first download. Lit keeps the properties
 * set on the element before its definition arrives.
 */
const ON_DEMAND: Partial<Record<Route['kind'], () => Promise<unknown>>> = {
  users: () => import('../champa-users/champa-users.js'),
  organisations: () => import('../champa-organisations/champa-organisations.js'),
  account: () => import('../champa-account/champa-account.js'),
};

/**
 * The trainer and viewer dashboard: sign-in, header, role-aware nav and hash routing.
 *
 * @summary Staff dashboard shell: sign-in, nav by role, routed pages.
 * @csspart header - The bar with the user, the language switch and sign-out.
 * @csspart nav - The sections the role may open.
 * @csspart main - Where the routed page shows.
 * @csspart sign-in - The sign-in panel.
 * @cssprop --champa-dashboard-background - The page background.
 */
@customElement('champa-dashboard')
export class ChampaDashboard extends StaffElement {
  static override styles = [baseStyles, fieldStyles, styles];

  @state() private phase: Phase = 'checking';
  @state() private route: Route = parseRoute(location.hash);
  @state() private busy = false;
  /** Why the last sign-in failed: a summary in the UI language and the server's own words. */
  @state() private failure: { summary: string; detail: string | null } | null = null;
  /** Why the sign-in form shows (the session ended, or the user signed out). */
  @state() private note: 'ended' | 'signed-out' | null = null;
  @state() private signOutError: string | null = null;
  @state() private signingOut = false;
  /** A page's code that could not be fetched (offline). */
  @state() private pageFailed = false;

  @query('main') private main?: HTMLElement;
  @query('#email') private emailInput?: HTMLInputElement;
  @query('#password') private passwordInput?: HTMLInputElement;

  /** Set on navigation so that the new page's region takes the focus once rendered. */
  #focusMain = false;

  private get t() {
    return pick(STRINGS, this.l);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    try {
      const kept = localStorage.getItem(LANG_KEY);
      if (kept === 'lo' || kept === 'en') this.lang = kept;
    } catch {
      // storage refused (private mode): the attribute's language stays
    }
    window.addEventListener('hashchange', this.#onHashChange);
    window.addEventListener(SIGNED_OUT_EVENT, this.#onSignedOut);
    void this.check();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
    window.removeEventListener(SIGNED_OUT_EVENT, this.#onSignedOut);
    super.disconnectedCallback();
  }

  /** Asks the server whether this browser has a staff session. */
  async check(): Promise<void> {
    this.phase = 'checking';
    try {
      const user = await currentUser();
      if (user) this.enter(user);
      else this.phase = 'signed-out';
    } catch {
      this.phase = 'unreachable';
    }
  }

  private enter(user: StaffUser): void {
    this.user = user;
    this.phase = 'signed-in';
    this.failure = null;
    this.note = null;
    this.signOutError = null;
    this.follow();
  }

  /** Reads the hash; an empty one becomes the role's start page (without a history entry). */
  private follow(): void {
    let route = parseRoute(location.hash);
    if (route.kind === 'start' && this.user) {
      const hash = startHash(this.user.role);
      history.replaceState(history.state, '', hash);
      route = parseRoute(hash);
    }
    this.route = route;
  }

  #onHashChange = () => {
    if (this.phase !== 'signed-in') {
      this.route = parseRoute(location.hash);
      return;
    }
    this.follow();
    this.#focusMain = true;
  };

  #onSignedOut = () => {
    if (this.phase !== 'signed-in') return;
    this.user = null;
    this.phase = 'signed-out';
    this.note = 'ended';
    this.busy = false;
  };

  protected override willUpdate(changed: PropertyValues): void {
    if ((changed.has('route') || changed.has('user')) && this.user && allowed(this.route, this.user.role)) {
      const load = ON_DEMAND[this.route.kind];
      this.pageFailed = false;
      load?.().catch(() => (this.pageFailed = true));
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#focusMain && this.main) {
      this.#focusMain = false;
      this.main.focus();
    }
  }

  private setLang(lang: Lang): void {
    this.lang = lang;
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch {
      // not remembered, still switched
    }
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const email = this.emailInput?.value.trim() ?? '';
    const password = this.passwordInput?.value ?? '';
    if (!email || !password) {
      this.failure = { summary: this.t.missing, detail: null };
      (email ? this.passwordInput : this.emailInput)?.focus();
      return;
    }
    this.busy = true;
    this.failure = null;
    try {
      const user = await signIn(email, password);
      this.busy = false;
      this.enter(user);
      this.#focusMain = true;
    } catch (err) {
      this.busy = false;
      this.failure = this.explain(err);
      await this.updateComplete;
      this.passwordInput?.select();
      this.passwordInput?.focus();
    }
  }

  /** A sign-in failure in the UI language, with the server's words when it gave any. */
  private explain(err: unknown): { summary: string; detail: string | null } {
    const t = this.t;
    if (!(err instanceof ApiError)) return { summary: t.failed, detail: String(err) };
    if (err.status === 0) return { summary: t.offline, detail: null };
    if (err.status === 429) {
      const seconds = Number(/(\d+) seconds?/.exec(err.message)?.[1] ?? 60);
      return { summary: t.tooMany(Math.max(1, Math.ceil(seconds / 60))), detail: err.message };
    }
    const summary = err.status === 401 ? t.wrong : err.status === 403 ? t.refused : t.failed;
    return { summary, detail: err.message };
  }

  private async onSignOut(): Promise<void> {
    if (this.signingOut) return;
    this.signingOut = true;
    this.signOutError = null;
    try {
      await signOut();
    } catch (err) {
      // A session that has already ended is as good as signed out; anything else leaves it open.
      if (!(err instanceof ApiError && err.status === 401)) {
        this.signOutError = err instanceof ApiError && err.status !== 0 ? err.message : this.t.offline;
        this.signingOut = false;
        return;
      }
    }
    this.signingOut = false;
    this.user = null;
    this.phase = 'signed-out';
    this.note = 'signed-out';
  }

  private langSwitch(): TemplateResult {
    const l = this.l;
    return html`<div class="lang" role="group" aria-label=${this.t.language}>
      <button type="button" class="btn secondary" lang="lo" aria-pressed=${l === 'lo' ? 'true' : 'false'} @click=${() => this.setLang('lo')}>ລາວ</button>
      <button type="button" class="btn secondary" lang="en" aria-pressed=${l === 'en' ? 'true' : 'false'} @click=${() => this.setLang('en')}>English</button>
    </div>`;
  }

  private renderSignIn(): TemplateResult {
    const t = this.t;
    const f = this.failure;
    return html`<div class="panel signin" part="sign-in">
      <div class="top">
        <h1>${t.appTitle}</h1>
        ${this.langSwitch()}
      </div>
      <h2>${t.signInTitle}</h2>
      ${this.note ? html`<p class="note" role="status">${this.note === 'ended' ? t.sessionEnded : t.signedOut}</p>` : nothing}
      <p class="hint">${t.signInIntro} ${t.participants} <a href="/join">${t.joinLink}</a>.</p>
      <form novalidate aria-busy=${this.busy ? 'true' : 'false'} @submit=${this.onSubmit}>
        <div class="field">
          <label for="email">${t.email}</label>
          <input id="email" name="email" type="email" autocomplete="username" inputmode="email" spellcheck="false" aria-invalid=${f ? 'true' : 'false'} aria-describedby=${f ? 'failure' : nothing} />
        </div>
        <div class="field">
          <label for="password">${t.password}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" aria-invalid=${f ? 'true' : 'false'} aria-describedby=${f ? 'failure' : nothing} />
        </div>
        <div id="failure" role="alert">
          ${f
            ? html`<div class="alert">
                <p><strong>${f.summary}</strong></p>
                ${f.detail ? html`<p class="detail">${t.serverSaid} <span lang="en">${f.detail}</span></p>` : nothing}
              </div>`
            : nothing}
        </div>
        <button type="submit" class="btn" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? t.signingIn : t.submit}</button>
      </form>
    </div>`;
  }

  private renderRoute(user: StaffUser): TemplateResult {
    const t = this.t;
    const r = this.route;
    const l = this.l;
    if (!allowed(r, user.role)) {
      return html`<section class="refused" aria-labelledby="refused">
        <h2 id="refused">${t.notForRoleTitle}</h2>
        <p class="note">${r.kind === 'users' ? t.adminsOnly(t.roles[user.role]) : t.notForRole}</p>
        <p><a href=${startHash(user.role)}>${user.role === 'viewer' ? t.toReports : t.toStart}</a></p>
      </section>`;
    }
    if (this.pageFailed) return html`<p class="alert" role="alert">${t.offline}</p>`;
    switch (r.kind) {
      case 'cohorts':
        return html`<champa-cohorts .user=${user} lang=${l}></champa-cohorts>`;
      case 'cohort':
        return html`<champa-cohort cohort=${r.id} .user=${user} lang=${l}></champa-cohort>`;
      case 'reports':
        return html`<champa-reports report=${r.report} query=${r.query} .user=${user} lang=${l}></champa-reports>`;
      case 'users':
        return html`<champa-users .user=${user} lang=${l}></champa-users>`;
      case 'organisations':
        return html`<champa-organisations .user=${user} lang=${l}></champa-organisations>`;
      case 'account':
        return html`<champa-account .user=${user} lang=${l}></champa-account>`;
      default:
        return html`<section aria-labelledby="not-found">
          <h2 id="not-found">${t.notFoundTitle}</h2>
          <p>${t.notFound}</p>
          <p><a href=${startHash(user.role)}>${t.toStart}</a></p>
        </section>`;
    }
  }

  private renderSignedIn(user: StaffUser): TemplateResult {
    const t = this.t;
    const current = section(this.route);
    return html`<div class="page">
      <header part="header">
        <h1>${t.appTitle}</h1>
        <p class="who"><span class="visually-hidden">${t.signedInAs} </span><span class="name">${user.name}</span> <span class="role">${t.roles[user.role]}</span></p>
        <div class="tools">
          ${this.langSwitch()}
          <button type="button" class="btn secondary signout" aria-disabled=${this.signingOut ? 'true' : 'false'} @click=${this.onSignOut}>
            ${this.signingOut ? t.signingOut : t.signOut}
          </button>
        </div>
      </header>
      ${this.signOutError ? html`<p class="alert" role="alert">${t.signOutFailed} ${this.signOutError}</p>` : nothing}
      <nav part="nav" aria-label=${t.nav}>
        <ul>
          ${navFor(user.role).map(
            (e) => html`<li><a href=${e.hash} aria-current=${current === e.section ? 'page' : nothing}>${t[e.section]}</a></li>`,
          )}
        </ul>
      </nav>
      <main id="main" part="main" tabindex="-1">${this.renderRoute(user)}</main>
    </div>`;
  }

  override render() {
    const t = this.t;
    switch (this.phase) {
      case 'checking':
        return html`<div class="panel"><p role="status">${t.loading}</p></div>`;
      case 'unreachable':
        return html`<div class="panel">
          <p class="alert" role="alert">${t.offline}</p>
          <div class="actions"><button type="button" class="btn" @click=${() => void this.check()}>${t.retry}</button></div>
        </div>`;
      case 'signed-out':
        return this.renderSignIn();
      case 'signed-in':
        return this.user ? this.renderSignedIn(this.user) : this.renderSignIn();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'champa-dashboard': ChampaDashboard;
  }
}
