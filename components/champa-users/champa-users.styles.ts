// Styles of the admin pages (<champa-users>, and through `adminStyles` <champa-organisations>
// and <champa-account>): one column of cards that reads the same on a 360 px phone and a
// desktop, forms of 44 px touch targets with errors beside their fields. The field rules
// themselves are the cohort pages' (formStyles). Not for the theme tokens: shared/base.styles.ts.
import { css } from 'lit';
import { formStyles } from '../champa-cohorts/champa-cohorts.styles.js';

export const adminStyles = [
  formStyles,
  css`
    :host {
      padding: 0.75em;
      max-width: 48rem;
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
    input[type='email'],
    input[type='password'] {
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
    form.edit {
      display: grid;
      gap: 1em;
    }
    form.edit h3 {
      margin: 0;
      font-size: 1.1em;
    }
    .hint {
      margin: 0;
      color: var(--_muted);
      font-size: 0.95em;
    }
    .list {
      list-style: none;
      margin: 1em 0;
      padding: 0;
      display: grid;
      gap: 0.75em;
    }
    .item {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.75em 1em;
      background: var(--_surface);
      min-width: 0;
    }
    .item .panel {
      margin: 0.75em 0 0;
      border-style: dashed;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      justify-content: space-between;
      gap: 0 0.75em;
    }
    .head h3 {
      margin: 0 0 0.3em;
      font-size: 1.1em;
      overflow-wrap: anywhere;
    }
    .badge {
      flex: none;
      font-size: 0.9em;
      border-radius: 999px;
      padding: 0 0.7em;
      border: 1px solid currentColor;
      color: var(--_accent);
    }
    dl {
      margin: 0 0 0.5em;
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
    .done {
      font-weight: 700;
    }
    .done:focus {
      outline: none;
    }
    a {
      color: var(--_accent);
    }
  `,
];

export const styles = css`
  .item.is-disabled {
    background: var(--_subtle);
  }
  .item.is-disabled h3 {
    color: var(--_muted);
  }
`;
