import { css } from 'lit';

/**
 * The batch view's own layout over the shared palette and base controls. It keeps what set it
 * apart before: the page's font and wrapping, its own dark shades and the browser's focus ring.
 */
export const batchStyles = css`
  :host {
    --_default-bar: var(--_muted);

    font: inherit;
    overflow-wrap: inherit;
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--idsync-color-text, #e8ecf1);
      --_border: var(--idsync-color-border, #6b7581);
      --_accent: var(--idsync-color-accent, #8ab4ff);
      --_error: var(--idsync-color-error, #ff9aa2);
    }
  }

  [part='base'] {
    display: grid;
    gap: var(--_space);
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }

  progress {
    inline-size: min(100%, 28rem);
  }

  button {
    padding: 0.35rem 0.9rem;
    color: var(--_fg);
  }

  :focus-visible {
    outline: revert;
    outline-offset: revert;
  }

  [part='error'] {
    color: var(--_error);
    border-inline-start: 4px solid var(--_error);
    padding-inline-start: var(--_space);
  }

  table {
    border-collapse: collapse;
  }

  th,
  td {
    border: 1px solid var(--_border);
    padding: 0.2rem 0.5rem;
    text-align: start;
  }

  td.n {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }

  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: 0.25rem;
  }

  svg {
    max-inline-size: 100%;
    block-size: auto;
  }

  .bar-default {
    fill: var(--_default-bar);
  }

  .bar-config {
    fill: var(--_accent);
  }

  .axis {
    fill: var(--_fg);
    font-size: 11px;
  }

  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
