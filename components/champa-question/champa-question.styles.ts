// Styles of <champa-question>: the answer controls and the feedback box.
import { css } from 'lit';

export const styles = css`
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  legend {
    font-weight: 700;
    padding: 0;
    margin-bottom: 0.6em;
  }
  .case {
    background: var(--_subtle);
    border-left: 4px solid var(--_accent);
    padding: 0.6em 0.9em;
    margin: 0 0 0.8em;
  }
  .options {
    display: grid;
    gap: 0.5em;
  }
  .option {
    display: flex;
    align-items: flex-start;
    gap: 0.6em;
    padding: 0.5em 0.7em;
    min-height: 44px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: pointer;
  }
  .option input {
    margin-top: 0.45em;
    width: 1.15em;
    height: 1.15em;
    flex: none;
    accent-color: var(--_accent);
  }
  .option.right {
    border: 2px solid var(--_good);
  }
  .tag {
    font-size: 0.9em;
    font-weight: 700;
    color: var(--_good);
    white-space: nowrap;
  }
  ol.order {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5em;
  }
  ol.order li {
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.3em 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  ol.order .n {
    font-weight: 700;
    min-width: 1.5em;
  }
  ol.order .text {
    flex: 1;
  }
  .move {
    min-width: 44px;
    min-height: 44px;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_accent);
    cursor: pointer;
  }
  .pair {
    display: grid;
    gap: 0.3em;
    margin-bottom: 0.8em;
  }
  .pair select {
    min-height: 44px;
    max-width: 100%;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.3em;
    background: var(--_surface);
    color: var(--_text);
  }
  .feedback {
    margin-top: 1em;
    padding: 0.7em 0.9em;
    border-radius: var(--_radius);
    border: 2px solid var(--_border);
    background: var(--_subtle);
  }
  .feedback.is-right {
    border-color: var(--_good);
  }
  .feedback.is-wrong {
    border-color: var(--_bad);
  }
  .verdict {
    font-weight: 700;
    margin: 0 0 0.4em;
  }
  .hint {
    color: var(--_bad);
    margin: 0.5em 0 0;
  }
`;
