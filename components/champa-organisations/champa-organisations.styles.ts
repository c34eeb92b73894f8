// Styles of <champa-organisations> beyond the admin pages' shared look (adminStyles in
// champa-users.styles.ts): the kind and province side by side when there is room, and the
// name in the other language under the heading. Not for the theme tokens.
import { css } from 'lit';

export const styles = css`
  .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr));
    gap: 1em;
  }
  .other {
    margin: 0 0 0.3em;
    overflow-wrap: anywhere;
  }
`;
