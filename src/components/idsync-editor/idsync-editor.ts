import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { defaultKeyFor, findDestination, STANDARD_IDENTIFIERS } from '../../core/catalog.js';
import { lintConfig } from '../../core/lint.js';
import { createConfig, parseConfig, serializeConfig } from '../../core/parse-config.js';
import type { Destination, Finding, IdSyncConfig, IdSyncRow, Strategy } from '../../core/types.js';
import { IdsyncChangeEvent, IdsyncFinalizeEvent } from '../../events.js';
import { editorStyles } from './idsync-editor.styles.js';
import { baseControls, themeTokens } from '../shared/theme.styles.js';

/** The audience a connection belongs to, as the host knows it from Segment. */
export interface AudienceSettings {
  key: string;
  /** The audience's own "Include Anonymous Users" checkbox. */
  includeAnonymousUsers: boolean;
}

type ConnectionToggle = 'sendIdentify' | 'sendTrack' | 'sendMobileIds' | 'includeAnonymousUsers';
type RowField = 'externalId' | 'strategy' | 'mapTo';

const STRATEGY_LABELS: Record<Strategy, string> = {
  last: 'Last added',
  first: 'First added',
  all: 'All',
};

const FIELD_LABELS: Record<RowField, string> = {
  externalId: 'Segment identifier',
  mapTo: 'Destination identifier',
  strategy: 'Strategy',
};

const TOGGLES: { key: Exclude<ConnectionToggle, 'includeAnonymousUsers'>; label: string }[] = [
  { key: 'sendIdentify', label: 'Send Identify' },
  { key: 'sendTrack', label: 'Send Track' },
  { key: 'sendMobileIds', label: 'Send Mobile IDs' },
];

const SETTING_VALUE_LABELS: Record<string, string> = { email: 'Email', mobile_id: 'Mobile ID' };

/**
 * How many rows, and how many findings in the summary and the announcement, are put on screen.
 * Segment takes a handful of rows, so a document past these numbers already has an error that
 * blocks Save; rendering thousands of rows would only freeze the page (layout time grows faster
 * than the row count). The document itself always keeps every row.
 */
const MAX_RENDERED_ROWS = 50;
const MAX_RENDERED_FINDINGS = 50;
const MAX_ANNOUNCED_FINDINGS = 10;

/** A finding placed on screen: which row (if any) and which control it concerns. */
interface PlacedFinding {
  finding: Finding;
  /** Index in `idSyncConfiguration`, or -1 for the document as a whole. */
  row: number;
  field?: RowField;
}

/** A destination a host named by an id the catalog does not know: free text, no defaults. */
function unknownDestination(id: string): Destination {
  return { id, name: id, kind: 'event', keys: [], freeText: true, keyFor: {}, defaultRows: [] };
}

function placeFinding(finding: Finding): PlacedFinding {
  const [head, index, field] = finding.path;
  if (head === 'idSyncConfiguration' && typeof index === 'number') {
    const known = field === 'externalId' || field === 'strategy' || field === 'mapTo';
    return { finding, row: index, field: known ? field : undefined };
  }
  return { finding, row: -1 };
}

function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/**
 * Edits the ID Sync setup of one audience-to-destination connection: Default or Customized
 * Setup, the identifier rows (Segment identifier, destination key, strategy) and the connection
 * toggles, and checks every edit against Segment's rules as the user types.
 *
 * A rule broken while editing stays on screen, with its message beside the row it concerns once
 * the user has touched that row or pressed Save; Save then exports nothing and says why. Inside a
 * `<form>` the element submits the saved document under its `name`.
 *
 * Changes made in Segment apply only to data computed about five minutes after saving; they are
 * not retroactive and Segment keeps no history of them (Segment docs, "ID Sync").
 *
 * @summary Default or Customized Setup and the identifier rows of an ID Sync connection.
 *
 * @fires {IdsyncChangeEvent} idsync-change - A user edit changed the config. Detail:
 *   `{ config, findings }`. Never fired when the host sets a property.
 * @fires {IdsyncFinalizeEvent} idsync-finalize - The user pressed Save and the config has no
 *   error. Detail: `{ config }`, the config only.
 *
 * @csspart base - The editor's outer wrapper.
 * @csspart notice - The message shown when a config given by the host could not be loaded.
 * @csspart setup - The Setup radio group.
 * @csspart rows - The list of identifier rows.
 * @csspart row - One identifier row.
 * @csspart row-title - The "Identifier N" title of a row.
 * @csspart row-feedback - The errors and warnings shown beside a row.
 * @csspart remove - A row's Remove identifier button.
 * @csspart toolbar - The bar holding Add identifier and Save.
 * @csspart add - The Add identifier button.
 * @csspart connection - The connection toggles.
 * @csspart settings - The destination's own settings.
 * @csspart general-feedback - Errors and warnings about the whole document.
 * @csspart findings - The summary of every error and warning.
 * @csspart findings-hidden - Says how many findings past the first fifty the summary leaves out.
 * @csspart rows-hidden - Says how many rows past the first fifty are not shown.
 * @csspart save - The Save button.
 * @csspart save-status - The outcome of the last Save.
 * @csspart help - The help text on when Segment applies changes.
 *
 * @cssproperty --idsync-font - Font shorthand of the editor.
 * @cssproperty --idsync-color-text - Text colour.
 * @cssproperty --idsync-color-muted - Secondary text colour.
 * @cssproperty --idsync-color-surface - Background.
 * @cssproperty --idsync-color-surface-alt - Background of rows and buttons.
 * @cssproperty --idsync-color-border - Borders of rows and controls.
 * @cssproperty --idsync-color-accent - Background of the Save button.
 * @cssproperty --idsync-color-accent-text - Text of the Save button.
 * @cssproperty --idsync-color-error - Error text and invalid borders.
 * @cssproperty --idsync-color-error-surface - Background of error messages.
 * @cssproperty --idsync-color-warning - Warning text.
 * @cssproperty --idsync-color-warning-surface - Background of warning messages.
 * @cssproperty --idsync-focus-ring - Colour of the keyboard focus ring.
 * @cssproperty --idsync-radius - Corner radius.
 * @cssproperty --idsync-space - Base spacing.
 */
export class IdsyncEditor extends LitElement {
  static override styles = [themeTokens, baseControls, editorStyles];

  /** Lets the element take part in a `<form>` like a native control. */
  static formAssociated = true;

  #internals: ElementInternals = this.attachInternals();

  /** The document being edited; always a valid shape (parsed), possibly breaking lint rules. */
  #config: IdSyncConfig | undefined;

  /** What a form reset returns to: the last config the host set (or the fresh default). */
  #initialConfig: IdSyncConfig | undefined;

  /** True when the config came from the host; false when the editor made a fresh default. */
  #configFromHost = false;

  /** The object the host last set. Lit re-sets an object binding on every render of the host,
   * so the same object arriving again must not reload the document over the user's edits. */
  #hostValue: unknown;

  /** Findings of reading the host's config (filled `mapTo`, or why it was refused); they
   * count until the user's first edit, which makes the document the user's own. */
  #loadFindings: Finding[] = [];

  /** Why the host's config was refused, kept for the notice after the first edit. */
  #refusal: Finding[] = [];

  #lintCache: {
    config: IdSyncConfig;
    audience: AudienceSettings | undefined;
    findings: Finding[];
  } = { config: undefined as unknown as IdSyncConfig, audience: undefined, findings: [] };

  /** Stable keys of the rows (parallel to `idSyncConfiguration`), so ids survive a removal. */
  #rowKeys: number[] = [];

  #nextRowKey = 1;

  /** Rows the user has edited or left (Lion's "touched"): their errors are shown. */
  #touchedRows = new Set<number>();

  /** The user has changed something outside the rows. */
  #touchedDocument = false;

  /** The user pressed Save: every error is shown. */
  #submitted = false;

  #formDisabled = false;

  /** True while Lit commits a render (removing a focused row fires focusout then). */
  #rendering = false;

  #announcement = '';

  #lastAnnounced = '';

  #saveStatus = '';

  /** The destination: a catalog id or a descriptor object. */
  @property({ attribute: false })
  destination: string | Destination = '';

  /** The space's identifier types, custom ones included. */
  @property({ attribute: false })
  identifiers: readonly string[] = STANDARD_IDENTIFIERS;

  /** The audience's own settings, shown read-only. */
  @property({ attribute: false })
  audience: AudienceSettings | undefined;

  /** Shows the config without letting the user change it. */
  @property({ type: Boolean, reflect: true })
  readonly = false;

  /** The name the config is submitted under inside a `<form>`. */
  @property({ reflect: true })
  name = '';

  /**
   * The config. Reading it returns the current state, user edits included. Setting it loads a
   * document (it is parsed like any input from outside, so a wrong shape shows its findings) and
   * never fires `idsync-change`.
   */
  // noAccessor: the setter below calls requestUpdate itself; Lit's wrapper would read the old
  // value through the getter, which builds a default config before the destination is known.
  @property({ attribute: false, noAccessor: true })
  get config(): IdSyncConfig {
    return (this.#config ??= this.#freshConfig());
  }

  set config(value: IdSyncConfig | undefined) {
    if (value === this.#hostValue && value !== undefined) return;

    const old = this.#config;
    this.#hostValue = value;

    this.#load(value);

    this.requestUpdate('config', old);
  }

  /** The lint findings of the current config (always computed, shown after interaction). */
  get findings(): Finding[] {
    const mismatch = this.#destinationMismatch();
    const load = mismatch
      ? this.#loadFindings.filter((f) => f.code !== 'destination-mismatch')
      : this.#loadFindings;

    return [...load, ...(mismatch ? [mismatch] : []), ...this.#lint(this.config)];
  }

  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  get validity(): ValidityState {
    return this.#internals.validity;
  }

  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  /** Moves focus to the Setup choice, the editor's first control. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLElement>('input[name="setup"]:checked')?.focus(options);
  }

  /** Called by a form reset: back to the config the host gave, nothing touched. */
  formResetCallback(): void {
    this.#config = this.#initialConfig ? structuredClone(this.#initialConfig) : undefined;
    this.#syncRowKeys();
    this.#resetInteraction();
    this.#saveStatus = '';
    this.requestUpdate();
  }

  /** Called on back/forward navigation or autofill with the value the form last held. */
  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (typeof state !== 'string') return;

    const result = parseConfig(state);
    if (!result.ok) return;

    this.#config = result.config;
    this.#syncRowKeys();
    this.requestUpdate();
  }

  formDisabledCallback(disabled: boolean): void {
    this.#formDisabled = disabled;
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const config = this.config;

    const hostSetConfig = changed.has('config' as keyof IdsyncEditor);
    const isPristine = !this.#touchedDocument && this.#touchedRows.size === 0;

    // A new destination needs a document of its own, unless the host handed one over with it.
    if (changed.has('destination') && !hostSetConfig) {
      const id = this.#destinationDescriptor().id;
      if (!this.#configFromHost || config.destination !== id) this.#useFreshConfig();
    } else if (changed.has('audience') && !this.#configFromHost && isPristine) {
      // The default document mirrors the audience's Include Anonymous Users.
      this.#useFreshConfig();
    }

    this.#announceVisibleErrors();
  }

  protected override update(changed: PropertyValues<this>): void {
    this.#rendering = true;
    try {
      super.update(changed);
    } finally {
      this.#rendering = false;
    }
  }

  protected override updated(): void {
    this.#updateFormState();
  }

  override render(): TemplateResult {
    const config = this.config;
    const destination = this.#destinationDescriptor();
    const placed = this.findings.map(placeFinding);
    const isCustomized = config.setup === 'customized';
    const isDisabled = this.readonly || this.#formDisabled;
    const documentFindings = placed.filter((p) => p.row === -1 && !this.#isLoadFinding(p));

    return html`
      <div part="base">
        ${this.#renderLoadNotice()}
        <p part="help" id="help">
          Segment applies a saved change only to data computed about five minutes later. It is not
          retroactive: members already synced are not sent again unless Segment support runs a
          resync. Segment keeps no history of ID Sync settings, so note the current setup before you
          change it.
        </p>
        ${this.#renderSetup(config, isDisabled)}
        ${isCustomized ? this.#renderRows(config, destination, placed, isDisabled) : nothing}
        ${this.#renderFeedbackList(
          documentFindings.filter((p) => p.finding.severity === 'warning' || this.#isShown(p)),
          'general-feedback',
          'general-feedback',
        )}
        ${this.#renderConnection(config, isDisabled)}
        ${this.#renderSettings(config, destination, isDisabled)} ${this.#renderSummary(placed)}
        <div part="toolbar">
          ${
            isCustomized && !isDisabled
              ? html`<button type="button" part="add" @click=${this.handleAdd}>
                  Add identifier
                </button>`
              : nothing
          }
          ${
            isDisabled
              ? nothing
              : html`<button type="button" part="save" @click=${this.handleSave}>Save</button>`
          }
          <p part="save-status" role="status">${this.#saveStatus}</p>
        </div>
        <div class="visually-hidden" aria-live="polite">${this.#announcement}</div>
      </div>
    `;
  }

  #renderLoadNotice(): TemplateResult | typeof nothing {
    if (this.#refusal.length === 0) return nothing;

    return html`
      <div part="notice" role="alert">
        <p><strong>The configuration given to the editor could not be loaded.</strong></p>
        <ul>
          ${this.#refusal.map(
            (f) =>
              html`<li>
                <span class="severity">${f.severity === 'error' ? 'Error' : 'Warning'}:</span>
                ${f.message} ${f.path.length ? html`(at ${f.path.join('.')})` : nothing}
              </li>`,
          )}
        </ul>
        <p>The editor shows the destination's default setup instead.</p>
      </div>
    `;
  }

  #renderSetup(config: IdSyncConfig, isDisabled: boolean): TemplateResult {
    return html`
      <div part="setup" role="radiogroup" aria-labelledby="setup-label">
        <span class="group-label" id="setup-label">Setup</span>
        <div class="choices">
          ${(['default', 'customized'] as const).map(
            (setup) => html`
              <label>
                <input
                  type="radio"
                  name="setup"
                  value=${setup}
                  .checked=${config.setup === setup}
                  ?disabled=${isDisabled}
                  @change=${this.handleSetupChange}
                />
                ${setup === 'default' ? 'Default Setup' : 'Customized Setup'}
              </label>
            `,
          )}
        </div>
      </div>
    `;
  }

  #renderRows(
    config: IdSyncConfig,
    destination: Destination,
    placed: PlacedFinding[],
    isDisabled: boolean,
  ): TemplateResult {
    const rows = config.idSyncConfiguration;
    const shown = rows.slice(0, MAX_RENDERED_ROWS);
    const hidden = rows.length - shown.length;
    // One pass groups the findings by row: filtering all findings once per row is quadratic.
    const byRow = new Map<number, PlacedFinding[]>();
    for (const p of placed) {
      if (p.row < 0) continue;
      const list = byRow.get(p.row);
      if (list) list.push(p);
      else byRow.set(p.row, [p]);
    }

    return html`
      <div part="rows">
        ${
          rows.length === 0
            ? html`<p class="note">
                No identifiers: Segment then sends its default identifiers. Use Add identifier to
                choose them.
              </p>`
            : nothing
        }
        ${repeat(
          shown,
          (_row, index) => this.#rowKeys[index],
          (row, index) =>
            this.#renderRow(row, index, destination, byRow.get(index) ?? [], isDisabled),
        )}
        ${
          hidden > 0
            ? html`<p part="rows-hidden" class="note" role="note">
                ${hidden} more ${hidden === 1 ? 'row is' : 'rows are'} not shown: this config has
                more rows than Segment accepts.
              </p>`
            : nothing
        }
      </div>
      <datalist id="destination-keys">
        ${destination.keys.map((key) => html`<option value=${key}></option>`)}
      </datalist>
    `;
  }

  #renderRow(
    row: IdSyncRow,
    index: number,
    destination: Destination,
    findings: PlacedFinding[],
    isDisabled: boolean,
  ): TemplateResult {
    const key = this.#rowKeys[index];
    const isShown = this.#submitted || this.#touchedRows.has(key);
    const visible = findings.filter((p) => p.finding.severity === 'warning' || isShown);
    const errors = visible.filter((p) => p.finding.severity === 'error');
    const feedbackId = `row-${key}-feedback`;
    const isInvalid = (field: RowField): boolean =>
      errors.some((p) => p.field === field || p.field === undefined);
    const describedBy = visible.length > 0 ? feedbackId : undefined;
    const identifierOptions = this.identifiers.includes(row.externalId)
      ? this.identifiers
      : [...this.identifiers, row.externalId];

    return html`
      <div
        part="row"
        role="group"
        class=${errors.length > 0 ? 'invalid' : ''}
        aria-labelledby="row-${key}-title"
        data-row=${index}
        @focusout=${this.handleRowFocusOut}
      >
        <span part="row-title" id="row-${key}-title">Identifier ${index + 1}</span>
        <div class="field">
          <label for="row-${key}-externalId">${FIELD_LABELS.externalId}</label>
          <select
            id="row-${key}-externalId"
            data-field="externalId"
            ?disabled=${isDisabled}
            aria-invalid=${isInvalid('externalId') ? 'true' : 'false'}
            aria-describedby=${describedBy ?? nothing}
            @change=${this.handleRowInput}
          >
            ${identifierOptions.map(
              (id) => html`<option value=${id} ?selected=${id === row.externalId}>${id}</option>`,
            )}
          </select>
        </div>
        <div class="field">
          <label for="row-${key}-mapTo">${FIELD_LABELS.mapTo}</label>
          ${
            destination.freeText
              ? html`<input
                  type="text"
                  id="row-${key}-mapTo"
                  data-field="mapTo"
                  list="destination-keys"
                  autocomplete="off"
                  spellcheck="false"
                  .value=${row.mapTo}
                  ?disabled=${isDisabled}
                  aria-invalid=${isInvalid('mapTo') ? 'true' : 'false'}
                  aria-describedby=${describedBy ?? nothing}
                  @input=${this.handleRowInput}
                />`
              : html`<select
                  id="row-${key}-mapTo"
                  data-field="mapTo"
                  ?disabled=${isDisabled}
                  aria-invalid=${isInvalid('mapTo') ? 'true' : 'false'}
                  aria-describedby=${describedBy ?? nothing}
                  @change=${this.handleRowInput}
                >
                  ${(destination.keys.includes(row.mapTo)
                    ? destination.keys
                    : [row.mapTo, ...destination.keys]
                  ).map((k) => html`<option value=${k} ?selected=${k === row.mapTo}>${k}</option>`)}
                </select>`
          }
        </div>
        <div class="field">
          <label for="row-${key}-strategy">${FIELD_LABELS.strategy}</label>
          <select
            id="row-${key}-strategy"
            data-field="strategy"
            ?disabled=${isDisabled}
            aria-invalid=${isInvalid('strategy') ? 'true' : 'false'}
            aria-describedby=${describedBy ?? nothing}
            @change=${this.handleRowInput}
          >
            ${(['last', 'first', 'all'] as const).map(
              (s) =>
                // The label attribute, not text content: the formatter's line breaks inside an
                // option would become spaces in its accessible name (" Last added ").
                html`<option
                  value=${s}
                  label=${STRATEGY_LABELS[s]}
                  ?selected=${s === row.strategy}
                ></option>`,
            )}
          </select>
        </div>
        ${
          isDisabled
            ? nothing
            : html`<button
                type="button"
                part="remove"
                data-row=${index}
                @click=${this.handleRemove}
              >
                Remove identifier
              </button>`
        }
        ${this.#renderFeedbackList(visible, 'row-feedback', feedbackId)}
      </div>
    `;
  }

  #renderFeedbackList(
    visible: PlacedFinding[],
    part: string,
    id: string,
  ): TemplateResult | typeof nothing {
    if (visible.length === 0) return nothing;

    return html`
      <ul part=${part} id=${id}>
        ${visible.map(
          ({ finding }) =>
            html`<li class=${finding.severity}>
              <span class="severity">${finding.severity === 'error' ? 'Error' : 'Warning'}:</span>
              ${finding.message}
            </li>`,
        )}
      </ul>
    `;
  }

  #renderConnection(config: IdSyncConfig, isDisabled: boolean): TemplateResult {
    const settings = config.connectionSettings;
    const audience = this.audience;
    const anonymous = audience ? audience.includeAnonymousUsers : settings.includeAnonymousUsers;

    return html`
      <fieldset part="connection">
        <legend>Connection settings</legend>
        <div class="choices">
          ${TOGGLES.map(
            ({ key, label }) => html`
              <label>
                <input
                  type="checkbox"
                  data-toggle=${key}
                  .checked=${settings[key]}
                  ?disabled=${isDisabled}
                  @change=${this.handleToggle}
                />
                ${label}
              </label>
            `,
          )}
          <label>
            <input
              type="checkbox"
              data-toggle="includeAnonymousUsers"
              .checked=${anonymous}
              ?disabled=${isDisabled || audience !== undefined}
              aria-describedby="anonymous-note"
              @change=${this.handleToggle}
            />
            Include Anonymous Users
          </label>
        </div>
        <p class="note" id="anonymous-note">
          ${
            audience
              ? `Include Anonymous Users is the audience's own setting (audience "${audience.key}"): it
              decides who is a member at all, so it is changed on the audience in Segment, not
              here.`
              : `Include Anonymous Users is the audience's own setting in Segment; this copy should
              match it.`
          }
        </p>
      </fieldset>
    `;
  }

  #renderSettings(
    config: IdSyncConfig,
    destination: Destination,
    isDisabled: boolean,
  ): TemplateResult | typeof nothing {
    const declared = Object.entries(destination.settings ?? {});
    if (declared.length === 0) return nothing;

    return html`
      <fieldset part="settings">
        <legend>${destination.name} settings</legend>
        <div class="choices">
          ${declared.map(([key, setting]) => {
            const value = config.destinationSettings?.[key] ?? setting.default;
            const values = setting.values.includes(value)
              ? setting.values
              : [value, ...setting.values];
            return html`
              <div class="field">
                <label for="setting-${key}">${humanize(key)}</label>
                <select
                  id="setting-${key}"
                  data-setting=${key}
                  ?disabled=${isDisabled}
                  @change=${this.handleSettingChange}
                >
                  ${values.map(
                    (v) =>
                      html`<option
                        value=${v}
                        label=${SETTING_VALUE_LABELS[v] ?? v}
                        ?selected=${v === value}
                      ></option>`,
                  )}
                </select>
              </div>
            `;
          })}
        </div>
      </fieldset>
    `;
  }

  #renderSummary(placed: PlacedFinding[]): TemplateResult | typeof nothing {
    const visible = placed.filter(
      (p) => !this.#isLoadFinding(p) && (p.finding.severity === 'warning' || this.#isShown(p)),
    );
    if (visible.length === 0) return nothing;

    const errorCount = visible.filter((p) => p.finding.severity === 'error').length;
    const warningCount = visible.length - errorCount;
    const listed = visible.slice(0, MAX_RENDERED_FINDINGS);
    const unlisted = visible.length - listed.length;
    // One text node: split across bindings, the region's accessible name lost its spaces.
    const summaryTitle =
      `${errorCount} ${errorCount === 1 ? 'error' : 'errors'}, ` +
      `${warningCount} ${warningCount === 1 ? 'warning' : 'warnings'}`;

    return html`
      <section part="findings" id="summary" tabindex="-1" aria-labelledby="summary-title">
        <h3 id="summary-title">${summaryTitle}</h3>
        <ul>
          ${listed.map(
            (p) =>
              html`<li class=${p.finding.severity}>
                <span class="severity"
                  >${p.finding.severity === 'error' ? 'Error' : 'Warning'}:</span
                >
                ${p.finding.message}
              </li>`,
          )}
        </ul>
        ${unlisted > 0 ? html`<p part="findings-hidden">and ${unlisted} more.</p>` : nothing}
      </section>
    `;
  }

  handleSetupChange(event: Event): void {
    const setup = (event.target as HTMLInputElement).value as IdSyncConfig['setup'];
    const config = this.config;
    if (setup === config.setup) return;

    // A new Customized Setup starts from the destination's own default rows; Default Setup
    // carries no rows (the document's rule), so leaving Customized drops them.
    const rows =
      setup === 'customized'
        ? this.#destinationDescriptor().defaultRows.map((row) => ({ ...row }))
        : [];
    this.#touchedDocument = true;

    this.#commit(
      { ...config, setup, idSyncConfiguration: rows },
      rows.map(() => this.#newKey()),
    );
  }

  async handleAdd(): Promise<void> {
    const config = this.config;
    const row = this.#nextRow(config);
    const key = this.#newKey();
    this.#touchedRows.add(key);

    this.#commit({ ...config, idSyncConfiguration: [...config.idSyncConfiguration, row] }, [
      ...this.#rowKeys,
      key,
    ]);

    await this.updateComplete;

    this.renderRoot.querySelector<HTMLElement>(`#row-${key}-externalId`)?.focus();
  }

  async handleRemove(event: Event): Promise<void> {
    const index = Number((event.currentTarget as HTMLElement).dataset.row);
    const config = this.config;
    const rows = config.idSyncConfiguration.filter((_row, i) => i !== index);
    const keys = this.#rowKeys.filter((_key, i) => i !== index);
    this.#touchedRows.delete(this.#rowKeys[index]);
    this.#touchedDocument = true;

    this.#commit({ ...config, idSyncConfiguration: rows }, keys);

    await this.updateComplete;

    // Focus goes where the removed row was: the row that took its place, else the one before
    // it, else Add identifier, so keyboard users never fall back to the top of the page.
    const nextKey = keys[index] ?? keys[index - 1];
    const target =
      nextKey === undefined
        ? this.renderRoot.querySelector<HTMLElement>('[part~="add"]')
        : this.renderRoot.querySelector<HTMLElement>(`#row-${nextKey}-externalId`);
    target?.focus();
  }

  handleRowInput(event: Event): void {
    const control = event.target as HTMLInputElement | HTMLSelectElement;
    const field = control.dataset.field as RowField;
    const index = Number(control.closest<HTMLElement>('[part~="row"]')?.dataset.row);
    const config = this.config;
    const current = config.idSyncConfiguration[index];
    if (!current) return;

    const row: IdSyncRow = { ...current, [field]: control.value };
    // Picking another Segment identifier brings its usual destination key along, as long as the
    // user had not typed a key of their own for the previous one.
    if (field === 'externalId') {
      const destination = this.#destinationDescriptor();
      if (current.mapTo === defaultKeyFor(destination, current.externalId)) {
        row.mapTo = defaultKeyFor(destination, control.value);
      }
    }
    this.#touchedRows.add(this.#rowKeys[index]);

    this.#commit({
      ...config,
      idSyncConfiguration: config.idSyncConfiguration.map((r, i) => (i === index ? row : r)),
    });
  }

  handleRowFocusOut(event: FocusEvent): void {
    const row = event.currentTarget as HTMLElement;
    // Focus also leaves a row that a re-render is removing; that is not the user leaving it.
    if (this.#rendering) return;
    if (row.contains(event.relatedTarget as Node | null)) return;

    const key = this.#rowKeys[Number(row.dataset.row)];
    if (key === undefined || this.#touchedRows.has(key)) return;

    this.#touchedRows.add(key);
    this.requestUpdate();
  }

  handleToggle(event: Event): void {
    const input = event.target as HTMLInputElement;
    const key = input.dataset.toggle as ConnectionToggle;
    const config = this.config;
    this.#touchedDocument = true;

    this.#commit({
      ...config,
      connectionSettings: { ...config.connectionSettings, [key]: input.checked },
    });
  }

  handleSettingChange(event: Event): void {
    const select = event.target as HTMLSelectElement;
    const config = this.config;
    this.#touchedDocument = true;

    this.#commit({
      ...config,
      destinationSettings: {
        ...config.destinationSettings,
        [select.dataset.setting!]: select.value,
      },
    });
  }

  async handleSave(): Promise<void> {
    const config = this.config;
    const errors = this.findings.filter((f) => f.severity === 'error');
    this.#submitted = true;

    if (errors.length > 0) {
      this.#saveStatus = `Not saved: ${errors.length} ${
        errors.length === 1 ? 'error needs' : 'errors need'
      } fixing first (listed above). Nothing was exported.`;
      this.requestUpdate();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#summary')?.focus();
      return;
    }

    this.#saveStatus = 'Saved.';
    this.requestUpdate();

    this.dispatchEvent(new IdsyncFinalizeEvent({ config: structuredClone(config) }));
  }

  #load(value: IdSyncConfig | undefined): void {
    this.#resetInteraction();

    if (value === undefined || value === null) {
      this.#configFromHost = false;
      this.#loadFindings = [];
      this.#refusal = [];
      this.#config = undefined;
      this.#initialConfig = undefined;
      return;
    }

    const result = parseConfig(value, { destination: this.#destinationId() || undefined });
    this.#configFromHost = true;
    this.#loadFindings = result.findings;
    this.#refusal = result.ok ? [] : result.findings;
    this.#config = result.ok ? result.config : this.#freshConfig();
    this.#initialConfig = structuredClone(this.#config);
    this.#syncRowKeys();

    // A loaded document that already breaks a rule shows it at once: nobody is being scolded
    // for typing, and the person needs to see what the host handed over.
    if (result.ok && this.#lint(this.#config).some((f) => f.severity === 'error')) {
      this.#touchedDocument = true;
      this.#rowKeys.forEach((key) => this.#touchedRows.add(key));
    }
  }

  #useFreshConfig(): void {
    this.#resetInteraction();
    this.#configFromHost = false;
    this.#loadFindings = [];
    this.#refusal = [];
    this.#config = this.#freshConfig();
    this.#initialConfig = structuredClone(this.#config);
    this.#syncRowKeys();
  }

  #freshConfig(): IdSyncConfig {
    const audience = this.audience;

    return createConfig(
      this.#destinationDescriptor(),
      audience
        ? { connectionSettings: { includeAnonymousUsers: audience.includeAnonymousUsers } }
        : {},
    );
  }

  /**
   * A document for another destination (an import, a draft or a host config made elsewhere) must
   * not be finalized here: the host would forward rows checked against the wrong destination's
   * rules to this connection. Reading such a document is only a warning; editing and saving it
   * in this editor is an error that stays until the document matches.
   */
  #destinationMismatch(): Finding | undefined {
    const expected = this.#destinationId();
    const actual = this.#config?.destination;
    if (!expected || !actual || actual === expected) return undefined;

    return {
      severity: 'error',
      code: 'destination-mismatch',
      message:
        `This document is for "${actual}", but this editor configures "${expected}", so it ` +
        'cannot be saved here. Open it for its own destination, or start from this ' +
        "destination's Default or Customized Setup.",
      path: ['destination'],
    };
  }

  #destinationId(): string {
    return typeof this.destination === 'string' ? this.destination : this.destination.id;
  }

  #destinationDescriptor(): Destination {
    if (typeof this.destination === 'object' && this.destination !== null) return this.destination;

    const id = this.destination || this.#config?.destination || '';
    return findDestination(id) ?? unknownDestination(id);
  }

  /** The row Add identifier appends: the first identifier not yet used, with its usual key. */
  #nextRow(config: IdSyncConfig): IdSyncRow {
    const destination = this.#destinationDescriptor();
    const usedIds = new Set(config.idSyncConfiguration.map((r) => r.externalId));
    const usedKeys = new Set(config.idSyncConfiguration.map((r) => r.mapTo));
    const unused = this.identifiers.filter((id) => !usedIds.has(id));
    // Where the destination offers a fixed list of keys, an identifier it has a free key for is
    // the sensible first pick; otherwise the space's order decides.
    const fitting = destination.freeText
      ? unused
      : unused.filter((id) => id in destination.keyFor && !usedKeys.has(destination.keyFor[id]));
    const externalId = fitting[0] ?? unused[0] ?? this.identifiers[0] ?? 'user_id';

    return { externalId, strategy: 'last', mapTo: defaultKeyFor(destination, externalId) };
  }

  #commit(next: IdSyncConfig, rowKeys?: number[]): void {
    this.#config = next;
    this.#loadFindings = [];
    if (rowKeys) this.#rowKeys = rowKeys;
    this.#saveStatus = '';
    this.requestUpdate();

    const findings = this.findings;
    this.dispatchEvent(new IdsyncChangeEvent({ config: structuredClone(next), findings }));
  }

  #lint(config: IdSyncConfig): Finding[] {
    const cache = this.#lintCache;
    if (cache.config === config && cache.audience === this.audience) return cache.findings;

    let findings: Finding[];
    try {
      findings = lintConfig(config, {
        audience: this.audience
          ? { key: this.audience.key, includeAnonymousUsers: this.audience.includeAnonymousUsers }
          : undefined,
        destination: typeof this.destination === 'object' ? this.destination : undefined,
      });
    } catch (error) {
      findings = [
        {
          severity: 'error',
          code: 'lint-unavailable',
          message: `The rules could not be checked: ${(error as Error).message}`,
          path: [],
        },
      ];
    }
    this.#lintCache = { config, audience: this.audience, findings };
    return findings;
  }

  #isLoadFinding(placed: PlacedFinding): boolean {
    return this.#refusal.includes(placed.finding);
  }

  #isShown(placed: PlacedFinding): boolean {
    if (this.#submitted) return true;
    if (placed.row === -1) return this.#touchedDocument || this.#touchedRows.size > 0;
    return this.#touchedRows.has(this.#rowKeys[placed.row]);
  }

  #announceVisibleErrors(): void {
    const visible = this.findings
      .map(placeFinding)
      .filter((p) => p.finding.severity === 'error' && this.#isShown(p))
      .map((p) => `${p.finding.message}`);
    // A screen reader reads the whole region: past a few messages it points to the summary.
    const read = visible.slice(0, MAX_ANNOUNCED_FINDINGS).join(' ');
    const more =
      visible.length > MAX_ANNOUNCED_FINDINGS
        ? ` And ${visible.length - MAX_ANNOUNCED_FINDINGS} more, listed in the summary.`
        : '';
    const text = visible.length === 0 ? '' : `${visible.length} to fix. ${read}${more}`;
    if (text === this.#lastAnnounced) return;

    this.#announcement = text === '' && this.#lastAnnounced !== '' ? 'No errors left.' : text;
    this.#lastAnnounced = text;
  }

  #resetInteraction(): void {
    this.#touchedRows.clear();
    this.#touchedDocument = false;
    this.#submitted = false;
    this.#announcement = '';
    this.#lastAnnounced = '';
  }

  #newKey(): number {
    return this.#nextRowKey++;
  }

  #syncRowKeys(): void {
    this.#rowKeys = (this.#config?.idSyncConfiguration ?? []).map(() => this.#newKey());
  }

  #updateFormState(): void {
    const config = this.config;
    let value: string;
    try {
      value = serializeConfig(config);
    } catch {
      value = JSON.stringify(config, null, 2) + '\n';
    }
    this.#internals.setFormValue(value, value);

    const firstError = this.findings.find((f) => f.severity === 'error');
    if (!firstError) {
      this.#internals.setValidity({});
      return;
    }

    const placed = placeFinding(firstError);
    const anchor =
      (placed.row >= 0
        ? this.renderRoot.querySelector<HTMLElement>(
            `#row-${this.#rowKeys[placed.row]}-${placed.field ?? 'externalId'}`,
          )
        : null) ?? this.renderRoot.querySelector<HTMLElement>('input[name="setup"]:checked');
    this.#internals.setValidity({ customError: true }, firstError.message, anchor ?? undefined);
  }
}
