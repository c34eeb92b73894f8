// How the dashboard's forms (new cohort, staff accounts, organisations, my account) show a
// refusal: the field the server's message names, the error beside that field, the field marked
// invalid and described by it, and focus moved to it; and a list page's loading/failed/empty
// states. Not for requests (staff-api.ts) nor for
// the report filters, whose errors name query parameters (champa-reports).
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ApiError } from './staff-api.js';

/** What the server said was wrong: the field it names (`body.password: …` → `password`) and why. */
export type Refusal = { field: string | null; text: string };

/** The form field a server message names (`body.endsOn: …` → `endsOn`), and the rest of the message. */
export function fieldOf(message: string): Refusal {
  const m = /^body\.([A-Za-z]+)(?:\[\d+\])?: (.*)$/s.exec(message);
  return m ? { field: m[1]!, text: m[2]! } : { field: null, text: message };
}

/** A failed request as a refusal: the server's message by its field; a network failure as a whole. */
export const refusalOf = (err: unknown): Refusal =>
  err instanceof ApiError && err.status !== 0 ? fieldOf(err.message) : { field: null, text: err instanceof Error ? err.message : String(err) };

/** The error beside a field, when the refusal names it. */
export const fieldError = (r: Refusal | null, field: string): TemplateResult | typeof nothing =>
  r?.field === field ? html`<p class="field-error bad" id="err-${field}">${r.text}</p>` : nothing;

/** aria-invalid of a field. */
export const invalid = (r: Refusal | null, field: string): 'true' | 'false' => (r?.field === field ? 'true' : 'false');

/** aria-describedby of a field: its error when it has one, and its hint. */
export const describedBy = (r: Refusal | null, field: string, hint?: string): string | typeof nothing =>
  [r?.field === field ? `err-${field}` : '', hint ?? ''].filter(Boolean).join(' ') || nothing;

/** The alert atop a form: "fix this", the field's label when it has one, and the server's (English) words. */
export const formError = (r: Refusal | null, fixThis: string, labels: Record<string, string>): TemplateResult | typeof nothing =>
  r
    ? html`<p class="form-error bad" role="alert" tabindex="-1">
        ${fixThis} ${r.field && labels[r.field] ? html`${labels[r.field]}: ` : nothing}<span lang="en">${r.text}</span>
      </p>`
    : nothing;

/** Focus on the field the refusal names (inside `scope`, a selector), else on the form's alert. */
export function focusRefusal(root: ParentNode, r: Refusal, scope = ''): void {
  const target = r.field && root.querySelector<HTMLElement>(`${scope} [data-field="${r.field}"]`.trim());
  (target || root.querySelector<HTMLElement>('.form-error'))?.focus();
}

/** The words a list page shows while loading, after a failed load, and with nothing to list. */
export interface ListWords {
  loading: string;
  loadFailed: string;
  retry: string;
  listLabel: string;
  none: string;
}

/**
 * A list page's body (staff accounts, organisations): the load error with a retry, "loading",
 * "none", or the list keyed by id so edits re-render rows in place.
 */
export function listState<T extends { id: string }>(
  t: ListWords,
  state: { list: readonly T[] | null; loadError: string | null; retry: () => void },
  item: (it: T) => TemplateResult,
): TemplateResult {
  if (state.loadError) {
    return html`<div role="alert" class="bad">
      <p>${t.loadFailed} <span lang="en">${state.loadError}</span></p>
      <button class="btn secondary" type="button" @click=${state.retry}>${t.retry}</button>
    </div>`;
  }
  if (!state.list) return html`<p role="status">${t.loading}</p>`;
  if (!state.list.length) return html`<p>${t.none}</p>`;
  return html`<ul class="list" part="list" aria-label=${t.listLabel}>
    ${repeat(state.list, (it) => it.id, item)}
  </ul>`;
}
