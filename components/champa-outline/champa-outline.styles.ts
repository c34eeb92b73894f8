// Styles of <champa-outline>: modules with their lessons and quizzes as a compact list.
import { css } from 'lit';

export const styles = css`
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .module {
    margin: 0.8em 0 0;
  }
  .module-title {
    display: block;
    font-weight: 700;
    padding: 0 0.3em;
  }
  .module-title .state {
    font-weight: 400;
  }
  ol ol {
    margin-top: 0.2em;
  }
  .entry {
    display: flex;
    width: 100%;
    align-items: flex-start;
    gap: 0.5em;
    min-height: 44px;
    padding: 0.45em 0.5em;
    border: 0;
    border-radius: var(--_radius);
    background: none;
    color: var(--_text);
    text-align: start;
    cursor: pointer;
  }
  .entry:hover:not(:disabled) {
    background: var(--_subtle);
  }
  .entry[aria-current] {
    background: var(--_subtle);
    box-shadow: inset 4px 0 0 var(--_accent);
    font-weight: 700;
  }
  .entry:disabled {
    cursor: not-allowed;
    color: var(--_muted);
  }
  .mark {
    flex: none;
    width: 1.3em;
    text-align: center;
  }
  .done .mark {
    color: var(--_good);
  }
  .sub {
    display: block;
    font-size: 0.88em;
    color: var(--_muted);
    font-weight: 400;
  }
`;
