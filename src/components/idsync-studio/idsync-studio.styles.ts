import { css } from 'lit';

/** Layout of the three panels and the notices, over the shared palette and base controls. */
export const studioStyles = css`
  :host {
    --_info-bg: var(--idsync-color-info-surface, #eaf1fb);

    /* The panels follow the studio's own width, not the viewport's: a side panel or a narrow
       column of a console is as small as a phone. */
    container: idsync-studio / inline-size;
  }

  * {
    box-sizing: border-box;
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_info-bg: var(--idsync-color-info-surface, #1c2a3d);
    }
  }

  :host([hidden]) {
    display: none;
  }

  [part~='base'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_space);
  }

  [part~='panels'] {
    display: grid;
    gap: var(--_space);
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr));
    align-items: start;
  }

  /* Grid items default to their min-content width; zero lets long content wrap inside them. */
  [part~='base'] > *,
  [part~='panels'] > *,
  [part~='notices'] > * {
    min-width: 0;
  }

  @container idsync-studio (max-width: 44rem) {
    [part~='panels'] {
      grid-template-columns: minmax(0, 1fr);
    }
  }

  [part~='notices'] {
    display: grid;
    gap: 0.5rem;
  }

  [part~='notices']:empty {
    display: none;
  }

  .notice {
    margin: 0;
    padding: 0.5rem var(--_space);
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_info-bg);
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem var(--_space);
    align-items: center;
  }

  .notice.warning {
    color: var(--_warning);
    background: var(--_warning-bg);
    border: 2px solid var(--_warning);
  }

  .notice p {
    margin: 0;
    flex: 1 1 min(20rem, 100%);
    min-width: 0;
  }

  button {
    color: var(--_fg);
    padding: 0.3rem 0.75rem;
  }

  [part~='public-api'],
  [part~='batch'] {
    display: grid;
    gap: 0.5rem;
    align-content: start;
    min-width: 0;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
  }

  h2 {
    font-size: 1.1rem;
  }

  h3 {
    font-size: 1rem;
  }

  .hint {
    margin: 0;
    color: var(--_muted);
  }

  fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem var(--_space);
    min-width: 0;
    margin: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  input,
  select,
  textarea {
    max-width: 100%;
  }

  [part~='loading'] {
    color: var(--_muted);
  }
`;
