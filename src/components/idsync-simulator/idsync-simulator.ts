import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';

import { findDestination, STANDARD_IDENTIFIERS } from '../../core/catalog.js';
import { compareTimestamps, parseTimestamp } from '../../core/timestamp.js';
import { simulate } from '../../core/simulate/index.js';
import {
  DEFAULT_SETTINGS,
  SETTING_DESCRIPTORS,
  type SettingDescriptor,
} from '../../core/simulate/settings.js';
import { RULES } from '../../core/simulate/rules.js';
import { compareResults } from '../../core/simulate/compare.js';
import type {
  Destination,
  Finding,
  Identity,
  IdSyncConfig,
  SimulationRequest,
  SimulationResult,
  SimulationSettings,
} from '../../core/types.js';
import { SAMPLE_PROFILES, findSampleProfile } from '../../samples/profiles.js';
import { simulatorStyles } from './idsync-simulator.styles.js';
import { baseControls, themeTokens } from '../shared/theme.styles.js';
import {
  describeFinding,
  readProfileText,
  readProfileValue,
  MAX_INPUT_BYTES,
} from './profile-input.js';
import { traceRow, type ColumnTrace } from './row-trace.js';
import { LatestRun, type RunState } from './run-state.js';
import { buildTimeline, type TimelineGroup } from './timeline.js';

/** Findings listed on screen; a config thousands of rows long would otherwise list tens of
 * thousands and stall the page. The download keeps them all. */
const SHOWN_FINDINGS = 50;
/** The profile the panel simulates, and where it came from. */
export interface SimulatorProfile {
  /** "Base profile P", "identities.csv", "Pasted identities". */
  source: string;
  /** The sample's id when the profile is a built-in sample. */
  sampleId?: string;
  identities: Identity[];
  /** What `parseIdentities` noticed (an incomplete page, dropped items…). */
  findings: Finding[];
}

/** One simulation of the panel: Default Setup beside the current config, same profile. */
export interface SimulatorOutcome {
  defaultSetup: SimulationResult;
  current: SimulationResult;
  /** True when the results are a resync: what the added identities send. */
  resync: boolean;
  /** Payloads sent only under one side. */
  onlyDefault: Record<string, unknown>[];
  onlyCurrent: Record<string, unknown>[];
}

type Side = 'defaultSetup' | 'current';

const SIDE_LABEL: Record<Side, string> = {
  defaultSetup: 'Default Setup',
  current: 'Current config',
};

/** The select's value while the profile is not a built-in sample. */
const CUSTOM_SAMPLE = '';

const FIRST_SAMPLE = 'base-profile';

/**
 * Simulates what Engage would send for one profile: the Default Setup beside the current config,
 * on entry or exit, with every interpretation switch in reach.
 *
 * Identities stay inside this element: it dispatches no events, and nothing it shows is put on
 * an `idsync-*` event of another element. Copy and download happen only on a person's click.
 *
 * @summary Sample profiles in; the sends under Default Setup and the current config out.
 *
 * @csspart base - The panel around everything.
 * @csspart input - The profile source: sample picker, paste box, file import and drop zone.
 * @csspart input-error - The message shown when an input cannot be read.
 * @csspart options - Entry or exit, journey step and audience key.
 * @csspart settings - The simulator settings panel.
 * @csspart add-identity - The "Add an identity" form and the identities added so far.
 * @csspart summary - The live one-line summary of the results.
 * @csspart simulation-error - The message shown when a simulation fails.
 * @csspart counts - The table of counts per side.
 * @csspart results - The two result columns.
 * @csspart result - One result column (Default Setup or current config).
 * @csspart diff - The sends found under one side only.
 * @csspart timeline - The per-type timeline of values.
 * @csspart findings - The findings list.
 * @csspart actions - Copy and download buttons.
 * @csspart copy-fallback - The results to copy by hand when the browser refuses the clipboard.
 *
 * @cssproperty --idsync-font - Font shorthand of the panel.
 * @cssproperty --idsync-font-mono - Font family of payloads and values.
 * @cssproperty --idsync-color-text - Text colour.
 * @cssproperty --idsync-color-muted - Secondary text colour.
 * @cssproperty --idsync-color-surface - Background.
 * @cssproperty --idsync-color-surface-alt - Background of payloads and buttons.
 * @cssproperty --idsync-color-border - Borders of fields, sections and tables.
 * @cssproperty --idsync-color-accent - Primary buttons and the active drop zone.
 * @cssproperty --idsync-color-accent-text - Text on the accent colour.
 * @cssproperty --idsync-color-error - Error text and borders.
 * @cssproperty --idsync-color-error-surface - Error message background.
 * @cssproperty --idsync-color-warning - Warning text and borders.
 * @cssproperty --idsync-color-warning-surface - Warning message background.
 * @cssproperty --idsync-color-sent - The "sent" mark in the timeline.
 * @cssproperty --idsync-color-sent-surface - Background of the "sent" mark.
 * @cssproperty --idsync-focus-ring - Focus outline colour.
 * @cssproperty --idsync-radius - Corner radius.
 * @cssproperty --idsync-space - Base spacing.
 */
export class IdsyncSimulator extends LitElement {
  static override styles = [themeTokens, baseControls, simulatorStyles];

  private readonly run = new LatestRun<SimulatorOutcome>(() => this.requestUpdate());

  private sampleLoaded = false;

  @state() private profile: SimulatorProfile | undefined;

  @state() private inputError = '';

  @state() private pasteText = '';

  @state() private pasteFailed = false;

  @state() private dragActive = false;

  @state() private transition: 'entered' | 'exited' = 'entered';

  @state() private journey = false;

  @state() private settings: Partial<SimulationSettings> = {};

  @state() private settingErrors: Record<string, string> = {};

  @state() private added: Identity[] = [];

  @state() private addType = 'email';

  @state() private addValue = '';

  @state() private addTime = '';

  @state() private addTouched = false;

  @state() private copyState: 'idle' | 'copied' | 'refused' = 'idle';

  /** The config to simulate (an `IdSyncConfig`). Without one, Default Setup with Send Track. */
  @property({ attribute: false }) config: IdSyncConfig | undefined;

  /** The destination: a catalog id, or a descriptor for one outside the catalog. Wins over the
   * config's own `destination` when both are given. */
  @property() destination: string | Destination = '';

  /** The audience key the events carry (`traits.<key>`, `properties.audience_key`). */
  @property({ attribute: 'audience-key' }) audienceKey = 'audience';

  /** The profile being simulated; it changes through the panel or `loadSample`. */
  get currentProfile(): SimulatorProfile | undefined {
    return this.profile;
  }

  /** The state of the newest simulation: initial, pending, complete or error. */
  get simulation(): RunState<SimulatorOutcome> {
    return this.run.state;
  }

  /** Resolves once the newest simulation has settled and the panel shows it. */
  get simulationComplete(): Promise<boolean> {
    return this.updateComplete.then(() => this.run.settled()).then(() => this.updateComplete);
  }

  override connectedCallback(): void {
    super.connectedCallback();

    // The first visit shows the base profile, so the panel never starts empty.
    if (!this.sampleLoaded) {
      this.sampleLoaded = true;
      this.loadSample(FIRST_SAMPLE);
    }
  }

  // Started before rendering, so the pending state is drawn in this same update.
  protected override willUpdate(changed: PropertyValues): void {
    const inputs = [
      'config',
      'destination',
      'audienceKey',
      'profile',
      'transition',
      'journey',
      'settings',
      'added',
    ];
    if (inputs.some((name) => changed.has(name))) void this.simulateNow();
  }

  /** Loads a built-in sample profile by id. Returns false (and says why) for an unknown id. */
  loadSample(id: string): boolean {
    const sample = findSampleProfile(id);
    if (!sample) {
      this.inputError = `There is no sample profile "${id}".`;
      return false;
    }

    const read = readProfileValue(sample.input, sample.title);
    if (!read.ok) {
      this.inputError = read.message;
      return false;
    }

    this.useProfile({ source: sample.title, sampleId: id, ...read });
    return true;
  }

  override render(): TemplateResult {
    return html`
      <div part="base">
        ${this.renderInput()} ${this.renderEventOptions()} ${this.renderSettings()}
        ${this.renderAddIdentity()} ${this.renderSummary()}
        ${this.guard('results', () => this.renderOutcome())}
      </div>
    `;
  }

  private renderInput(): TemplateResult {
    const sample = this.profile?.sampleId ? findSampleProfile(this.profile.sampleId) : undefined;
    const selected = this.profile?.sampleId ?? CUSTOM_SAMPLE;

    return html`
      <section part="input" aria-labelledby="input-heading">
        <h3 id="input-heading">Profile</h3>
        <div class="row">
          <label>
            Sample profile
            <select @change=${this.handleSampleChange} aria-describedby="sample-shows">
              <option value=${CUSTOM_SAMPLE} ?selected=${selected === CUSTOM_SAMPLE} disabled>
                Your own identities
              </option>
              ${SAMPLE_PROFILES.map(
                (s) =>
                  html`<option value=${s.id} ?selected=${s.id === selected}>${s.title}</option>`,
              )}
            </select>
          </label>
        </div>
        <p class="hint" id="sample-shows">
          ${
            sample
              ? sample.shows
              : this.profile
                ? `Simulating ${this.profile.source}.`
                : 'No profile loaded yet.'
          }
        </p>
        <p class="status">
          ${
            this.profile
              ? `${this.profile.source}: ${this.profile.identities.length} ${
                  this.profile.identities.length === 1 ? 'identity' : 'identities'
                }.`
              : 'No profile loaded.'
          }
        </p>

        <div
          class="drop ${this.dragActive ? 'active' : ''}"
          @dragover=${this.handleDragOver}
          @dragleave=${this.handleDragLeave}
          @drop=${this.handleDrop}
        >
          <label>
            Paste identities (JSON, JSON Lines or CSV with a header row)
            <textarea
              .value=${this.pasteText}
              @input=${this.handlePasteInput}
              aria-invalid=${this.pasteFailed ? 'true' : 'false'}
              aria-describedby="input-help ${this.inputError ? 'input-error' : ''}"
              spellcheck="false"
            ></textarea>
          </label>
          <p class="hint" id="input-help">
            A Profile API <code>/external_ids</code> response, a list of
            <code>{ type, id, created_at }</code>, or Profiles Sync <code>user_identifiers</code>
            rows. You can also drop a file here (up to ${Math.round(MAX_INPUT_BYTES / 1048576)} MB).
          </p>
          <div class="row">
            <button type="button" class="primary" @click=${this.handlePasteSubmit}>
              Simulate pasted identities
            </button>
            <label>
              Import a file
              <input
                type="file"
                accept=".json,.jsonl,.ndjson,.csv,application/json,text/csv"
                @change=${this.handleFileChange}
              />
            </label>
          </div>
        </div>
        <div role="alert">
          ${
            this.inputError
              ? html`<p class="message error" id="input-error" part="input-error">
                  ${this.inputError}
                  ${this.profile ? html`<br />Still showing ${this.profile.source}.` : nothing}
                </p>`
              : nothing
          }
        </div>
      </section>
    `;
  }

  private renderEventOptions(): TemplateResult {
    const keyMissing = this.audienceKey.trim() === '';

    return html`
      <fieldset part="options">
        <legend>Audience event</legend>
        <div class="row">
          <div role="radiogroup" aria-label="Transition">
            <label class="inline">
              <input
                type="radio"
                name="transition"
                value="entered"
                .checked=${this.transition === 'entered'}
                @change=${this.handleTransitionChange}
              />
              Entry (Audience Entered)
            </label>
            <label class="inline">
              <input
                type="radio"
                name="transition"
                value="exited"
                .checked=${this.transition === 'exited'}
                @change=${this.handleTransitionChange}
              />
              Exit (Audience Exited)
            </label>
          </div>
          <label class="inline">
            <input type="checkbox" .checked=${this.journey} @change=${this.handleJourneyChange} />
            Journey step (list destinations never remove)
          </label>
          <label>
            Audience key
            <input
              type="text"
              .value=${this.audienceKey}
              @input=${this.handleAudienceKeyInput}
              aria-invalid=${keyMissing ? 'true' : 'false'}
              aria-describedby="audience-key-error"
              spellcheck="false"
            />
          </label>
        </div>
        <div aria-live="polite" id="audience-key-error">
          ${
            keyMissing
              ? html`<p class="message error">
                  Audience key is empty; the events use <code>audience</code> until you name one.
                </p>`
              : nothing
          }
        </div>
      </fieldset>
    `;
  }

  private renderSettings(): TemplateResult {
    const changedCount = Object.keys(this.settings).length;

    return html`
      <details part="settings">
        <summary>
          Simulator settings (${changedCount === 0 ? 'all defaults' : `${changedCount} changed`})
        </summary>
        <p class="hint">
          Each switch is an interpretation where Segment's documentation is silent. The default is
          marked; changing one re-runs the simulation.
        </p>
        <div class="settings-list">${SETTING_DESCRIPTORS.map((d) => this.renderSetting(d))}</div>
        <button type="button" @click=${this.handleResetSettings} ?disabled=${changedCount === 0}>
          Reset settings to defaults
        </button>
      </details>
    `;
  }

  private renderSetting(descriptor: SettingDescriptor): TemplateResult {
    const key = descriptor.key;
    const fallback = DEFAULT_SETTINGS[key];
    const value = key in this.settings ? this.settings[key] : fallback;
    const id = `setting-${key}`;
    const helpId = `${id}-help`;
    const errorId = `${id}-error`;
    const error = this.settingErrors[key] ?? '';
    const help = html`<span class="hint" id=${helpId}>
      ${descriptor.help} <span class="rule">(rule ${descriptor.rule})</span>
    </span>`;
    const errorText = html`<span id=${errorId} aria-live="polite">
      ${error ? html`<span class="message error">${error}</span>` : nothing}
    </span>`;

    switch (descriptor.kind) {
      case 'boolean':
        return html`<p class="setting" data-setting=${key}>
          <label class="inline">
            <input
              type="checkbox"
              .checked=${value === true}
              aria-describedby=${helpId}
              @change=${(e: Event) =>
                this.changeSetting(key, (e.target as HTMLInputElement).checked)}
            />
            ${descriptor.label} (default: ${fallback ? 'on' : 'off'})
          </label>
          ${help}
        </p>`;
      case 'choice':
        return html`<p class="setting" data-setting=${key}>
          <label>
            ${descriptor.label}
            <select
              aria-describedby=${helpId}
              @change=${(e: Event) =>
                this.changeSetting(key, (e.target as HTMLSelectElement).value)}
            >
              ${descriptor.options.map(
                (o) =>
                  html`<option value=${o.value} ?selected=${o.value === value}>
                    ${o.label}${o.value === fallback ? ' (default)' : ''}
                  </option>`,
              )}
            </select>
          </label>
          ${help}
        </p>`;
      case 'patterns':
      case 'limits':
        return html`<p class="setting" data-setting=${key}>
          <label>
            ${descriptor.label} (default: ${formatSettingValue(fallback) || 'none'})
            <textarea
              rows="3"
              .value=${formatSettingLines(value)}
              aria-invalid=${error ? 'true' : 'false'}
              aria-describedby="${helpId} ${errorId}"
              spellcheck="false"
              @change=${(e: Event) =>
                this.changeLinesSetting(descriptor, (e.target as HTMLTextAreaElement).value)}
            ></textarea>
          </label>
          ${help} ${errorText}
        </p>`;
      default:
        return html`<p class="setting" data-setting=${key}>
          <label>
            ${descriptor.label} (default: ${formatSettingValue(fallback)})
            <input
              type="text"
              .value=${formatSettingValue(value)}
              aria-invalid=${error ? 'true' : 'false'}
              aria-describedby="${helpId} ${errorId}"
              spellcheck="false"
              @change=${(e: Event) =>
                this.changeTextSetting(descriptor, (e.target as HTMLInputElement).value)}
            />
          </label>
          ${help} ${errorText}
        </p>`;
    }
  }

  private renderAddIdentity(): TemplateResult {
    const problem = this.addProblem();
    const showProblem = this.addTouched && problem !== '';

    return html`
      <section part="add-identity" aria-labelledby="add-heading">
        <h3 id="add-heading">Add an identity</h3>
        <p class="hint">
          See what a resync sends when a new identity reaches the profile: the profile as it was is
          taken as already synced, and only the difference is sent.
        </p>
        <form class="row" @submit=${this.handleAddSubmit} novalidate>
          <label>
            Identifier type
            <input
              type="text"
              list="identifier-types"
              .value=${this.addType}
              @input=${(e: Event) => (this.addType = (e.target as HTMLInputElement).value)}
              spellcheck="false"
            />
          </label>
          <datalist id="identifier-types">
            ${STANDARD_IDENTIFIERS.map((t) => html`<option value=${t}></option>`)}
          </datalist>
          <label>
            Value
            <input
              type="text"
              .value=${this.addValue}
              @input=${(e: Event) => (this.addValue = (e.target as HTMLInputElement).value)}
              aria-invalid=${showProblem ? 'true' : 'false'}
              aria-describedby="add-error"
              spellcheck="false"
            />
          </label>
          <label>
            Time added (UTC)
            <input
              type="text"
              .value=${this.addTime || this.suggestedAddTime()}
              @input=${(e: Event) => (this.addTime = (e.target as HTMLInputElement).value)}
              spellcheck="false"
            />
          </label>
          <button type="submit">Add identity</button>
        </form>
        <div aria-live="polite" id="add-error">
          ${showProblem ? html`<p class="message error">${problem}</p>` : nothing}
        </div>
        ${
          this.added.length
            ? html`
                <table>
                  <caption>
                    Identities added since the last sync
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Type</th>
                      <th scope="col">Value</th>
                      <th scope="col">Time added</th>
                      <th scope="col"><span class="visually-hidden">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${this.added.map(
                      (identity, index) =>
                        html`<tr>
                          <td><code>${identity.type}</code></td>
                          <td class="value">${identity.id}</td>
                          <td><code>${identity.createdAt}</code></td>
                          <td>
                            <button
                              type="button"
                              aria-label="Remove ${identity.type} ${identity.id}"
                              @click=${() => this.removeAdded(index)}
                            >
                              Remove
                            </button>
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              `
            : nothing
        }
      </section>
    `;
  }

  private renderSummary(): TemplateResult {
    return html`<p part="summary" class="status" role="status" aria-live="polite">
      ${this.summaryText()}
    </p>`;
  }

  private renderOutcome(): TemplateResult {
    const s = this.run.state;
    const outcome = this.run.lastValue;
    const hasError = s.status === 'error';

    return html`
      ${
        hasError
          ? html`<p class="message error" part="simulation-error" role="alert">
              The simulation failed: ${s.message}
              ${outcome ? html`<br />The results below are from the previous input.` : nothing}
            </p>`
          : nothing
      }
      ${outcome ? this.renderResults(outcome) : nothing}
    `;
  }

  private renderResults(outcome: SimulatorOutcome): TemplateResult {
    const heading = outcome.resync ? 'Resync: what the added identities send' : 'What is sent';

    return html`
      <section
        aria-labelledby="results-heading"
        aria-busy=${this.run.state.status === 'pending' ? 'true' : 'false'}
      >
        <h3 id="results-heading">${heading}</h3>
        ${this.renderCounts(outcome)}
        <div class="sides" part="results">
          ${this.renderSide('defaultSetup', outcome.defaultSetup)}
          ${this.renderSide('current', outcome.current)}
        </div>
      </section>
      ${this.renderDiff(outcome)} ${this.guard('timeline', () => this.renderTimeline(outcome))}
      ${this.renderFindings(outcome)} ${this.renderActions()}
    `;
  }

  private renderCounts(outcome: SimulatorOutcome): TemplateResult {
    const sides: Side[] = ['defaultSetup', 'current'];

    return html`
      <table part="counts">
        <caption>
          Counts
        </caption>
        <thead>
          <tr>
            <th scope="col">Setup</th>
            <th scope="col">Events</th>
            <th scope="col">Identify</th>
            <th scope="col">Track</th>
            <th scope="col">List rows</th>
          </tr>
        </thead>
        <tbody>
          ${sides.map((side) => {
            const counts = countSends(outcome[side]);
            return html`<tr data-side=${side}>
              <th scope="row">${this.sideLabel(side)}</th>
              <td class="number">${counts.events}</td>
              <td class="number">${counts.identify}</td>
              <td class="number">${counts.track}</td>
              <td class="number">${counts.rows}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    `;
  }

  private renderSide(side: Side, result: SimulationResult): TemplateResult {
    const label = this.sideLabel(side);
    const headingId = `side-${side}`;
    const hasSends = result.events.length + result.rows.length > 0;

    return html`
      <section part="result" aria-labelledby=${headingId} data-side=${side}>
        <h4 id=${headingId}>${label}</h4>
        ${
          // A config with errors is not simulated at all, so membership was never decided.
          result.findings.some((f) => f.severity === 'error')
            ? html`<p class="message warning">
                Nothing is simulated: this config has errors (listed under Findings). Fix them in
                the editor to see what would be sent.
              </p>`
            : result.eligible === false
              ? html`<p class="message warning">
                  Not in the audience: the profile has no identifier that makes it a member.
                </p>`
              : nothing
        }
        ${
          hasSends
            ? html`<ol class="sends">
                ${result.events.map((event, i) =>
                  this.renderSend(this.eventTitle(event), event, result.eventRules[i] ?? []),
                )}
                ${result.rows.map((row, i) =>
                  this.renderSend('List row', row, result.rowRules[i] ?? [], {
                    side,
                    result,
                  }),
                )}
              </ol>`
            : html`<p>Nothing is sent.</p>`
        }
      </section>
    `;
  }

  private renderSend(
    title: string,
    payload: Record<string, unknown>,
    rules: string[],
    row?: { side: Side; result: SimulationResult },
  ): TemplateResult {
    return html`<li>
      <details>
        <summary>${title}</summary>
        ${row ? this.renderRowColumns(payload, row.side, row.result) : nothing}
        <pre>${JSON.stringify(payload, null, 2)}</pre>
      </details>
      ${this.renderRules(rules)}
    </li>`;
  }

  /** A list row column by column: the value as it was on the profile, normalised, and sent. */
  private renderRowColumns(
    row: Record<string, unknown>,
    side: Side,
    result: SimulationResult,
  ): TemplateResult {
    const columns = Object.entries(row).filter(([, v]) => v !== '' && v !== undefined);
    const trace = this.rowTrace(row, side, result);

    return html`<table>
      <caption>
        Columns of this row
      </caption>
      <thead>
        <tr>
          <th scope="col">Column</th>
          <th scope="col">Raw</th>
          <th scope="col">Normalised</th>
          <th scope="col">Sent (hashed where the destination hashes)</th>
        </tr>
      </thead>
      <tbody>
        ${columns.map(([column, sent]) => {
          const t = trace[column];
          return html`<tr>
            <th scope="row"><code>${column}</code></th>
            <td class="value">${t?.raw ?? '(not traced)'}</td>
            <td class="value">${t?.normalised ?? '(not traced)'}</td>
            <td class="value">${typeof sent === 'string' ? sent : JSON.stringify(sent)}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  private renderRules(rules: string[]): TemplateResult | typeof nothing {
    if (rules.length === 0) return nothing;

    return html`<details class="rules">
      <summary>
        Rules:
        ${rules.map(
          (id, i) => html`${i ? ', ' : ''}<abbr title=${ruleText(id) ?? id}>${id}</abbr>`,
        )}
      </summary>
      <dl>
        ${rules.map(
          (id) =>
            html`<dt>${id}</dt>
              <dd>${ruleText(id) ?? 'No description.'}</dd>`,
        )}
      </dl>
    </details>`;
  }

  private renderDiff(outcome: SimulatorOutcome): TemplateResult {
    const same = outcome.onlyDefault.length === 0 && outcome.onlyCurrent.length === 0;

    return html`
      <section part="diff" aria-labelledby="diff-heading">
        <h3 id="diff-heading">Difference</h3>
        ${
          same
            ? html`<p>Both setups send the same.</p>`
            : html`<div class="sides">
                ${this.renderDiffSide('defaultSetup', outcome.onlyDefault)}
                ${this.renderDiffSide('current', outcome.onlyCurrent)}
              </div>`
        }
      </section>
    `;
  }

  private renderDiffSide(side: Side, sends: Record<string, unknown>[]): TemplateResult {
    return html`<div data-side=${side}>
      <h4>Only under ${this.sideLabel(side)} (${sends.length})</h4>
      ${
        sends.length
          ? html`<ol class="sends">
              ${sends.map((s) => html`<li><pre>${JSON.stringify(s, null, 2)}</pre></li>`)}
            </ol>`
          : html`<p>None.</p>`
      }
    </div>`;
  }

  private renderTimeline(outcome: SimulatorOutcome): TemplateResult {
    const groups = this.timelineGroups(outcome);

    return html`
      <section part="timeline" aria-labelledby="timeline-heading">
        <h3 id="timeline-heading">Timeline per identifier type</h3>
        <p class="hint">
          Values in the order they were added. Struck values are not sent by the current config; the
          reason is beside them.
        </p>
        ${groups.map((group) => this.renderTimelineGroup(group))}
      </section>
    `;
  }

  private renderTimelineGroup(group: TimelineGroup): TemplateResult {
    return html`<table data-type=${group.type}>
      <caption>
        <code>${group.type}</code>
      </caption>
      <thead>
        <tr>
          <th scope="col">Time added</th>
          <th scope="col">Value</th>
          <th scope="col">Default Setup</th>
          <th scope="col">Current config</th>
        </tr>
      </thead>
      <tbody>
        ${group.entries.map(
          (e) =>
            html`<tr class=${e.sentByCurrent ? 'chosen' : 'dropped'}>
              <td class="time"><code>${e.identity.createdAt}</code>${e.added ? ' (added)' : ''}</td>
              <td class="value">${e.identity.id}</td>
              <td>${e.sentByDefault ? html`<span class="mark sent">sent</span>` : 'not sent'}</td>
              <td>
                ${
                  e.sentByCurrent
                    ? html`<span class="mark sent">sent</span>`
                    : html`not sent: ${e.reason}`
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderFindings(outcome: SimulatorOutcome): TemplateResult {
    const findings = this.allFindings(outcome);

    return html`
      <section part="findings" aria-labelledby="findings-heading">
        <h3 id="findings-heading">Findings (${findings.length})</h3>
        ${
          findings.length
            ? html`<ul class="findings">
                ${findings.slice(0, SHOWN_FINDINGS).map(
                  ({ where, finding }) =>
                    html`<li>
                      <span class="severity ${finding.severity}">
                        ${finding.severity === 'error' ? 'Error' : 'Warning'}
                      </span>
                      (${where}, <code>${finding.code}</code>): ${describeFinding(finding)}
                    </li>`,
                )}
                ${
                  findings.length > SHOWN_FINDINGS
                    ? html`<li>
                        and ${findings.length - SHOWN_FINDINGS} more (in the downloaded results)
                      </li>`
                    : nothing
                }
              </ul>`
            : html`<p>No findings.</p>`
        }
      </section>
    `;
  }

  private renderActions(): TemplateResult {
    return html`
      <div part="actions" class="row">
        <button type="button" @click=${this.handleCopy}>Copy results</button>
        <button type="button" @click=${this.handleDownload}>Download results (JSON)</button>
      </div>
      <div aria-live="polite">
        ${this.copyState === 'copied' ? html`<p>Results copied to the clipboard.</p>` : nothing}
        ${
          this.copyState === 'refused'
            ? html`<div class="message warning" part="copy-fallback">
                <p>
                  The browser did not allow copying. Select the text below and copy it yourself.
                </p>
                <label>
                  Results as JSON
                  <textarea readonly .value=${this.resultsJson()}></textarea>
                </label>
              </div>`
            : nothing
        }
      </div>
    `;
  }

  /** Renders a region, or a message in its place if drawing it fails: never a blank panel. */
  private guard(region: string, draw: () => TemplateResult): TemplateResult {
    try {
      return draw();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return html`<p class="message error" role="alert">
        The ${region} could not be shown: ${message}
      </p>`;
    }
  }

  private handleSampleChange(e: Event): void {
    const id = (e.target as HTMLSelectElement).value;
    this.loadSample(id);
  }

  private handlePasteInput(e: Event): void {
    this.pasteText = (e.target as HTMLTextAreaElement).value;
  }

  private handlePasteSubmit(): void {
    const read = readProfileText(this.pasteText, 'The pasted text');
    this.pasteFailed = !read.ok;
    if (!read.ok) {
      this.inputError = read.message;
      return;
    }

    this.useProfile({ source: 'Pasted identities', ...read });
  }

  private async handleFileChange(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) await this.importFile(file);

    // Clearing lets the same file be chosen again after it was fixed on disk.
    input.value = '';
  }

  private handleDragOver(e: DragEvent): void {
    e.preventDefault();
    this.dragActive = true;
  }

  private handleDragLeave(): void {
    this.dragActive = false;
  }

  private async handleDrop(e: DragEvent): Promise<void> {
    e.preventDefault();
    this.dragActive = false;

    const files = e.dataTransfer?.files;
    if (!files || files.length === 0) {
      this.inputError = 'Nothing to read: drop one file of identities.';
      return;
    }
    if (files.length > 1) {
      this.inputError = `${files.length} files were dropped; drop one file with one profile's identities.`;
      return;
    }
    await this.importFile(files[0]);
  }

  private handleTransitionChange(e: Event): void {
    this.transition = (e.target as HTMLInputElement).value === 'exited' ? 'exited' : 'entered';
  }

  private handleJourneyChange(e: Event): void {
    this.journey = (e.target as HTMLInputElement).checked;
  }

  private handleAudienceKeyInput(e: Event): void {
    this.audienceKey = (e.target as HTMLInputElement).value;
  }

  private handleResetSettings(): void {
    this.settings = {};
    this.settingErrors = {};
  }

  private handleAddSubmit(e: Event): void {
    e.preventDefault();
    this.addTouched = true;
    if (this.addProblem() !== '') return;

    const identity: Identity = {
      type: this.addType.trim(),
      id: this.addValue,
      createdAt: (this.addTime || this.suggestedAddTime()).trim(),
    };
    this.added = [...this.added, identity];
    this.addValue = '';
    this.addTime = '';
    this.addTouched = false;
  }

  private async handleCopy(): Promise<void> {
    const text = this.resultsJson();
    try {
      await navigator.clipboard.writeText(text);
      this.copyState = 'copied';
    } catch {
      // Browsers refuse the clipboard without focus or permission; the text is shown instead.
      this.copyState = 'refused';
    }
  }

  private handleDownload(): void {
    const blob = new Blob([this.resultsJson()], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'idsync-simulation.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  private async importFile(file: File): Promise<void> {
    if (file.size > MAX_INPUT_BYTES) {
      this.inputError = `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; the simulator reads one profile of up to ${MAX_INPUT_BYTES / 1048576} MB.`;
      return;
    }

    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      this.inputError = `${file.name} could not be read: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }

    const read = readProfileText(text, file.name);
    if (!read.ok) {
      this.inputError = read.message;
      return;
    }
    this.useProfile({ source: file.name, ...read });
  }

  private useProfile(profile: SimulatorProfile): void {
    this.profile = profile;
    this.inputError = '';
    this.pasteFailed = false;
    // Additions belong to the profile they were made on.
    this.added = [];
    this.copyState = 'idle';
  }

  private changeSetting(key: keyof SimulationSettings, value: unknown): void {
    const next = { ...this.settings } as Record<string, unknown>;
    if (JSON.stringify(value) === JSON.stringify(DEFAULT_SETTINGS[key])) delete next[key];
    else next[key] = value;
    this.settings = next as Partial<SimulationSettings>;
    this.setSettingError(key, '');
  }

  /** Text and number switches: checked here so a bad value is shown, not silently replaced. */
  private changeTextSetting(descriptor: SettingDescriptor, raw: string): void {
    const text = raw.trim();
    if (descriptor.kind === 'number') {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) {
        this.setSettingError(descriptor.key, `${descriptor.label} must be a whole number above 0.`);
        return;
      }
      this.changeSetting(descriptor.key, n);
      return;
    }

    const pattern = descriptor.kind === 'text' ? descriptor.pattern : undefined;
    if (text === '' || (pattern && !new RegExp(pattern).test(text))) {
      this.setSettingError(
        descriptor.key,
        `${descriptor.label} ${text === '' ? 'cannot be empty' : `"${text}" does not fit ${pattern}`}.`,
      );
      return;
    }
    this.changeSetting(descriptor.key, text);
  }

  /** Blocked patterns (one per line) and limits (`type: N` per line). */
  private changeLinesSetting(descriptor: SettingDescriptor, raw: string): void {
    const lines = raw
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);

    if (descriptor.kind === 'patterns') {
      const bad = lines.findIndex((l) => !isRegExp(l));
      if (bad >= 0) {
        this.setSettingError(
          descriptor.key,
          `Line ${bad + 1}: "${lines[bad]}" is not a regular expression.`,
        );
        return;
      }
      this.changeSetting(descriptor.key, lines);
      return;
    }

    const limits: Record<string, number> = {};
    for (const [index, line] of lines.entries()) {
      const match = /^([^:\s]+)\s*:\s*(\d+)$/.exec(line);
      if (!match || Number(match[2]) < 1) {
        this.setSettingError(
          descriptor.key,
          `Line ${index + 1}: write "type: limit" with a whole number above 0, such as "user_id: 1".`,
        );
        return;
      }
      limits[match[1]] = Number(match[2]);
    }
    this.changeSetting(descriptor.key, limits);
  }

  private setSettingError(key: string, message: string): void {
    if ((this.settingErrors[key] ?? '') === message) return;
    const next = { ...this.settingErrors };
    if (message) next[key] = message;
    else delete next[key];
    this.settingErrors = next;
  }

  private removeAdded(index: number): void {
    this.added = this.added.filter((_, i) => i !== index);
  }

  private addProblem(): string {
    const type = this.addType.trim();
    if (type === '') return 'Name the identifier type, such as email.';
    if (type !== type.toLowerCase())
      return `Identifier types are lower-case: "${type.toLowerCase()}".`;
    if (this.addValue.trim() === '') return 'Enter the value of the new identity.';
    const time = (this.addTime || this.suggestedAddTime()).trim();
    if (!parseTimestamp(time)) {
      return `"${time}" is not a time; write it like 2024-04-01T00:00:00Z.`;
    }
    return '';
  }

  /** One day after the newest identity, so an addition is by default the most recent value. */
  private suggestedAddTime(): string {
    const times = [...(this.profile?.identities ?? []), ...this.added].map((i) => i.createdAt);
    const newest = times.sort(compareTimestamps).at(-1);
    const instant = newest ? parseTimestamp(newest) : undefined;
    if (!instant) return '2024-04-01T00:00:00Z';
    return new Date((Math.floor(instant.seconds) + 86_400) * 1000)
      .toISOString()
      .replace('.000Z', 'Z');
  }

  private async simulateNow(): Promise<void> {
    const profile = this.profile;
    if (!profile) return;

    const request = this.baseRequest(profile);
    await this.run.run(async () => {
      const config = request.config;
      const [defaultSetup, current] = await Promise.all([
        simulate({ ...request, config: defaultSetupOf(config) }),
        simulate(request),
      ]);
      const diff = compareResults(defaultSetup, current);
      return {
        defaultSetup,
        current,
        resync: request.previous !== undefined,
        onlyDefault: diff.onlyLeft,
        onlyCurrent: diff.onlyRight,
      };
    });
  }

  private baseRequest(profile: SimulatorProfile): SimulationRequest {
    const descriptor = typeof this.destination === 'object' ? this.destination : undefined;
    const destinationId =
      descriptor?.id ||
      (typeof this.destination === 'string' && this.destination) ||
      this.config?.destination ||
      'destination-function';
    const config: IdSyncConfig = this.config
      ? { ...this.config, destination: destinationId }
      : {
          version: 1,
          destination: destinationId,
          setup: 'default',
          idSyncConfiguration: [],
          connectionSettings: {
            sendIdentify: false,
            sendTrack: true,
            sendMobileIds: false,
            includeAnonymousUsers: false,
          },
        };
    const hasAdditions = this.added.length > 0;
    const request: SimulationRequest = {
      identities: hasAdditions ? [...profile.identities, ...this.added] : profile.identities,
      config,
      transition: this.transition,
      audienceKey: this.audienceKey.trim() || 'audience',
      journey: this.journey,
      settings: this.settings,
    };
    if (hasAdditions) request.previous = profile.identities;
    // A catalog id needs no descriptor; an unknown one gets the core's own finding.
    if (descriptor) request.destination = descriptor;
    return request;
  }

  private destinationKind(): Destination['kind'] | undefined {
    if (typeof this.destination === 'object') return this.destination.kind;
    const id = this.destination || this.config?.destination || '';
    return findDestination(id)?.kind;
  }

  private sideLabel(side: Side): string {
    if (side === 'defaultSetup') return SIDE_LABEL.defaultSetup;
    const setup = this.config?.setup === 'customized' ? 'Customized Setup' : 'Default Setup';
    return `${SIDE_LABEL.current} (${setup})`;
  }

  private eventTitle(event: Record<string, unknown>): string {
    const type =
      event.type === 'identify' ? 'Identify' : event.type === 'track' ? 'Track' : 'Event';
    const name = typeof event.event === 'string' ? ` ${event.event}` : '';
    const who = typeof event.userId === 'string' ? ` for ${event.userId}` : '';
    return `${type}${name}${who}`;
  }

  private summaryText(): string {
    const s = this.run.state;
    if (!this.profile) return 'Load a profile to simulate.';
    if (s.status === 'initial' || (s.status === 'pending' && !s.previous)) return 'Simulating…';
    if (s.status === 'error') return `The simulation failed: ${s.message}`;
    const outcome = this.run.lastValue;
    if (!outcome) return 'Simulating…';

    // A list destination sends rows and an event destination events: name only what it sends.
    const isList = this.destinationKind() === 'list';
    const describe = (side: Side): string => {
      const c = countSends(outcome[side]);
      const sends = isList
        ? `${c.rows} list ${c.rows === 1 ? 'row' : 'rows'}`
        : `${c.events} ${c.events === 1 ? 'event' : 'events'}`;
      return `${this.sideLabel(side)}: ${sends}`;
    };
    const what = this.transition === 'exited' ? 'On exit' : 'On entry';
    const resync = outcome.resync ? ' (resync after adding identities)' : '';
    return `${what}${resync}: ${describe('defaultSetup')}; ${describe('current')}.`;
  }

  private timelineGroups(outcome: SimulatorOutcome): TimelineGroup[] {
    const profile = this.profile;
    if (!profile) return [];
    return buildTimeline({
      identities: profile.identities,
      added: this.added,
      config: this.baseRequest(profile).config,
      defaultResult: outcome.defaultSetup,
      currentResult: outcome.current,
    });
  }

  /** Every finding once; one both setups raise is listed once with both names. */
  private allFindings(outcome: SimulatorOutcome): Array<{ where: string; finding: Finding }> {
    const byKey = new Map<string, { where: string[]; finding: Finding }>();
    const add = (where: string, findings: Finding[]): void => {
      for (const finding of findings) {
        const key = `${finding.code}|${finding.message}|${finding.path.join('.')}`;
        const seen = byKey.get(key);
        if (seen) {
          if (!seen.where.includes(where)) seen.where.push(where);
        } else byKey.set(key, { where: [where], finding });
      }
    };

    add('profile', this.profile?.findings ?? []);
    add(this.sideLabel('defaultSetup'), outcome.defaultSetup.findings);
    add(this.sideLabel('current'), outcome.current.findings);
    return [...byKey.values()].map(({ where, finding }) => ({
      where: where.join(' and '),
      finding,
    }));
  }

  /** Raw and normalised value per column of a list row, traced back through the selection. */
  private rowTrace(
    row: Record<string, unknown>,
    side: Side,
    result: SimulationResult,
  ): Record<string, ColumnTrace> {
    if (!this.profile) return {};
    const request = this.baseRequest(this.profile);
    const config = side === 'defaultSetup' ? defaultSetupOf(request.config) : request.config;
    return traceRow(row, {
      config,
      destination: request.destination,
      result,
      settings: { ...DEFAULT_SETTINGS, ...this.settings },
    });
  }

  private resultsJson(): string {
    const outcome = this.run.lastValue;
    const request = this.profile ? this.baseRequest(this.profile) : undefined;
    return (
      JSON.stringify(
        {
          profile: this.profile?.source,
          transition: this.transition,
          audienceKey: request?.audienceKey,
          journey: this.journey,
          settings: this.settings,
          config: request?.config,
          resync: outcome?.resync ?? false,
          defaultSetup: outcome?.defaultSetup,
          current: outcome?.current,
        },
        null,
        2,
      ) + '\n'
    );
  }
}

/** The same connection under Default Setup: no rows, same toggles and destination. */
function defaultSetupOf(config: IdSyncConfig): IdSyncConfig {
  return { ...config, setup: 'default', idSyncConfiguration: [] };
}

function countSends(result: SimulationResult): {
  events: number;
  identify: number;
  track: number;
  rows: number;
} {
  let identify = 0;
  let track = 0;
  for (const event of result.events) {
    if (event.type === 'identify') identify++;
    else if (event.type === 'track') track++;
  }
  return { events: result.events.length, identify, track, rows: result.rows.length };
}

function ruleText(id: string): string | undefined {
  const rule = RULES[id];
  return rule ? `${rule.statement} (${rule.source})` : undefined;
}

function formatSettingValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join(', ');
  }
  return String(value ?? '');
}

function formatSettingLines(value: unknown): string {
  if (Array.isArray(value)) return value.join('\n');
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join('\n');
  }
  return String(value ?? '');
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
