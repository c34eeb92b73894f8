// Styles of <champa-dashboard>: a one-column page at 360×640 (header rows wrap, large touch
// targets), a single header row and a wider content column on a desktop. Not for the theme
// tokens (shared/base.styles.ts), form fields (shared/staff.styles.ts) nor for the child pages'
// own layout.
import { css } from 'lit';

export const styles = css`
  :host {
    min-height: 100vh;
    background: var(--champa-dashboard-background, #f7f7f5);
  }
  .page {
    /* Bars run the full width; their content and the page stay within 72rem on a wide screen. */
    --_gutter: max(1.25em, (100% - 72rem) / 2);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.75em;
    padding: 0.5em 0.75em;
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
  }
  h1 {
    flex: 1 1 12em;
    margin: 0;
    font-size: 1.1em;
    line-height: 1.5;
    color: var(--_accent);
  }
  .who {
    flex: 1 1 100%;
    order: 3;
    margin: 0;
    overflow-wrap: anywhere;
  }
  .who .name {
    font-weight: 700;
  }
  .who .role {
    color: var(--_muted);
  }
  .who .role::before {
    content: '· ';
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .lang {
    display: flex;
    gap: 0.25em;
  }
  .lang .btn {
    min-width: 44px;
    padding: 0.2em 0.7em;
  }
  .lang .btn[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .btn[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  nav {
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
  }
  nav ul {
    display: flex;
    /* Five entries for an admin: on a phone they take two rows rather than scroll sideways. */
    flex-wrap: wrap;
    gap: 0 0.25em;
    margin: 0;
    padding: 0 0.5em;
    list-style: none;
  }
  nav a {
    display: inline-flex;
    align-items: center;
    min-height: 44px;
    padding: 0.25em 0.75em;
    color: var(--_accent);
    text-decoration: none;
    border-bottom: 4px solid transparent;
  }
  nav a:hover {
    text-decoration: underline;
  }
  nav a[aria-current='page'] {
    font-weight: 700;
    color: var(--_text);
    border-bottom-color: var(--_accent);
  }
  main {
    display: block;
    padding: 0.75em;
  }
  main:focus {
    outline: none;
  }
  .panel {
    max-width: 36rem;
    margin: 0 auto;
    padding: 0.75em;
    background: var(--_surface);
  }
  .signin h1 {
    margin-bottom: 0.25em;
  }
  .signin h2 {
    margin-top: 0.5em;
    font-size: 1.3em;
  }
  .signin .top {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
  }
  form {
    display: grid;
    gap: 1em;
  }
  /* The sign-in fields are the dashboard's (fieldStyles), a little taller, and a refused
     sign-in marks them (fieldStyles' input rules outweigh its [aria-invalid] rule). */
  .signin input {
    padding: 0.35em 0.6em;
  }
  .signin input[aria-invalid='true'] {
    border-color: var(--_bad);
  }
  form .btn {
    width: 100%;
  }
  .alert {
    border: 2px solid var(--_bad);
    border-radius: var(--_radius);
    padding: 0.5em 0.75em;
    color: var(--_bad);
  }
  .alert p {
    margin: 0;
  }
  .alert .detail {
    color: var(--_text);
    font-size: 0.95em;
    overflow-wrap: anywhere;
  }
  .note {
    border-inline-start: 4px solid var(--_accent);
    background: var(--_subtle);
    padding: 0.5em 0.75em;
    margin: 0;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.95em;
  }
  a {
    color: var(--_accent);
  }
  .refused {
    max-width: 40rem;
  }
  @media (min-width: 48rem) {
    header {
      flex-wrap: nowrap;
      padding: 0.5em var(--_gutter);
    }
    h1 {
      flex: 0 1 auto;
    }
    .who {
      flex: 1 1 auto;
      order: 0;
      text-align: end;
    }
    nav ul {
      padding: 0 calc(var(--_gutter) - 0.75em);
    }
    main {
      padding: 1em var(--_gutter);
    }
    .panel {
      margin-top: 2em;
      padding: 1.25em 1.5em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
  }
`;
