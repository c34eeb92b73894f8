// Styles of <champa-account> beyond the admin pages' shared look (adminStyles in
// champa-users.styles.ts): the facts about the user above a narrow form. Not for the theme tokens.
import { css } from 'lit';

export const styles = css`
  form.edit {
    max-width: 30rem;
  }
  dl.me {
    margin: 0 0 1.2em;
  }
  .form-error .detail {
    display: block;
    color: var(--_text);
    font-weight: 400;
    overflow-wrap: anywhere;
  }
`;
