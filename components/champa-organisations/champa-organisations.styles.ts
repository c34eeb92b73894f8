// Styles of <champa-organisations> beyond the admin pages' shared look (adminStyles in
// champa-users.styles.ts): the name in the other language under the heading. Not for the
// theme tokens.
import { css } from 'lit';

export const styles = css`
  .other {
    margin: 0 0 0.3em;
    overflow-wrap: anywhere;
  }
`;
