// Styles of <champa-cohorts>: cards that stack on a 360 px phone and sit side by side on a
// desktop, a filter bar that wraps, and the new-cohort form's layout. Not for form fields, cards
// and facts (shared/staff.styles.ts) nor for the theme tokens (shared/base.styles.ts).
import { css } from 'lit';
import { cardStyles, fieldStyles, pageStyles } from '../shared/staff.styles.js';

export const styles = [
  fieldStyles,
  pageStyles,
  cardStyles,
  css`
    form.create {
      display: grid;
      gap: 1em;
      max-width: 44rem;
    }
    form.create h3 {
      margin: 0;
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
      font-size: 0.85em;
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
