// Styles of <champa-course>: header with language switch and connection status, outline
// beside the view on wide containers, one column at phone width (360 px).
import { css } from 'lit';

export const styles = css`
  :host {
    container-type: inline-size;
    background: var(--_surface);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em 1em;
    padding: 0.5em 0.75em;
    border-bottom: 1px solid var(--_border);
  }
  .title {
    font-weight: 700;
    margin: 0;
    flex: 1 1 12em;
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .lang {
    display: inline-flex;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .lang button {
    min-height: 44px;
    min-width: 44px;
    padding: 0.2em 0.7em;
    border: 0;
    background: var(--_surface);
    color: var(--_accent);
    cursor: pointer;
  }
  .lang button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 700;
  }
  .status {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.4em;
    font-size: 0.9em;
  }
  .badge {
    border-radius: 999px;
    padding: 0.1em 0.7em;
    border: 1px solid var(--_border);
    background: var(--_subtle);
  }
  .badge.offline {
    border-color: var(--_bad);
    color: var(--_bad);
    font-weight: 700;
  }
  .save {
    font-size: 0.9em;
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4em;
  }
  .save .btn {
    min-height: 40px;
    padding: 0.2em 0.7em;
  }
  .body {
    padding: 0 0.75em 1em;
  }
  .side {
    display: none;
  }
  .to-outline {
    margin: 0.6em 0 0;
    min-height: 40px;
  }
  .view h2 {
    font-size: 1.45em;
    margin-top: 0.6em;
  }
  .home champa-progress {
    margin: 1em 0;
  }
  .lead {
    font-size: 1.05em;
  }
  .draft {
    font-size: 0.9em;
    color: var(--_muted);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    padding: 0.3em 0.6em;
  }
  .error {
    color: var(--_bad);
  }
  @container (min-width: 52rem) {
    .body {
      display: grid;
      grid-template-columns: minmax(15rem, 19rem) minmax(0, 1fr);
      gap: 1.5em;
    }
    .side {
      display: block;
      border-right: 1px solid var(--_border);
      padding: 0.5em 1em 0.5em 0;
    }
    .home-outline,
    .to-outline {
      display: none;
    }
  }
`;
