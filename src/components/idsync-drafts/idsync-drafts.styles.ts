import { css } from 'lit';

/** Colours and spacing read the public `--idsync-*` properties first, with scheme-aware fallbacks. */
export const draftsStyles = css`
  :host {
    --_fg: var(--idsync-color-text, #1d232b);
    --_muted: var(--idsync-color-muted, #4d5763);
    --_bg: var(--idsync-color-surface, #ffffff);
    --_bg-alt: var(--idsync-color-surface-alt, #f3f5f7);
    --_border: var(--idsync-color-border, #8a94a0);
    --_accent: var(--idsync-color-accent, #1f5fbf);
    --_error: var(--idsync-color-error, #a3141e);
    --_error-bg: var(--idsync-color-error-surface, #fdeeee);
    --_warning: var(--idsync-color-warning, #7a4b00);
    --_warning-bg: var(--idsync-color-warning-surface, #fff6e0);
    --_focus: var(--idsync-focus-ring, #1f5fbf);
    --_radius: var(--idsync-radius, 6px);
    --_space: var(--idsync-space, 0.75rem);

    display: block;
    color: var(--_fg);
    background: var(--_bg);
    font: var(--idsync-font, 0.95rem/1.45 system-ui, sans-serif);
    /* A pasted key or id has no spaces; it must wrap rather than widen the panel. */
    overflow-wrap: anywhere;
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--idsync-color-text, #e7eaee);
      --_muted: var(--idsync-color-muted, #b4bcc6);
      --_bg: var(--idsync-color-surface, #161a1f);
      --_bg-alt: var(--idsync-color-surface-alt, #222831);
      --_border: var(--idsync-color-border, #6f7a87);
      --_accent: var(--idsync-color-accent, #8ab4f8);
      --_error: var(--idsync-color-error, #ffb4ab);
      --_error-bg: var(--idsync-color-error-surface, #3b1414);
      --_warning: var(--idsync-color-warning, #ffd27a);
      --_warning-bg: var(--idsync-color-warning-surface, #33280f);
      --_focus: var(--idsync-focus-ring, #8ab4f8);
    }
  }

  section {
    border-top: 1px solid var(--_border);
    padding: var(--_space) 0;
  }

  h2,
  h3 {
    margin: 0 0 calc(var(--_space) / 2);
    font-size: 1rem;
  }

  ul,
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
    padding: 0.25rem 0;
  }

  /* Flex items default to their min-content width: zero lets a long draft key wrap instead. */
  li > *,
  .row > * {
    min-width: 0;
  }

  .meta {
    color: var(--_muted);
    font-size: 0.85em;
  }

  .notice {
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2) var(--_space);
    margin: calc(var(--_space) / 2) 0;
  }

  .warning {
    color: var(--_warning);
    background: var(--_warning-bg);
  }

  .error {
    color: var(--_error);
    background: var(--_error-bg);
  }

  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }

  button {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-alt);
    padding: 0.15rem 0.6rem;
    cursor: pointer;
  }

  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  input,
  select {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    padding: 0.15rem 0.4rem;
    box-sizing: border-box;
    max-width: 100%;
  }

  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }

  .current {
    font-weight: 600;
  }

  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
