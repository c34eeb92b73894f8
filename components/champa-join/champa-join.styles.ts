// Styles of <champa-join>: one column of large touch targets that fits 360×640, errors
// beside their fields. Not for the theme tokens: those are in shared/base.styles.ts.
import { css } from 'lit';

export const styles = css`
  :host {
    max-width: 36rem;
    padding: 0.75em;
    background: var(--_surface);
  }
  .lang {
    display: flex;
    justify-content: flex-end;
    gap: 0.25em;
  }
  .lang .btn {
    min-width: 44px;
    padding: 0.2em 0.7em;
  }
  .lang .btn[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  h2 {
    margin-top: 0.2em;
    font-size: 1.3em;
  }
  form {
    display: grid;
    gap: 1em;
  }
  .field {
    display: grid;
    gap: 0.25em;
  }
  label,
  legend {
    font-weight: 700;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
  }
  .choices label,
  .check label {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    min-height: 44px;
    font-weight: 400;
  }
  input[type='radio'],
  input[type='checkbox'] {
    width: 1.4em;
    height: 1.4em;
    margin: 0;
    accent-color: var(--_accent);
  }
  input[type='text'],
  input:not([type]),
  input[type='number'],
  select {
    width: 100%;
    min-height: 44px;
    padding: 0.35em 0.6em;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
    line-height: 1.6;
  }
  input[part='code-input'] {
    font-size: 1.4em;
    letter-spacing: 0.15em;
    text-transform: uppercase;
    max-width: 12ch;
  }
  [aria-invalid='true'] {
    border-color: var(--_bad);
  }
  .hint {
    color: var(--_muted);
    font-size: 0.9em;
    margin: 0;
  }
  .error {
    color: var(--_bad);
    font-weight: 700;
    margin: 0;
  }
  .summary {
    border: 2px solid var(--_bad);
    border-radius: var(--_radius);
    padding: 0.5em 0.75em;
  }
  .summary ul {
    margin: 0.25em 0 0;
    padding-inline-start: 1.2em;
  }
  .summary a {
    color: var(--_bad);
  }
  .cohort {
    background: var(--_subtle);
    border-radius: var(--_radius);
    padding: 0.6em 0.75em;
  }
  .cohort p {
    margin: 0.2em 0;
  }
  .cohort ul {
    margin: 0.2em 0 0;
    padding-inline-start: 1.2em;
  }
  .or {
    margin: 0;
    color: var(--_muted);
  }
  .actions {
    margin-top: 0.25em;
  }
  .actions .btn {
    flex: 1 1 10em;
  }
`;
