// The base class of every champa-* element: the `lang` switch (Lao first), the optional
// recorder, fonts, and fire-and-forget recording. Not for any element's own behaviour.
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { ensureFonts } from './fonts.js';
import { loadMessages, messages, toLang, type Lang, type Messages } from './i18n.js';
import type { RecorderLike } from './types.js';

export class ChampaElement extends LitElement {
  /** The UI and content language: `lo` (the default) or `en`. */
  @property({ reflect: true }) override lang = 'lo';

  /** The recorder that turns learner actions into xAPI statements; none means nothing is recorded. */
  @property({ attribute: false }) recorder: RecorderLike | null = null;

  protected get l(): Lang {
    return toLang(this.lang);
  }

  protected get m(): Messages {
    return messages(this.l);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    ensureFonts();
  }

  /** Renders once the UI strings of the language asked for are here (English loads on demand). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const strings = loadMessages(toLang(this.lang));
    if (!strings) return super.scheduleUpdate();
    // Without the network the element still renders, in Lao.
    return strings.then(
      () => super.scheduleUpdate(),
      () => super.scheduleUpdate(),
    );
  }

  /**
   * Calls the recorder without holding up the learner: the statement lands in the outbox
   * asynchronously, and a failure there is reported, never thrown into the UI.
   */
  protected record(call: (r: RecorderLike) => Promise<void>): void {
    const r = this.recorder;
    if (!r) return;
    try {
      call(r).catch((err: unknown) => console.warn('champa: recording failed', err));
    } catch (err) {
      console.warn('champa: recording failed', err);
    }
  }
}
