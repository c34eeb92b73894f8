// Styles of <champa-quiz>: intro, one question at a time, and the result box.
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
`;
