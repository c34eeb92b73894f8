// Styles of <champa-exam>: intro, one item at a time, the review list and the graded result.
// The answer controls themselves share <champa-question>'s styles.
import { css } from 'lit';

export const styles = css`
  h2 {
    margin-top: 0.2em;
    font-size: 1.45em;
  }
  h3 {
    font-size: 1em;
    color: var(--_muted);
    margin: 0.6em 0 0.4em;
  }
  champa-progress {
    margin-bottom: 0.8em;
  }
  .facts {
    padding-inline-start: 1.2em;
  }
  .notice {
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_subtle);
    padding: 0.6em 0.9em;
    margin: 0.5em 0 1em;
  }
  .notice.is-bad {
    border-color: var(--_bad);
  }
  .result {
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.6em 1em;
    margin: 0.5em 0 1em;
  }
  .result.is-passed {
    border-color: var(--_good);
  }
  .result.is-failed {
    border-color: var(--_bad);
  }
  .big {
    font-size: 1.3em;
    font-weight: 700;
    margin: 0;
  }
  ol.review,
  ol.graded {
    padding: 0;
    margin: 0;
    list-style: none;
    display: grid;
    gap: 0.5em;
  }
  ol.review li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
    padding: 0.3em 0.6em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  ol.review .link {
    min-height: 44px;
    border: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    cursor: pointer;
    text-align: start;
    padding: 0;
  }
  ol.graded li {
    padding: 0.6em 0.9em;
    border-radius: var(--_radius);
    border: 2px solid var(--_border);
    background: var(--_subtle);
  }
  ol.graded li.is-right {
    border-color: var(--_good);
  }
  ol.graded li.is-wrong {
    border-color: var(--_bad);
  }
  .prompt {
    font-weight: 700;
  }
`;
