import { css } from 'lit';

/**
 * Every colour, space and radius reads a public `--idsync-*` custom property first, so a host
 * themes the editor without reaching into its shadow root; the private `--_*` values hold the
 * fallbacks, which switch with the user's colour scheme.
 */
export const editorStyles = css`
  :host {
    --_fg: var(--idsync-color-text, #1d232b);
    --_muted: var(--idsync-color-muted, #4d5763);
    --_bg: var(--idsync-color-surface, #ffffff);
    --_bg-alt: var(--idsync-color-surface-alt, #f3f5f7);
    --_border: var(--idsync-color-border, #8a94a0);
    --_accent: var(--idsync-color-accent, #1f5fbf);
    --_accent-fg: var(--idsync-color-accent-text, #ffffff);
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
      --_accent-fg: var(--idsync-color-accent-text, #10151c);
      --_error: var(--idsync-color-error, #ffb4ab);
      --_error-bg: var(--idsync-color-error-surface, #3b1519);
      --_warning: var(--idsync-color-warning, #ffd58a);
      --_warning-bg: var(--idsync-color-warning-surface, #33290f);
      --_focus: var(--idsync-focus-ring, #8ab4f8);
    }
  }

  :host([hidden]) {
    display: none;
  }

  * {
    box-sizing: border-box;
  }

  /* Flex and grid items default to their min-content width: zero lets a long key wrap instead. */
  [part~='base'] > *,
  [part~='row'] > *,
  [part~='toolbar'] > *,
  .choices > * {
    min-width: 0;
  }

  [part~='base'] {
    display: grid;
    gap: var(--_space);
  }

  fieldset,
  [role='radiogroup'] {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0;
    padding: var(--_space);
    min-width: 0;
  }

  legend,
  .group-label {
    font-weight: 600;
    padding: 0 0.25rem;
  }

  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1.25rem;
  }

  label {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
  }

  .field {
    display: grid;
    gap: 0.2rem;
    min-width: min(11rem, 100%);
    max-width: 100%;
  }

  .field > label {
    font-size: 0.85em;
    color: var(--_muted);
  }

  select,
  input[type='text'] {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.3rem 0.5rem;
    max-width: 100%;
  }

  [aria-invalid='true'] {
    border: 2px solid var(--_error);
  }

  button {
    font: inherit;
    cursor: pointer;
    color: var(--_fg);
    background: var(--_bg-alt);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.35rem 0.8rem;
  }

  button[part~='save'] {
    color: var(--_accent-fg);
    background: var(--_accent);
    border-color: var(--_accent);
    font-weight: 600;
  }

  button:disabled,
  select:disabled,
  input:disabled {
    cursor: not-allowed;
    opacity: 0.75;
  }

  :is(button, select, input, [tabindex]):focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [part~='rows'] {
    display: grid;
    gap: var(--_space);
    margin: 0;
    padding: 0;
  }

  [part~='row'] {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 0.5rem var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-alt);
  }

  [part~='row'].invalid {
    border-left: 6px solid var(--_error);
  }

  [part~='row-title'] {
    flex-basis: 100%;
    font-weight: 600;
  }

  [part~='row-feedback'],
  [part~='general-feedback'] {
    flex-basis: 100%;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .error {
    color: var(--_error);
    background: var(--_error-bg);
    padding: 0.25rem 0.5rem;
    border-radius: var(--_radius);
  }

  .warning {
    color: var(--_warning);
    background: var(--_warning-bg);
    padding: 0.25rem 0.5rem;
    border-radius: var(--_radius);
  }

  .severity {
    font-weight: 700;
  }

  [part~='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }

  [part~='findings'] {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
  }

  [part~='findings'] h3 {
    margin: 0 0 0.4rem;
    font-size: 1em;
  }

  [part~='findings'] ul {
    margin: 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: 0.3rem;
  }

  .note,
  [part~='help'] {
    color: var(--_muted);
    font-size: 0.9em;
    margin: 0;
  }

  [part~='notice'] {
    border: 2px solid var(--_error);
    border-radius: var(--_radius);
    padding: var(--_space);
    background: var(--_error-bg);
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
