// Styles of <champa-scenario>: the story box, the choices as full-width buttons, the ending.
import { css } from 'lit';

export const styles = css`
  :host {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.2em 1em 0.8em;
    background: var(--_surface);
  }
  .label {
    font-size: 0.9em;
    color: var(--_muted);
    margin: 0.8em 0 0;
  }
  h3 {
    margin-top: 0.2em;
  }
  .choices {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: 0.5em;
  }
  .choices .btn {
    width: 100%;
    justify-content: flex-start;
    text-align: start;
  }
  .chosen {
    border-left: 4px solid var(--_accent);
    background: var(--_subtle);
    padding: 0.5em 0.8em;
    margin-bottom: 0.8em;
  }
  .end {
    font-weight: 700;
  }
`;
