// Styles of <champa-lesson>: readable lesson text, callouts, figures, checks and sources.
import { css } from 'lit';

export const styles = css`
  .article {
    max-width: var(--champa-measure, 42rem);
  }
  .kicker {
    color: var(--_muted);
    font-size: 0.92em;
    margin: 0;
  }
  h2 {
    margin-top: 0.2em;
    font-size: 1.45em;
  }
  h3 {
    font-size: 1.2em;
  }
  h4,
  h5 {
    font-size: 1.05em;
  }
  ul,
  ol {
    padding-inline-start: 1.5em;
    margin: 0 0 0.9em;
  }
  li > p {
    margin-bottom: 0.3em;
  }
  a {
    color: var(--_accent);
    text-underline-offset: 0.15em;
  }
  code {
    font-family: ui-monospace, monospace;
    background: var(--_subtle);
    padding: 0 0.25em;
    border-radius: 3px;
  }
  .cite {
    font-size: 0.75em;
    color: var(--_muted);
  }
  .callout {
    border-left: 4px solid var(--_accent);
    background: var(--_subtle);
    padding: 0.6em 0.9em 0.1em;
    margin: 0 0 1em;
    border-radius: 0 var(--_radius) var(--_radius) 0;
  }
  .callout.warning,
  .callout.important {
    border-left-color: var(--_bad);
  }
  .callout-label,
  .check-label {
    font-weight: 700;
    margin: 0 0 0.3em;
  }
  figure {
    margin: 0 0 1em;
  }
  img {
    max-width: 100%;
    height: auto;
  }
  .check {
    border: 2px solid var(--_accent);
    border-radius: var(--_radius);
    padding: 0.7em 1em;
    margin: 1.2em 0;
  }
  champa-scenario {
    margin: 1.2em 0;
  }
  .draft {
    font-size: 0.9em;
    color: var(--_muted);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    padding: 0.3em 0.6em;
  }
  .sources {
    font-size: 0.9em;
    color: var(--_muted);
    border-top: 1px solid var(--_border);
    margin-top: 1.5em;
  }
  .sources h3 {
    font-size: 1em;
  }
`;
