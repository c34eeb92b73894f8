// Styles of <champa-chart>: the caption, the key of series, the SVG (sized by the element from
// its own width) and the text alternative, which is hidden from sight but not from readers.
import { css } from 'lit';

export const styles = css`
  :host {
    margin: 0.5em 0 1em;
  }
  figure {
    margin: 0;
  }
  figcaption {
    font-weight: 700;
    margin-bottom: 0.25em;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    margin: 0 0 0.4em;
    padding: 0;
    list-style: none;
    font-size: 0.9em;
  }
  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
  }
  .legend svg {
    flex: none;
  }
  .plot {
    display: block;
    max-width: 100%;
    overflow: visible;
  }
  .plot text {
    font-family: inherit;
    font-size: 13px;
    fill: var(--_text);
  }
  .plot .category {
    font-weight: 700;
  }
  .plot .value {
    fill: var(--_text);
  }
  .plot .inside {
    font-size: 12px;
  }
  .empty {
    color: var(--_muted);
    margin: 0.25em 0;
  }
`;
