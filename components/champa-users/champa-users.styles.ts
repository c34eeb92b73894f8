// Styles of the admin pages (<champa-users>, and through `adminStyles` <champa-organisations>
// and <champa-account>): one column of cards that reads the same on a 360 px phone and a
// desktop, forms of 44 px touch targets with errors beside their fields. Fields, cards and
// facts are the dashboard's (shared/staff.styles.ts). Not for the theme tokens: shared/base.styles.ts.
import { css } from 'lit';
import { cardStyles, fieldStyles, pageStyles } from '../shared/staff.styles.js';

export const adminStyles = [
  fieldStyles,
  pageStyles,
  cardStyles,
  css`
    :host {
      max-width: 48rem;
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
      font-size: 0.9em;
      color: var(--_accent);
    }
    dl {
      margin: 0 0 0.5em;
      display: grid;
      gap: 0.15em;
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
