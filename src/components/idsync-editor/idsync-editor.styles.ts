import { css } from 'lit';

/**
 * The editor's own layout; its colours and base controls come first from `themeTokens` and
 * `baseControls`, so a host themes it through the same `--idsync-*` properties as the others.
 */
export const editorStyles = css`
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
    color: var(--_fg);
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
`;
