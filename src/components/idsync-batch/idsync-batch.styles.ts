import { css } from 'lit';

/** Reads the studio's public `--idsync-*` custom properties, with fallbacks for both schemes. */
export const batchStyles = css`
  :host {
    --_fg: var(--idsync-color-text, #1d232b);
    --_muted: var(--idsync-color-muted, #4d5763);
    --_bg: var(--idsync-color-surface, #ffffff);
    --_bg-alt: var(--idsync-color-surface-alt, #f3f5f7);
    --_border: var(--idsync-color-border, #8a94a0);
    --_accent: var(--idsync-color-accent, #1f5fbf);
    --_error: var(--idsync-color-error, #a3141e);
    --_default-bar: var(--idsync-color-muted, #4d5763);
    --_radius: var(--idsync-radius, 6px);
    --_space: var(--idsync-space, 0.75rem);

    display: block;
    color: var(--_fg);
    background: var(--_bg);
    font: inherit;
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--idsync-color-text, #e8ecf1);
      --_muted: var(--idsync-color-muted, #b4bcc6);
      --_bg: var(--idsync-color-surface, #161a1f);
      --_bg-alt: var(--idsync-color-surface-alt, #222831);
      --_border: var(--idsync-color-border, #6b7581);
      --_accent: var(--idsync-color-accent, #8ab4ff);
      --_error: var(--idsync-color-error, #ff9aa2);
      --_default-bar: var(--idsync-color-muted, #b4bcc6);
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
    font: inherit;
    padding: 0.35rem 0.9rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-alt);
    color: var(--_fg);
    cursor: pointer;
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
