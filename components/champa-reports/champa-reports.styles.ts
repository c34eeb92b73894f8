// Styles of <champa-reports>: the report tabs, the filter form (one column on a phone, more on
// a desktop), tables that scroll sideways inside themselves on a narrow screen, item cards,
// and the roll-up's indented districts. The tables' common rules are the dashboard's
// (shared/staff.styles.ts).
import { css } from 'lit';

export const styles = css`
  .tabs ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.5em;
    margin: 0 0 0.5em;
    padding: 0;
    list-style: none;
    border-bottom: 1px solid var(--_border);
  }
  .tabs a {
    display: inline-block;
    min-height: 44px;
    padding: 0.5em 0.75em;
    color: var(--_accent);
    text-decoration: none;
    border-bottom: 3px solid transparent;
  }
  .tabs a:hover {
    text-decoration: underline;
  }
  .tabs a[aria-current='page'] {
    color: var(--_text);
    font-weight: 700;
    border-bottom-color: var(--_accent);
  }
  h2 {
    margin-top: 0.5em;
  }
  .blurb {
    color: var(--_muted);
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0 0 1em;
    padding: 0.5em 1em 0.25em;
    min-width: 0;
  }
  legend {
    font-weight: 700;
    padding: 0 0.25em;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 15em), 1fr));
    gap: 0.5em 1em;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.2em;
    min-width: 0;
  }
  .field label {
    font-weight: 700;
    font-size: 0.95em;
  }
  select,
  input {
    font: inherit;
    min-height: 44px;
    padding: 0.3em 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    width: 100%;
    min-width: 0;
  }
  [aria-invalid='true'] {
    border: 2px solid var(--_bad);
  }
  .hint {
    font-size: 0.85em;
    color: var(--_muted);
    margin: 0;
  }
  .field-error,
  .form-error {
    color: var(--_bad);
    font-weight: 700;
    margin: 0.25em 0;
  }
  .form-error {
    border-left: 4px solid var(--_bad);
    padding: 0.25em 0.75em;
  }
  .status:empty {
    display: none;
  }
  .note {
    font-size: 0.9em;
    color: var(--_muted);
  }
  .empty {
    color: var(--_muted);
    font-style: italic;
  }
  .period {
    font-weight: 700;
    margin: 0.5em 0;
  }
  .exports {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    margin: 0.5em 0 1em;
  }
  .exports .note {
    flex-basis: 100%;
    margin: 0;
  }
  .btn.small {
    min-height: 44px;
    padding: 0.25em 0.75em;
    text-decoration: none;
  }
  .lead strong {
    white-space: nowrap;
  }
  .block {
    margin: 1em 0 1.5em;
  }
  .course {
    margin: 0.5em 0 1.25em;
  }
  .scroll {
    overflow-x: auto;
    max-width: 100%;
    margin: 0.5em 0;
  }
  table {
    font-size: 0.95em;
  }
  /* A desktop line of figures stays short enough to read across. */
  .scroll,
  champa-chart {
    max-width: 52rem;
  }
  caption {
    padding: 0.25em 0;
  }
  th,
  td {
    border-bottom: 1px solid var(--_border);
    padding: 0.35em 0.5em;
    vertical-align: top;
  }
  .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  td.num {
    white-space: nowrap;
  }
  td[data-sex='total'],
  th[data-sex='total'] {
    font-weight: 700;
  }
  .rollup-controls {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .rollup-controls select {
    width: auto;
  }
  .rollup .centre th,
  .rollup .centre td {
    font-weight: 700;
    background: var(--_subtle);
  }
  .rollup .district th {
    font-weight: 400;
  }
  .indent {
    display: inline-block;
    padding-inline-start: 1.75em;
  }
  .disclosure {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    min-height: 44px;
    padding: 0 0.25em;
    border: 0;
    background: none;
    color: var(--_accent);
    font: inherit;
    font-weight: 700;
    text-align: start;
    cursor: pointer;
  }
  .leaf {
    display: inline-block;
    padding-inline-start: 1.35em;
    font-weight: 700;
  }
  .help p {
    margin: 0 0 0.4em;
    font-size: 0.95em;
  }
  .items {
    padding: 0;
    list-style: none;
  }
  .item {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5em 0.75em;
    margin: 0 0 0.75em;
  }
  .item .prompt {
    font-size: 1em;
    margin: 0 0 0.25em;
  }
  .item .meta {
    font-size: 0.85em;
    color: var(--_muted);
    margin: 0 0 0.25em;
    overflow-wrap: anywhere;
  }
  .figures {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 14em), 1fr));
    gap: 0.25em 1em;
    margin: 0;
  }
  .figures dt {
    font-size: 0.85em;
    color: var(--_muted);
  }
  .figures dd {
    margin: 0;
  }
  .flags {
    margin: 0.5em 0 0;
    padding-inline-start: 1.25em;
    color: var(--_bad);
  }
  .flags li::marker {
    content: '⚠ ';
  }
  .no-flags {
    margin: 0.5em 0 0;
  }
  .generated {
    font-size: 0.85em;
  }
`;
