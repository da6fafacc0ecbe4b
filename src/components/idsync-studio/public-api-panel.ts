/**
 * The studio's "Segment Public API" section: the current config as the body of a Public API call,
 * its findings, and Copy / Download. It lives in its own module, which the studio imports on
 * demand, because the section sits below the panels and the embed bundle's first render has a
 * size budget; with the template go its styles and the core's `toPublicApi`.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { toPublicApi, type PublicApiOptions, type PublicApiResult } from '../../core/public-api.js';
import type { Finding, IdSyncConfig } from '../../core/types.js';

export type ApiMode = PublicApiOptions['mode'];

/** The body as shown and as copied, with its findings, or why there is none. */
export type ApiView = { text: string; findings: Finding[] } | { problem: string };

/** What the last Copy did, with the text it was for (a later edit makes the message stale). */
export interface ApiCopy {
  state: 'copied' | 'refused';
  text: string;
}

export interface PublicApiPanelInput {
  view: ApiView;
  mode: ApiMode;
  copy: ApiCopy | undefined;
  onMode: (event: Event) => void;
  onCopy: () => void;
  onDownload: () => void;
}

/** The id of the body's text field, which the studio selects when the clipboard is refused. */
export const BODY_FIELD_ID = 'api-body';

/** The config as a Public API body, from the core: the studio adds no rule of its own. */
export function publicApiView(config: IdSyncConfig | undefined, mode: ApiMode): ApiView {
  if (!config) return { problem: 'The editor has no configuration yet.' };

  let result: PublicApiResult;
  try {
    result = toPublicApi(config, { mode });
  } catch (error) {
    return { problem: `The body could not be built: ${(error as Error).message}` };
  }

  return { text: JSON.stringify(result.body, null, 2), findings: result.findings };
}

/** Says why an erroneous body is not offered, in terms of what would happen to it. */
function blockedReason(view: ApiView): string {
  if ('problem' in view) return 'there is no body.';

  const errors = view.findings.filter((f) => f.severity === 'error');
  if (errors.every((f) => f.code === 'api-default-on-update')) {
    return 'sent as an update, this body changes nothing on the connection.';
  }
  const count = `${errors.length} ${errors.length === 1 ? 'error' : 'errors'}`;
  return `Segment would reject this body (${count} above).`;
}

/** Findings listed on screen; a config thousands of rows long would list tens of thousands. */
const SHOWN_FINDINGS = 50;

function renderFindings(findings: readonly Finding[]): TemplateResult | typeof nothing {
  if (findings.length === 0) return nothing;

  const errorCount = findings.filter((f) => f.severity === 'error').length;
  const warningCount = findings.length - errorCount;
  // One text node: split across bindings, the accessible name lost its spaces ("0errors").
  const title =
    `${errorCount} ${errorCount === 1 ? 'error' : 'errors'}, ` +
    `${warningCount} ${warningCount === 1 ? 'warning' : 'warnings'}`;

  return html`
    <div part="public-api-findings">
      <h3 id="api-findings-title">${title}</h3>
      <ul aria-labelledby="api-findings-title">
        ${findings
          .slice(0, SHOWN_FINDINGS)
          .map(
            (f) =>
              html`<li class=${f.severity}>
                <strong>${f.severity === 'error' ? 'Error' : 'Warning'}:</strong> ${f.message}
              </li>`,
          )}
        ${
          findings.length > SHOWN_FINDINGS
            ? html`<li>and ${findings.length - SHOWN_FINDINGS} more</li>`
            : nothing
        }
      </ul>
    </div>
  `;
}

function renderStatus(copy: ApiCopy | undefined): TemplateResult | string | typeof nothing {
  if (copy?.state === 'copied') return 'Copied the Public API body to the clipboard.';
  if (copy?.state !== 'refused') return nothing;

  return html`<strong>The browser did not allow copying.</strong> The body is selected in the field
    above: press Ctrl+C (⌘C on a Mac) to copy it.`;
}

/**
 * The section. An erroneous body gets disabled buttons with the reason beside them rather than a
 * confirm step: Segment rejects such a body, or (Default Setup on update) it changes nothing, so
 * no use of it is worth a second click; the JSON stays on screen to read and select.
 */
export function renderPublicApi(input: PublicApiPanelInput): TemplateResult {
  const { view, mode } = input;
  const findings = 'findings' in view ? view.findings : [];
  const isBlocked = 'problem' in view || findings.some((f) => f.severity === 'error');
  const copy = 'text' in view && input.copy?.text === view.text ? input.copy : undefined;
  const describedBy = isBlocked ? 'api-blocked' : nothing;

  return html`
    <section part="public-api" aria-labelledby="api-title">
      <style>
        [part~='public-api-findings'] ul {
          margin: 0;
          padding: 0;
          list-style: none;
          display: grid;
          gap: 0.35rem;
        }
        /* The severity word leads each finding; colour and border only repeat it. */
        [part~='public-api-findings'] li {
          padding: 0.35rem 0.5rem;
          border-radius: var(--_radius);
          border-left: 4px solid var(--_warning);
          background: var(--_warning-bg);
        }
        [part~='public-api-findings'] li.error {
          border-left-color: var(--_error);
          background: var(--_error-bg);
        }
        [part~='public-api-body'] {
          box-sizing: border-box;
          width: 100%;
          resize: vertical;
          font:
            0.85rem/1.4 ui-monospace,
            monospace;
          color: var(--_fg);
          background: var(--_bg-alt);
          border: 1px solid var(--_border);
          border-radius: var(--_radius);
          padding: 0.5rem;
        }
        .actions {
          display: flex;
          flex-wrap: wrap;
          gap: 0.5rem;
        }
        button:disabled {
          cursor: not-allowed;
          opacity: 0.6;
        }
        [part~='public-api-status'] {
          margin: 0;
        }
      </style>
      <h2 id="api-title">Segment Public API</h2>
      <p class="hint">
        This configuration as the body of a Public API call on the audience's destination
        connection. It follows the editor.
      </p>
      <fieldset @change=${input.onMode}>
        <legend>Public API call</legend>
        <label>
          <input type="radio" name="api-mode" value="create" .checked=${mode === 'create'} />
          Create: add the destination to an audience
        </label>
        <label>
          <input type="radio" name="api-mode" value="update" .checked=${mode === 'update'} />
          Update: change an existing connection
        </label>
      </fieldset>
      ${renderFindings(findings)}
      ${
        'text' in view
          ? html`
              <label for=${BODY_FIELD_ID}>Body (JSON)</label>
              <textarea
                id=${BODY_FIELD_ID}
                part="public-api-body"
                readonly
                spellcheck="false"
                rows=${Math.min(14, view.text.split('\n').length)}
                .value=${view.text}
              ></textarea>
            `
          : html`<p class="notice warning">${view.problem}</p>`
      }
      <div class="actions">
        <button
          type="button"
          ?disabled=${isBlocked}
          aria-describedby=${describedBy}
          @click=${input.onCopy}
        >
          Copy as Public API body
        </button>
        <button
          type="button"
          ?disabled=${isBlocked}
          aria-describedby=${describedBy}
          @click=${input.onDownload}
        >
          Download Public API body
        </button>
      </div>
      ${
        isBlocked
          ? html`<p id="api-blocked" class="notice warning" part="public-api-blocked">
              <strong>Copy and Download are off:</strong> ${blockedReason(view)}
            </p>`
          : nothing
      }
      <p part="public-api-status" role="status">${renderStatus(copy)}</p>
    </section>
  `;
}
