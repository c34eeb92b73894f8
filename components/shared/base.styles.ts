// The look every player element shares: theme tokens as :host custom properties, Lao-safe
// text settings, buttons, focus rings and feedback colours. Not for layout of one element.
import { css } from 'lit';

export const baseStyles = css`
  :host {
    --_text: var(--champa-color-text, #1b1f24);
    --_muted: var(--champa-color-muted, #4a5560);
    --_surface: var(--champa-color-surface, #ffffff);
    --_subtle: var(--champa-color-subtle, #f2f4f5);
    --_border: var(--champa-color-border, #6b7580);
    --_accent: var(--champa-color-accent, #0f5c63);
    --_on-accent: var(--champa-color-on-accent, #ffffff);
    --_good: var(--champa-color-good, #1d6b34);
    --_bad: var(--champa-color-bad, #a3262b);
    --_focus: var(--champa-color-focus, #1a5fb4);
    --_radius: var(--champa-radius, 6px);
    display: block;
    box-sizing: border-box;
    color: var(--_text);
    font-family: var(--champa-font-family, 'Champa Noto Sans Lao', 'Noto Sans Lao', 'Phetsarath OT', 'Lao UI', system-ui, sans-serif);
    font-size: var(--champa-font-size, 1rem);
    /* Lao stacks marks above and below: generous leading, never a fixed height that clips. */
    line-height: 1.7;
    /* Lao wraps only at dictionary word boundaries: never break-all, never hyphens. */
    word-break: normal;
    line-break: auto;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h2,
  h3,
  h4 {
    line-height: 1.5;
    margin: 1.2em 0 0.5em;
  }
  p {
    margin: 0 0 0.9em;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  button,
  select {
    font: inherit;
    line-height: 1.5;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
    min-height: 44px;
    padding: 0.4em 1em;
    border-radius: var(--_radius);
    border: 2px solid var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
    cursor: pointer;
    text-align: center;
    /* A long Lao label in a narrow button may break anywhere rather than overflow. */
    overflow-wrap: anywhere;
  }
  .btn.secondary {
    background: var(--_surface);
    color: var(--_accent);
  }
  .btn:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .btn:focus-visible {
    outline-offset: 3px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
    margin: 1.2em 0 0.5em;
  }
  .good {
    color: var(--_good);
  }
  .bad {
    color: var(--_bad);
  }
  .muted {
    color: var(--_muted);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
