// Styles of <champa-cohort>: the facts, the join code large enough to read from the back of a
// training room with its QR code beside it (below it on a phone), the progress table that
// scrolls sideways inside its own box on a phone (the page itself never does), state pills
// and small module bars. Not for form fields, panels, facts and tables' common rules
// (shared/staff.styles.ts) nor for the theme tokens (shared/base.styles.ts).
import { css } from 'lit';

export const styles = css`
  :host {
    /* State colours: each with at least 4.5:1 contrast against its tint. */
    --_s-not-started: var(--_muted);
    --_s-in-progress: #7a4a00;
    --_s-completed: var(--_accent);
    --_s-passed: var(--_good);
    --_s-certified: #4b2f7a;
  }
  .back {
    margin: 0 0 0.5em;
  }
  a {
    color: var(--_accent);
  }
  h2 {
    margin: 0.2em 0 0.6em;
    overflow-wrap: anywhere;
  }
  .facts {
    margin: 0 0 1.2em;
    display: grid;
    gap: 0.15em;
  }
  .facts > div {
    display: grid;
    grid-template-columns: minmax(6.5em, 10em) 1fr;
    gap: 0.75em;
  }
  .panel h3 {
    margin-top: 0;
  }
  .join-grid {
    display: flex;
    flex-wrap: wrap;
    gap: 1em 2em;
    align-items: flex-start;
  }
  .join-grid > div {
    flex: 1 1 16rem;
    min-width: 0;
  }
  .code {
    font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
    font-size: clamp(2rem, 9vw, 3.2rem);
    font-weight: 700;
    letter-spacing: 0.15em;
    line-height: 1.2;
    margin: 0 0 0.3em;
  }
  .join-url {
    overflow-wrap: anywhere;
  }
  .join-state {
    font-weight: 700;
  }
  .qr {
    flex: none;
    width: min(220px, 100%);
    height: auto;
    background: #fff;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .confirm-code {
    border-left: 4px solid var(--_bad);
    padding-left: 0.75em;
  }
  .action-note:empty {
    display: none;
  }
  .updated {
    font-size: 0.9em;
  }
  .charts {
    /* Holds the charts' visually hidden tables: a <table> ignores the 1px width that hides it,
       and would otherwise widen the page on a phone. */
    position: relative;
    overflow: hidden;
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
    gap: 1em;
    margin: 0 0 1em;
  }
  .table-wrap {
    overflow-x: auto;
    max-width: 100%;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  table {
    font-size: 0.92em;
  }
  caption {
    padding: 0.4em 0.6em;
  }
  th,
  td {
    padding: 0.35em 0.6em;
    border-top: 1px solid var(--_subtle);
    vertical-align: middle;
  }
  thead th {
    white-space: nowrap;
  }
  thead th.course {
    text-align: center;
    border-left: 2px solid var(--_border);
    white-space: normal;
  }
  th.name {
    min-width: 9em;
  }
  tbody th {
    font-weight: 400;
  }
  td.score,
  td.last {
    white-space: nowrap;
  }
  tfoot th,
  tfoot td {
    border-top: 2px solid var(--_border);
    font-weight: 700;
  }
  .total-split span {
    display: block;
    white-space: nowrap;
  }
  .pill {
    display: inline-block;
    white-space: nowrap;
    border-radius: 999px;
    padding: 0 0.6em;
    border: 1px solid currentColor;
    font-size: 0.9em;
  }
  .s-not-started {
    color: var(--_s-not-started);
  }
  .s-in-progress {
    color: var(--_s-in-progress);
  }
  .s-completed {
    color: var(--_s-completed);
  }
  .s-passed {
    color: var(--_s-passed);
  }
  .s-certified {
    color: var(--_s-certified);
    font-weight: 700;
  }
  .bar-cell {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    white-space: nowrap;
  }
  progress {
    appearance: none;
    width: 4.5em;
    height: 0.7em;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_subtle);
    overflow: hidden;
  }
  progress::-webkit-progress-bar {
    background: var(--_subtle);
  }
  progress::-webkit-progress-value {
    background: var(--_accent);
  }
  progress::-moz-progress-bar {
    background: var(--_accent);
  }
  .templates {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1.5em;
  }
  .templates a {
    display: inline-flex;
    align-items: center;
    min-height: 44px;
  }
  .enrol .field,
  .enrol .check {
    margin: 0 0 0.5em;
    max-width: 30rem;
  }
  .problems {
    margin: 0;
    padding-left: 1.2em;
    color: var(--_bad);
  }
  .csv-result:focus {
    outline: none;
  }
`;
