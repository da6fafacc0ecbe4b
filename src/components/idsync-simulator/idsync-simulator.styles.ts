import { css } from 'lit';

/**
 * The simulator's own layout and its extra tokens; the shared palette and base controls come first
 * from `themeTokens` and `baseControls`, so one host theme covers the whole studio.
 */
export const simulatorStyles = css`
  :host {
    --_sent: var(--idsync-color-sent, #1b6b34);
    --_sent-bg: var(--idsync-color-sent-surface, #e6f4ea);
    --_mono: var(--idsync-font-mono, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_sent: var(--idsync-color-sent, #9be0ae);
      --_sent-bg: var(--idsync-color-sent-surface, #173322);
    }
  }

  :host([hidden]) {
    display: none;
  }

  * {
    box-sizing: border-box;
  }

  /* minmax(0, 1fr): a long option or hash must wrap, never widen the panel past its host. */
  [part~='base'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_space);
  }

  .setting {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.2rem;
    margin: 0 0 0.75rem;
  }

  .setting .hint {
    margin: 0;
  }

  h2,
  h3,
  h4 {
    margin: 0 0 0.5rem;
    line-height: 1.25;
  }

  h2 {
    font-size: 1.15rem;
  }

  h3 {
    font-size: 1.02rem;
  }

  h4 {
    font-size: 0.95rem;
  }

  section,
  fieldset,
  details[part~='settings'] {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0;
    padding: var(--_space);
    min-width: 0;
  }

  legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }

  label {
    display: inline-flex;
    flex-direction: column;
    gap: 0.25rem;
    max-width: 100%;
    min-width: 0;
  }

  /* Flex and grid items default to their min-content width: zero lets long values wrap. */
  .row > *,
  .drop > *,
  .sides > * {
    min-width: 0;
  }

  label.inline {
    flex-direction: row;
    align-items: center;
    gap: 0.4rem;
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: end;
  }

  .hint {
    color: var(--_muted);
    font-size: 0.88em;
    margin: 0.25rem 0 0;
  }

  input,
  select,
  textarea,
  button {
    font: inherit;
    color: inherit;
  }

  input[type='text'],
  select,
  textarea {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.3rem 0.45rem;
    max-width: 100%;
    min-width: 0;
  }

  textarea {
    width: 100%;
    min-height: 6rem;
    font-family: var(--_mono);
    font-size: 0.85em;
  }

  [aria-invalid='true'] {
    border-color: var(--_error);
    border-width: 2px;
  }

  button {
    padding: 0.3rem 0.75rem;
  }

  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }

  .drop {
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    display: grid;
    gap: 0.5rem;
  }

  .drop.active {
    border-color: var(--_accent);
    background: var(--_bg-alt);
  }

  .message {
    border-radius: var(--_radius);
    padding: 0.5rem 0.75rem;
    margin: 0.5rem 0 0;
    overflow-wrap: anywhere;
  }

  .message.error {
    background: var(--_error-bg);
    color: var(--_error);
    border: 1px solid var(--_error);
  }

  .message.warning {
    background: var(--_warning-bg);
    color: var(--_warning);
    border: 1px solid var(--_warning);
  }

  .sides {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(18rem, 100%), 1fr));
    gap: var(--_space);
  }

  table {
    border-collapse: collapse;
    width: 100%;
  }

  caption {
    text-align: start;
    font-weight: 600;
    padding-bottom: 0.25rem;
  }

  th,
  td {
    border-bottom: 1px solid var(--_border);
    padding: 0.25rem 0.5rem;
    text-align: start;
    vertical-align: top;
    overflow-wrap: anywhere;
  }

  th {
    overflow-wrap: normal;
  }

  td.time {
    white-space: nowrap;
  }

  /* In a narrow studio (the nearest size container) four columns only fit when times wrap too. */
  @container (max-width: 30rem) {
    td.time {
      white-space: normal;
    }

    th,
    td {
      padding-inline: 0.25rem;
    }
  }

  table {
    font-size: 0.9em;
  }

  td.number {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }

  ol.sends,
  ul.findings,
  ul.plain {
    margin: 0;
    padding-inline-start: 1.25rem;
    display: grid;
    gap: 0.4rem;
  }

  pre {
    font-family: var(--_mono);
    font-size: 0.82em;
    background: var(--_bg-alt);
    border-radius: var(--_radius);
    padding: 0.5rem;
    margin: 0.25rem 0;
    /* Wrapped, never a scroll box: a scroll region would need its own tab stop. */
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  code,
  .value {
    font-family: var(--_mono);
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }

  summary {
    cursor: pointer;
  }

  .rules dt {
    font-family: var(--_mono);
    font-weight: 600;
  }

  .rules dd {
    margin: 0 0 0.4rem 1rem;
  }

  .mark {
    display: inline-block;
    border-radius: 999px;
    padding: 0 0.45rem;
    font-size: 0.82em;
    border: 1px solid currentColor;
  }

  .mark.sent {
    color: var(--_sent);
    background: var(--_sent-bg);
  }

  .dropped .value {
    text-decoration: line-through;
  }

  .severity {
    font-weight: 600;
  }

  .severity.error {
    color: var(--_error);
  }

  .severity.warning {
    color: var(--_warning);
  }

  .status {
    font-weight: 600;
  }
`;
