import { css } from 'lit';

/** Layout of the three panels and the notices; each reads the same `--idsync-*` properties. */
export const studioStyles = css`
  :host {
    --_fg: var(--idsync-color-text, #1d232b);
    --_muted: var(--idsync-color-muted, #4d5763);
    --_bg: var(--idsync-color-surface, #ffffff);
    --_bg-alt: var(--idsync-color-surface-alt, #f3f5f7);
    --_border: var(--idsync-color-border, #8a94a0);
    --_warning: var(--idsync-color-warning, #7a4b00);
    --_warning-bg: var(--idsync-color-warning-surface, #fff6e0);
    --_info-bg: var(--idsync-color-info-surface, #eaf1fb);
    --_error: var(--idsync-color-error, #a3141e);
    --_error-bg: var(--idsync-color-error-surface, #fdeeee);
    --_focus: var(--idsync-focus-ring, #1f5fbf);
    --_radius: var(--idsync-radius, 6px);
    --_space: var(--idsync-space, 0.75rem);

    display: block;
    color: var(--_fg);
    background: var(--_bg);
    font: var(--idsync-font, 0.95rem/1.45 system-ui, sans-serif);
    /* The panels follow the studio's own width, not the viewport's: a side panel or a narrow
       column of a console is as small as a phone. */
    container: idsync-studio / inline-size;
    /* A pasted key or id has no spaces; without this one such word sets the width of everything. */
    overflow-wrap: anywhere;
  }

  * {
    box-sizing: border-box;
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--idsync-color-text, #e7eaee);
      --_muted: var(--idsync-color-muted, #b4bcc6);
      --_bg: var(--idsync-color-surface, #161a1f);
      --_bg-alt: var(--idsync-color-surface-alt, #222831);
      --_border: var(--idsync-color-border, #6f7a87);
      --_warning: var(--idsync-color-warning, #ffd58a);
      --_warning-bg: var(--idsync-color-warning-surface, #33290f);
      --_info-bg: var(--idsync-color-info-surface, #1c2a3d);
      --_error: var(--idsync-color-error, #ffb4ab);
      --_error-bg: var(--idsync-color-error-surface, #3b1519);
      --_focus: var(--idsync-focus-ring, #8ab4f8);
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
    font: inherit;
    cursor: pointer;
    color: var(--_fg);
    background: var(--_bg-alt);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.3rem 0.75rem;
  }

  button:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
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

  input:focus-visible,
  textarea:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [part~='loading'] {
    color: var(--_muted);
  }
`;
