import { css } from 'lit';

/**
 * The drafts panel's own layout over the shared palette and base controls. A few of its dark
 * fallbacks are its own shades, and its focus ring is thinner than the other elements'.
 */
export const draftsStyles = css`
  @media (prefers-color-scheme: dark) {
    :host {
      --_error-bg: var(--idsync-color-error-surface, #3b1414);
      --_warning: var(--idsync-color-warning, #ffd27a);
      --_warning-bg: var(--idsync-color-warning-surface, #33280f);
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
    padding: 0.15rem 0.6rem;
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
    outline-width: 2px;
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
