// Styles of <champa-cohorts>: cards that stack on a 360 px phone and sit side by side on a
// desktop, a filter bar that wraps, and a form of large touch targets with errors beside their
// fields. The form-field rules are shared with <champa-cohort> (formStyles). Not for the theme
// tokens: shared/base.styles.ts.
import { css } from 'lit';

/** Inputs, selects, choices and field errors, as both cohort pages draw them. */
export const formStyles = css`
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
  [aria-invalid='true'] {
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
  .panel {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1em;
    margin: 0 0 1.2em;
    background: var(--_surface);
  }
`;

export const styles = [
  formStyles,
  css`
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
    form.create {
      display: grid;
      gap: 1em;
      max-width: 44rem;
    }
    form.create h3 {
      margin: 0;
    }
    .row {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr));
      gap: 1em;
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: 0.75em;
      margin: 1em 0;
    }
    .filters .grow {
      flex: 1 1 14rem;
    }
    .filters .field:not(.grow) {
      flex: 0 1 14rem;
    }
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr));
      gap: 0.9em;
    }
    .cohort {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.75em 1em;
      background: var(--_surface);
      min-width: 0;
    }
    .head {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 0.5em;
    }
    .head h3 {
      margin: 0 0 0.4em;
      font-size: 1.1em;
      overflow-wrap: anywhere;
    }
    .head a {
      color: var(--_accent);
    }
    .badge {
      flex: none;
      font-size: 0.85em;
      border-radius: 999px;
      padding: 0 0.7em;
      border: 1px solid currentColor;
    }
    .badge.is-open {
      color: var(--_good);
    }
    .badge.is-closed {
      color: var(--_muted);
    }
    dl {
      margin: 0;
      display: grid;
      gap: 0.15em;
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
    .split {
      display: block;
      font-size: 0.9em;
    }
    .paging {
      display: flex;
      align-items: center;
      justify-content: center;
      gap: 1em;
      margin: 1em 0;
    }
    .created {
      font-weight: 700;
    }
  `,
];
