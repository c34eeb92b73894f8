// The base class of the dashboard's elements (trainer and viewer pages): the `lang` switch
// (Lao first), the signed-in user, the Lao font, and a Lao/English string lookup for the
// element's own table. Not for the course player (shared/base.ts), whose strings load lazily.
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { ensureFonts } from './fonts.js';
import { toLang, type Lang } from './i18n.js';
import type { StaffUser } from './staff-api.js';

export class StaffElement extends LitElement {
  /** The UI language: `lo` (the default) or `en`. */
  @property({ reflect: true }) override lang = 'lo';

  /** The signed-in staff user (set by <champa-dashboard>); what they may do follows their role. */
  @property({ attribute: false }) user: StaffUser | null = null;

  protected get l(): Lang {
    return toLang(this.lang);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    ensureFonts();
  }
}

/** Picks an element's strings for a language: `const t = pick(STRINGS, this.l)`. */
export const pick = <T>(strings: { lo: T; en: T }, lang: Lang): T => strings[lang];
