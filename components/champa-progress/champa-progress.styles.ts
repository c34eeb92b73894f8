// Styles of <champa-progress>: a label, a track with its fill, and the count as text.
import { css } from 'lit';

export const styles = css`
  .row {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.5em;
    font-size: 0.95em;
  }
  .track {
    height: var(--champa-progress-height, 0.6em);
    border-radius: 999px;
    background: var(--_subtle);
    border: 1px solid var(--_border);
    overflow: hidden;
  }
  .fill {
    height: 100%;
    background: var(--champa-progress-color, var(--_accent));
    transition: width 0.3s ease;
  }
  @media (prefers-reduced-motion: reduce) {
    .fill {
      transition: none;
    }
  }
`;
