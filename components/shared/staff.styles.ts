// The dashboard's shared look, in pieces each page takes as it needs them (a piece a page does
// not take would restyle its own elements): form fields and their errors, the page's top row,
// cards and fact lists, tables. Not for the theme tokens and buttons (base.styles.ts), nor for
// the player's elements, whose bundle must not carry any of this.
import { css } from 'lit';

/** Inputs, selects, choices and field errors, as every dashboard form draws them. */
export const fieldStyles = css`
  .field {
    display: grid;
    gap: 0.25em;
    min-width: 0;
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
    gap: 0 1.25em;
  }
  .choices.column {
    flex-direction: column;
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
    flex: none;
    width: 1.3em;
    height: 1.3em;
    margin: 0;
    accent-color: var(--_accent);
  }
  input:not([type]),
  input[type='text'],
  input[type='search'],
  input[type='date'],
  input[type='file'],
  input[type='email'],
  input[type='password'],
  select {
    width: 100%;
    min-height: 44px;
    padding: 0.3em 0.6em;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
    line-height: 1.6;
  }
  /* As specific as the input rules above (and after them), or their border colour wins. */
  :is(input, select, textarea)[aria-invalid='true'] {
    border-color: var(--_bad);
  }
  .field-error,
  .form-error {
    margin: 0;
    font-weight: 700;
  }
  .field-error::before,
  .form-error::before {
    content: '⚠ ';
  }
  /* Fields side by side when there is room. */
  .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr));
    gap: 1em;
  }
`;

/** A list page: its padding, and the top row of title and "new" button. */
export const pageStyles = css`
  :host {
    padding: 0.75em;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em 1em;
  }
  .top h2 {
    margin: 0.2em 0;
  }
`;

/** Panels (an open form, a section), cards of a list with their badge, and lists of facts. */
export const cardStyles = css`
  .panel {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1em;
    margin: 0 0 1.2em;
    background: var(--_surface);
  }
  .card {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75em 1em;
    background: var(--_surface);
    min-width: 0;
  }
  .badge {
    flex: none;
    border-radius: 999px;
    padding: 0 0.7em;
    border: 1px solid currentColor;
  }
  dl > div {
    display: grid;
    grid-template-columns: minmax(6.5em, auto) 1fr;
    gap: 0.75em;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
    min-width: 0;
    overflow-wrap: anywhere;
  }
`;

/** Tables of figures: full width, caption and heads aligned to the start. */
export const tableStyles = css`
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption {
    text-align: start;
    font-weight: 700;
  }
  th,
  td {
    text-align: start;
  }
  thead th {
    background: var(--_subtle);
  }
`;
