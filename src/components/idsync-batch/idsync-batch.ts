import { LitElement, html, nothing, svg, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';

import type { BatchProgress, BatchSummary, HistogramBucket } from '../../core/batch/index.js';
import { lintConfig } from '../../core/lint.js';
import type { IdSyncConfig } from '../../core/types.js';
import { BatchClient, type BatchResult } from '../../worker/batch-client.js';
import { batchStyles } from './idsync-batch.styles.js';
import { baseControls, themeTokens } from '../shared/theme.styles.js';

export interface IdsyncBatchCompleteDetail {
  summary: BatchSummary;
  /** True when the person cancelled: the summary covers the profiles read until then. */
  cancelled: boolean;
  format: BatchResult['format'];
}

/** A batch run finished (or was cancelled) and its summary is shown. */
export class IdsyncBatchCompleteEvent extends CustomEvent<IdsyncBatchCompleteDetail> {
  static readonly eventName = 'idsync-batch-complete';

  constructor(detail: IdsyncBatchCompleteDetail) {
    super(IdsyncBatchCompleteEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'idsync-batch-complete': IdsyncBatchCompleteEvent;
  }
}

type Status = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

const number = new Intl.NumberFormat('en');

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function duration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} minutes`;
  return `${(seconds / 3600).toFixed(1)} hours`;
}

/**
 * Simulates a whole file of profiles in a Web Worker: JSONL (one profile per line), Profile API
 * pages, or a Profiles Sync `user_identifiers` CSV. The page stays responsive; progress shows
 * bytes, profiles and sends; Cancel stops the run and keeps what was counted.
 *
 * Profiles never leave the element: the completion event carries only counts.
 *
 * @summary A file of profiles in; the sends under Default Setup and the config, counted.
 *
 * @fires idsync-batch-complete - A run finished or was cancelled; `detail.summary` holds counts.
 *
 * @csspart base - Everything.
 * @csspart file - The file picker and its hint.
 * @csspart progress - The progress bar, its label and the counts.
 * @csspart error - A message about a file or config that cannot be used.
 * @csspart summary - The summary tables and the histogram.
 * @csspart histogram - The SVG histogram of sends per profile.
 *
 * @cssproperty --idsync-color-accent - Bars of the config in the histogram.
 * @cssproperty --idsync-color-muted - Bars of Default Setup in the histogram.
 */
export class IdsyncBatch extends LitElement {
  static override styles = [themeTokens, baseControls, batchStyles];

  private readonly client = new BatchClient();

  @state() private status: Status = 'idle';

  @state() private fileName = '';

  @state() private progress: BatchProgress | undefined;

  @state() private result: BatchResult | undefined;

  @state() private errorMessage = '';

  /** The config to simulate (the document `<idsync-editor>` edits). */
  @property({ attribute: false }) config: IdSyncConfig | undefined;

  /** Audience transition to simulate. */
  @property() transition: 'entered' | 'exited' = 'entered';

  /** The last summary shown, or undefined before the first run. */
  get summary(): BatchSummary | undefined {
    return this.result?.summary;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.client.dispose();
  }

  /** Stops a running batch; the summary then covers the profiles read so far. */
  cancel(): void {
    this.client.cancel();
  }

  override render(): TemplateResult {
    const configErrors = this.config
      ? lintConfig(this.config).filter((f) => f.severity === 'error')
      : [];
    const canRun = this.config !== undefined && configErrors.length === 0;
    const isRunning = this.status === 'running';

    return html`
      <div part="base">
        <div part="file" class="row">
          <label for="file">Profiles file</label>
          <input
            id="file"
            type="file"
            accept=".jsonl,.ndjson,.json,.csv,.txt"
            aria-describedby="file-hint"
            ?disabled=${!canRun || isRunning}
            @change=${this.handleFile}
          />
          <span id="file-hint">
            JSONL (one profile per line), Profile API pages, or a user_identifiers CSV whose rows
            are grouped by canonical_segment_id.
          </span>
        </div>
        ${this.renderConfigProblem(configErrors.length)} ${this.renderProgress()}
        ${
          this.status === 'error'
            ? html`<p part="error" role="alert">${this.errorMessage}</p>`
            : nothing
        }
        <p class="sr-only" role="status" aria-live="polite">${this.announcement()}</p>
        ${this.renderSummary()}
      </div>
    `;
  }

  private renderConfigProblem(errorCount: number): TemplateResult | typeof nothing {
    if (this.config === undefined) {
      return html`<p part="error">Set a config first: the batch simulates that config.</p>`;
    }
    if (errorCount > 0) {
      return html`<p part="error">
        The config has ${errorCount} error${errorCount === 1 ? '' : 's'}; fix
        ${errorCount === 1 ? 'it' : 'them'} before a batch run.
      </p>`;
    }
    return nothing;
  }

  private renderProgress(): TemplateResult | typeof nothing {
    const p = this.progress;
    if (!p) return nothing;
    const isRunning = this.status === 'running';
    const total = p.totalBytes ?? 0;

    return html`
      <div part="progress" class="row">
        <label for="progress">
          ${isRunning ? 'Reading' : 'Read'} ${this.fileName}:
          ${bytes(p.bytes)}${total ? ` of ${bytes(total)}` : ''}
        </label>
        <progress id="progress" max=${total || 1} .value=${total ? p.bytes : 0}></progress>
        <span
          >${number.format(p.profiles)} profiles, ${number.format(p.sends)} sends,
          ${number.format(p.badLines)} bad lines</span
        >
        ${
          isRunning
            ? html`<button type="button" @click=${this.handleCancel}>Cancel</button>`
            : nothing
        }
      </div>
    `;
  }

  private renderSummary(): TemplateResult | typeof nothing {
    const result = this.result;
    if (!result) return nothing;
    const s = result.summary;
    const limit = s.rateLimit;

    return html`
      <section part="summary" aria-labelledby="summary-title">
        <h3 id="summary-title">
          ${result.cancelled ? 'Summary so far (cancelled)' : 'Summary'}:
          ${number.format(s.profiles)} profiles
        </h3>
        <table>
          <caption>
            Sends under Default Setup and the config
          </caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Default Setup</th>
              <th scope="col">Config</th>
            </tr>
          </thead>
          <tbody>
            ${(
              [
                ['Eligible profiles', s.default.eligible, s.customized.eligible],
                ['Profiles sending', s.default.sending, s.customized.sending],
                ['Events', s.default.events, s.customized.events],
                ['Rows', s.default.rows, s.customized.rows],
              ] as const
            ).map(
              ([label, d, c]) =>
                html`<tr>
                  <th scope="row">${label}</th>
                  <td class="n">${number.format(d)}</td>
                  <td class="n">${number.format(c)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <p>
          ${
            limit.seconds
              ? `At the documented rate of ${number.format(limit.perSecond ?? 0)} ${limit.unit} per second: ${duration(limit.seconds.default)} under Default Setup, ${duration(limit.seconds.customized)} under the config.`
              : 'The destination documents no rate limit, so no send time is estimated.'
          }
          ${limit.statement}
          ${limit.source ? html`<a href=${limit.source} rel="noreferrer">Source</a>` : nothing}
        </p>
        ${this.renderHistogram(s.histogram)} ${this.renderFindings(s)} ${this.renderHeaviest(s)}
        ${this.renderBadLines(s)}
      </section>
    `;
  }

  private renderHistogram(buckets: HistogramBucket[]): TemplateResult {
    const width = 520;
    const height = 180;
    const left = 40;
    const bottom = 30;
    const top = 10;
    const slot = (width - left) / buckets.length;
    const max = Math.max(1, ...buckets.flatMap((b) => [b.default, b.customized]));
    const scale = (n: number): number => ((height - bottom - top) * n) / max;
    const bar = (n: number, x: number, cls: string): ReturnType<typeof svg> =>
      svg`<rect class=${cls} x=${x} y=${height - bottom - scale(n)} width=${slot / 2 - 3} height=${scale(n)}></rect>`;

    return html`
      <figure>
        <svg
          part="histogram"
          role="img"
          viewBox="0 0 ${width} ${height}"
          width=${width}
          aria-labelledby="hist-title hist-desc"
        >
          <title id="hist-title">Sends per profile</title>
          <desc id="hist-desc">
            Number of profiles by how many events or rows each sends; left bar of each pair Default
            Setup, right bar the config. The table below gives the same figures.
          </desc>
          ${buckets.map(
            (b, i) => svg`
              ${bar(b.default, left + i * slot, 'bar-default')}
              ${bar(b.customized, left + i * slot + slot / 2 - 2, 'bar-config')}
              <text class="axis" x=${left + i * slot + slot / 2 - 2} y=${height - bottom + 14} text-anchor="middle">${b.label}</text>`,
          )}
          <text class="axis" x="0" y=${top + 10}>${number.format(max)}</text>
          <text class="axis" x="0" y=${height - bottom}>0</text>
        </svg>
        <figcaption>Profiles by sends per profile (grey: Default Setup, blue: config)</figcaption>
      </figure>
      <table>
        <caption>
          Profiles by sends per profile
        </caption>
        <thead>
          <tr>
            <th scope="col">Sends</th>
            <th scope="col">Default Setup</th>
            <th scope="col">Config</th>
          </tr>
        </thead>
        <tbody>
          ${buckets.map(
            (b) =>
              html`<tr>
                <th scope="row">${b.label}</th>
                <td class="n">${number.format(b.default)}</td>
                <td class="n">${number.format(b.customized)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    `;
  }

  private renderFindings(s: BatchSummary): TemplateResult | typeof nothing {
    if (s.findings.length === 0) return nothing;
    const where = { input: 'Input', default: 'Default Setup', customized: 'Config' } as const;

    return html`
      <table>
        <caption>
          Values dropped and other findings
        </caption>
        <thead>
          <tr>
            <th scope="col">Profiles</th>
            <th scope="col">Where</th>
            <th scope="col">Finding</th>
            <th scope="col">Example</th>
          </tr>
        </thead>
        <tbody>
          ${s.findings.map(
            (f) =>
              html`<tr>
                <td class="n">${number.format(f.count)}</td>
                <td>${where[f.source]}</td>
                <td>${f.severity} ${f.code}</td>
                <td>${f.example}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    `;
  }

  private renderHeaviest(s: BatchSummary): TemplateResult | typeof nothing {
    if (s.heaviest.length === 0) return nothing;

    return html`
      <table>
        <caption>
          Heaviest profiles
        </caption>
        <thead>
          <tr>
            <th scope="col">Profile</th>
            <th scope="col">Line</th>
            <th scope="col">Default Setup</th>
            <th scope="col">Config</th>
          </tr>
        </thead>
        <tbody>
          ${s.heaviest.map(
            (h) =>
              html`<tr>
                <td>${h.key}</td>
                <td class="n">${h.line}</td>
                <td class="n">${number.format(h.default)}</td>
                <td class="n">${number.format(h.customized)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    `;
  }

  private renderBadLines(s: BatchSummary): TemplateResult | typeof nothing {
    if (s.badLines.count === 0) return nothing;
    const more = s.badLines.count - s.badLines.listed.length;

    return html`
      <div part="bad-lines">
        <h4>${number.format(s.badLines.count)} bad lines (skipped; the run went on)</h4>
        <ul>
          ${s.badLines.listed.map((b) => html`<li>Line ${b.line}: ${b.message}</li>`)}
        </ul>
        ${more > 0 ? html`<p>${number.format(more)} more not listed.</p>` : nothing}
      </div>
    `;
  }

  private announcement(): string {
    switch (this.status) {
      case 'running':
        return `Reading ${this.fileName}.`;
      case 'done':
        return `Finished: ${number.format(this.result?.summary.profiles ?? 0)} profiles.`;
      case 'cancelled':
        return `Cancelled after ${number.format(this.result?.summary.profiles ?? 0)} profiles.`;
      case 'error':
        return this.errorMessage;
      default:
        return '';
    }
  }

  private async handleFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file || !this.config) return;

    this.status = 'running';
    this.fileName = file.name;
    this.result = undefined;
    this.errorMessage = '';
    this.progress = { bytes: 0, totalBytes: file.size, profiles: 0, sends: 0, badLines: 0 };

    try {
      const result = await this.client.run(
        file,
        { config: this.config, transition: this.transition },
        (progress) => {
          this.progress = progress;
        },
      );
      this.result = result;
      this.status = result.cancelled ? 'cancelled' : 'done';
      this.dispatchEvent(
        new IdsyncBatchCompleteEvent({
          summary: result.summary,
          cancelled: result.cancelled,
          format: result.format,
        }),
      );
    } catch (error) {
      this.status = 'error';
      this.errorMessage = error instanceof Error ? error.message : String(error);
    } finally {
      input.value = '';
    }
  }

  private handleCancel(): void {
    this.cancel();
  }
}
