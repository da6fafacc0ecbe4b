import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { STANDARD_IDENTIFIERS } from '../../core/catalog.js';
import { createConfig, serializeConfig } from '../../core/parse-config.js';
import type { Destination, IdSyncConfig } from '../../core/types.js';
import { IdsyncDraftSavedEvent, type IdsyncChangeEvent } from '../../events.js';
// Imported module by module rather than through storage/index.js, so the import/export bundle
// code (with its schema built at load time) stays out of what a host loads before first render.
import { AutosaveController } from '../../storage/autosave.js';
import type { IdsyncDraftOpenEvent } from '../../storage/events.js';
import type { DraftChange, DraftRevision, DraftStore, SaveResult } from '../../storage/types.js';
import type { AudienceSettings, IdsyncEditor } from '../idsync-editor/idsync-editor.js';
import { studioStyles } from './idsync-studio.styles.js';
import { baseControls, themeTokens } from '../shared/theme.styles.js';
import type { ApiCopy, ApiMode } from './public-api-panel.js';

/** Where the editor's document came from, for the notice above it. */
type Origin = { kind: 'host' } | { kind: 'draft'; revision: DraftRevision };

/** Starts a download of `text` as a JSON file named `name` (made safe for a file system). */
function download(text: string, name: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = `${name.replace(/[^\w.-]+/g, '_')}.json`;
  link.click();
  URL.revokeObjectURL(link.href);
}

/**
 * The whole ID Sync widget an admin console embeds: the editor, the simulator and the drafts
 * panel for one audience-to-destination connection.
 *
 * With a `draft-key`, every edit is saved as a draft revision in this browser's IndexedDB a
 * moment after the user stops (and at once when the page is hidden), and a stored draft is loaded
 * in place of `config`, with a notice and a way to discard it. Without one, nothing is kept, and
 * the studio says so. When IndexedDB cannot be used, drafts live in memory and a warning stays on
 * screen with a way to export the configuration.
 *
 * The studio lays itself out by its own width (it is a CSS inline-size container named
 * `idsync-studio`): below about 44rem the panels stack in one column. Being a size container, it
 * takes the width its parent gives it and none from its content, so in a shrink-to-fit parent
 * (an inline-block, a float, a flex item without a basis) give it a width.
 *
 * The studio passes its editor's events through untouched: a host listening on the studio hears
 * each `idsync-change` and `idsync-finalize` once.
 *
 * After the three panels, the "Segment Public API" section shows the current config as the body of a
 * Public API create or update call (with what the body cannot carry, as findings) to copy or
 * download, and the "Whole audience file" section runs `<idsync-batch>` on the current config.
 * The studio does not import `<idsync-batch>`: whoever registers the elements registers it
 * (`idsync-studio/define`, or the embed bundle as a chunk), so it stays out of the first render.
 *
 * @summary Editor, simulator and drafts for one ID Sync connection.
 *
 * @fires {IdsyncChangeEvent} idsync-change - From the inner editor: a user edit changed the config.
 * @fires {IdsyncFinalizeEvent} idsync-finalize - From the inner editor: the user saved a config
 *   without errors. Detail `{ config }` only.
 * @fires {IdsyncDraftSavedEvent} idsync-draft-saved - A draft revision reached IndexedDB. Detail
 *   `{ draftKey, revision }`.
 *
 * @csspart base - The studio's outer wrapper.
 * @csspart notices - The notices above the panels.
 * @csspart draft-notice - Says a stored draft was loaded in place of the host's config.
 * @csspart sync-notice - Says the editor took a revision another tab saved.
 * @csspart discard - The Discard draft button.
 * @csspart autosave-off - Says edits are not kept because there is no draft key.
 * @csspart storage-warning - Says drafts are only in memory, and why.
 * @csspart export - The button that downloads the current configuration.
 * @csspart panels - The grid holding the panels and sections.
 * @csspart editor - The `<idsync-editor>`.
 * @csspart simulator - The `<idsync-simulator>`.
 * @csspart drafts - The `<idsync-drafts>` panel.
 * @csspart loading - Shown while the stored draft is read.
 * @csspart public-api - The "Segment Public API" section: mode choice, findings, body, actions.
 * @csspart public-api-findings - What the body cannot carry or what Segment would refuse.
 * @csspart public-api-body - The read-only text field holding the body JSON.
 * @csspart public-api-blocked - Says why Copy and Download are off while the body has errors.
 * @csspart public-api-status - Says the body was copied, or that the browser refused the clipboard.
 * @csspart batch - The "Whole audience file" section around `<idsync-batch>`.
 *
 * @cssproperty --idsync-font - Font shorthand, inherited by the panels' own properties.
 * @cssproperty --idsync-color-text - Text colour.
 * @cssproperty --idsync-color-muted - Secondary text colour.
 * @cssproperty --idsync-color-surface - Background.
 * @cssproperty --idsync-color-surface-alt - Background of buttons.
 * @cssproperty --idsync-color-border - Borders.
 * @cssproperty --idsync-color-info-surface - Background of the draft notices.
 * @cssproperty --idsync-color-warning - Text and border of the storage warning.
 * @cssproperty --idsync-color-warning-surface - Background of the storage warning.
 * @cssproperty --idsync-color-error - Error text and borders.
 * @cssproperty --idsync-color-error-surface - Background of error messages.
 * @cssproperty --idsync-focus-ring - Colour of the keyboard focus ring.
 * @cssproperty --idsync-radius - Corner radius.
 * @cssproperty --idsync-space - Base spacing.
 */
export class IdsyncStudio extends LitElement {
  static override styles = [themeTokens, baseControls, studioStyles];

  #store: DraftStore | undefined;

  #storeOpening: Promise<void> | undefined;

  /** Why the store could not be opened at all (it normally falls back to memory instead). */
  #storeFailure: string | undefined;

  #unsubscribe: (() => void) | undefined;

  /** The revision the editor's document is based on, for the store's conflict check. */
  #baseRevision: number | undefined;

  #autosave = new AutosaveController(this, {
    store: () => this.#store,
    draftKey: () => (this.readonly ? undefined : this.draftKey || undefined),
    baseRevision: () => this.#baseRevision,
    // The first edit after a pause is saved at once: a reload or a crash a moment later finds it.
    leading: true,
    onSaved: (revision) => this.#handleSaved(revision),
    onError: (message) => {
      this.#autosaveError = message;
      this.requestUpdate();
    },
  });

  #autosaveError: string | undefined;

  #conflictNote: string | undefined;

  /** Says the editor just took a revision another tab saved. */
  #syncNote: string | undefined;

  /** What the editor is given. A new object each load, so the editor always takes it. */
  #editorConfig: IdSyncConfig | undefined;

  /** The latest document, user edits included: what the simulator runs. */
  #currentConfig: IdSyncConfig | undefined;

  #origin: Origin = { kind: 'host' };

  /** True until the first draft lookup for the current draft key has answered. */
  #loading = false;

  /** Increments per load, so a slow lookup cannot overwrite a newer one. */
  #loadToken = 0;

  /** The draft key the drafts panel just opened, whose config is already in the editor. */
  #openedDraftKey: string | undefined;

  /** Which Public API call the body is for. */
  #apiMode: ApiMode = 'create';

  /** What the last Copy did, and with which text: a later edit makes the message stale. */
  #apiCopy: ApiCopy | undefined;

  /** The Public API section's module, loaded after first render (see public-api-panel.ts). */
  #apiPanel: typeof import('./public-api-panel.js') | undefined;

  #apiPanelLoading: Promise<void> | undefined;

  /** Why the Public API section's module could not be loaded (a chunk the server did not send). */
  #apiPanelFailure: string | undefined;

  /** The destination: a catalog id or a descriptor object. */
  @property({
    converter: { fromAttribute: (value: string | null) => value ?? '' },
  })
  destination: string | Destination = '';

  /** The space's identifier types, custom ones included. */
  @property({ attribute: false })
  identifiers: readonly string[] = STANDARD_IDENTIFIERS;

  /** The initial config. A stored draft for `draftKey` wins over it. */
  @property({ attribute: false })
  config: IdSyncConfig | undefined;

  /** Which audience-and-destination draft this is; without it nothing is autosaved. */
  @property({ attribute: 'draft-key' })
  draftKey = '';

  /** The audience's own settings, shown read-only. */
  @property({ attribute: false })
  audience: AudienceSettings | undefined;

  /** Shows everything without letting the user change it (and saves no drafts). */
  @property({ type: Boolean, reflect: true })
  readonly = false;

  /** The draft store in use, once opened (IndexedDB, or memory when IndexedDB fails). */
  get store(): DraftStore | undefined {
    return this.#store;
  }

  /** Resolves when the store is open, the draft (if any) is in the editor and the Public API
   * section's module has loaded (or failed to, which the section then says). */
  get ready(): Promise<void> {
    return Promise.all([this.#storeOpening, this.#apiPanelLoading])
      .then(() => this.updateComplete)
      .then(() => {});
  }

  override connectedCallback(): void {
    super.connectedCallback();

    this.#storeOpening ??= this.#openStore();
    this.#apiPanelLoading ??= this.#loadApiPanel();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();

    // The autosave controller flushes on disconnect; the store closes once that write is queued.
    const store = this.#store;
    void this.#autosave.flush().finally(() => {
      if (this.isConnected) return;
      this.#unsubscribe?.();
      store?.close();
      if (this.#store === store) {
        this.#store = undefined;
        this.#storeOpening = undefined;
      }
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const needsLoad =
      changed.has('draftKey') || changed.has('destination') || changed.has('config');
    if (!needsLoad) return;

    if (changed.has('draftKey') && this.draftKey && this.draftKey === this.#openedDraftKey) {
      this.#openedDraftKey = undefined;
      return;
    }

    void this.#load();
  }

  override render(): TemplateResult {
    const destinationId =
      typeof this.destination === 'string' ? this.destination : this.destination.id;

    return html`
      <div part="base">
        <div part="notices">
          ${this.#renderStorageWarning()} ${this.#renderDraftNotice()} ${this.#renderAutosaveOff()}
          ${
            this.#syncNote
              ? html`<p class="notice" part="sync-notice" role="status">${this.#syncNote}</p>`
              : nothing
          }
        </div>
        ${
          this.#loading
            ? html`<p part="loading" role="status">Reading the saved draft…</p>`
            : html`
                <div part="panels">
                  <idsync-editor
                    part="editor"
                    .destination=${this.destination}
                    .identifiers=${this.identifiers}
                    .audience=${this.audience}
                    .config=${
                      // Undefined asks the editor for the destination's default; its setter takes it.
                      this.#editorConfig as IdSyncConfig
                    }
                    ?readonly=${this.readonly}
                    @idsync-change=${this.handleChange}
                  ></idsync-editor>
                  <idsync-simulator
                    part="simulator"
                    .config=${this.#currentConfig}
                    .destination=${this.destination}
                    .audienceKey=${this.audience?.key ?? 'audience'}
                  ></idsync-simulator>
                  <idsync-drafts
                    part="drafts"
                    .store=${this.#store}
                    .draftKey=${this.draftKey}
                    .destination=${destinationId}
                    @idsync-draft-open=${this.handleDraftOpen}
                  ></idsync-drafts>
                  ${this.#renderPublicApi()}
                  <section part="batch" aria-labelledby="batch-title">
                    <h2 id="batch-title">Whole audience file</h2>
                    <p class="hint">
                      Drop or choose a file of the audience's profiles (JSONL, Profile API pages or
                      a user_identifiers CSV) to count what Default Setup and this configuration
                      would send. The file is read in this browser only.
                    </p>
                    <idsync-batch .config=${this.#currentConfig}></idsync-batch>
                  </section>
                </div>
              `
        }
      </div>
    `;
  }

  #renderPublicApi(): TemplateResult {
    const panel = this.#apiPanel;
    if (panel) {
      return panel.renderPublicApi({
        view: panel.publicApiView(this.#currentConfig, this.#apiMode),
        mode: this.#apiMode,
        copy: this.#apiCopy,
        onMode: this.handleApiMode,
        onCopy: this.handleApiCopy,
        onDownload: this.handleApiDownload,
      });
    }

    return html`
      <section part="public-api" aria-labelledby="api-title">
        <h2 id="api-title">Segment Public API</h2>
        <p role="status">${this.#apiPanelFailure ?? 'Loading the Public API body…'}</p>
      </section>
    `;
  }

  #renderDraftNotice(): TemplateResult | typeof nothing {
    if (this.#origin.kind !== 'draft') return nothing;

    const { revision, savedAt } = this.#origin.revision;
    const when = new Date(savedAt).toLocaleString();

    return html`
      <div class="notice" part="draft-notice" role="status">
        <p>
          Showing the draft saved in this browser on ${when} (revision ${revision}), in place of the
          configuration this page provided.
        </p>
        <button type="button" part="discard" @click=${this.handleDiscard}>Discard draft</button>
      </div>
    `;
  }

  #renderAutosaveOff(): TemplateResult | typeof nothing {
    if (this.draftKey && !this.readonly) return nothing;

    return html`
      <p class="notice" part="autosave-off">
        ${
          this.readonly
            ? 'Read-only: nothing here is changed or saved as a draft.'
            : 'Drafts are off: this studio has no draft key, so edits are not kept in this browser. ' +
              'Save still hands the configuration to the page.'
        }
      </p>
    `;
  }

  #renderStorageWarning(): TemplateResult | typeof nothing {
    const store = this.#store;
    const problem =
      this.#storeFailure ??
      (store?.status === 'memory' ? (store.problem ?? 'IndexedDB is not available.') : undefined);
    const messages = [problem, this.#autosaveError, this.#conflictNote].filter(Boolean);
    if (messages.length === 0) return nothing;

    return html`
      <div class="notice warning" part="storage-warning" role="alert">
        <p>
          ${
            problem
              ? html`<strong
                    >Drafts are kept in memory only and are lost when this page closes.</strong
                  >
                  ${problem}`
              : nothing
          }
          ${this.#autosaveError ?? nothing} ${this.#conflictNote ?? nothing}
        </p>
        <button type="button" part="export" @click=${this.handleExport}>
          Export configuration
        </button>
      </div>
    `;
  }

  handleChange(event: IdsyncChangeEvent): void {
    this.#syncNote = undefined;

    // The event keeps bubbling to the host: the studio only listens, it never re-dispatches.
    this.#currentConfig = event.detail.config;
    this.requestUpdate();

    this.#autosave.schedule(event.detail.config);
  }

  handleDraftOpen(event: IdsyncDraftOpenEvent): void {
    const { draftKey, config, revision } = event.detail;

    this.#loadToken++;
    this.#baseRevision = revision;
    this.#editorConfig = structuredClone(config);
    this.#currentConfig = config;
    this.#origin = { kind: 'host' };
    this.#loading = false;
    if (draftKey !== this.draftKey) {
      this.#openedDraftKey = draftKey;
      this.draftKey = draftKey;
    }
    this.requestUpdate();
  }

  async handleDiscard(): Promise<void> {
    const store = this.#store;
    const draftKey = this.draftKey;
    if (!store || !draftKey) return;

    // A pending autosave would bring the draft straight back; let it land first.
    await this.#autosave.flush();
    await store.discard(draftKey);

    this.#baseRevision = undefined;
    this.#origin = { kind: 'host' };
    this.#showHostConfig();
    this.requestUpdate();
    await this.updateComplete;

    this.#readBackFromEditor();
    // The Discard button is gone: focus goes to the editor rather than the top of the page.
    this.#editorElement()?.focus();
  }

  handleExport(): void {
    const config = this.#currentConfig ?? this.#editorElement()?.config;
    if (!config) return;

    download(serializeConfig(config), this.draftKey || config.destination);
  }

  handleApiMode(event: Event): void {
    this.#apiMode = (event.target as HTMLInputElement).value === 'update' ? 'update' : 'create';
    this.requestUpdate();
  }

  async handleApiCopy(): Promise<void> {
    const view = this.#apiPanel?.publicApiView(this.#currentConfig, this.#apiMode);
    if (!view || !('text' in view)) return;

    try {
      // Undefined outside a secure context (plain http): that is a refusal like any other.
      await navigator.clipboard.writeText(view.text);
      this.#apiCopy = { state: 'copied', text: view.text };
    } catch {
      this.#apiCopy = { state: 'refused', text: view.text };
    }
    this.requestUpdate();
    await this.updateComplete;

    if (this.#apiCopy.state !== 'refused') return;
    // Refused without a user gesture or a permission: the text is selected for Ctrl+C instead.
    const field = this.renderRoot.querySelector<HTMLTextAreaElement>(
      `#${this.#apiPanel?.BODY_FIELD_ID ?? ''}`,
    );
    field?.focus();
    field?.select();
  }

  handleApiDownload(): void {
    const view = this.#apiPanel?.publicApiView(this.#currentConfig, this.#apiMode);
    if (!view || !('text' in view)) return;

    const destinationId = this.#currentConfig?.destination ?? 'config';
    download(`${view.text}\n`, `${destinationId}-public-api-${this.#apiMode}`);
  }

  async #openStore(): Promise<void> {
    try {
      // The store (IndexedDB access, its record schemas, recovery of unsaved copies) loads with
      // the first draft lookup rather than with the page: until a lookup answers, the studio
      // shows that it is reading the draft, so nothing waits on this module that could render.
      const { openDraftStore } = await import('../../storage/store.js');
      const store = await openDraftStore();
      if (!this.isConnected) {
        store.close();
        return;
      }
      this.#store = store;
      this.#storeFailure = undefined;
      this.#unsubscribe = store.subscribe((change) => {
        if (change.kind === 'status') this.requestUpdate();
        else void this.#followOtherTab(change);
      });
    } catch (error) {
      this.#storeFailure = `Drafts could not be opened: ${(error as Error).message}`;
    }

    await this.#load();
  }

  /** Puts the right document in the editor: the stored draft when one exists, else the host's. */
  async #load(): Promise<void> {
    const token = ++this.#loadToken;
    const store = this.#store;
    const draftKey = this.draftKey;

    if (!draftKey || !store) {
      // Until the store answers, the editor waits rather than showing a config a draft may replace.
      this.#loading = Boolean(draftKey) && !this.#storeFailure;
      this.#origin = { kind: 'host' };
      this.#baseRevision = undefined;
      if (!this.#loading) this.#showHostConfig();
      this.requestUpdate();
      if (this.#loading) return;

      // The panels that follow the editor (simulator, Public API, batch) need its parsed document
      // before the first edit too, as they get it after a draft lookup.
      await this.updateComplete;
      if (token === this.#loadToken) this.#readBackFromEditor();
      return;
    }

    this.#loading = true;
    this.requestUpdate();

    let revision: DraftRevision | undefined;
    try {
      revision = await store.load(draftKey);
    } catch (error) {
      this.#autosaveError = `The saved draft could not be read: ${(error as Error).message}`;
    }
    if (token !== this.#loadToken) return;

    this.#loading = false;
    this.#baseRevision = revision?.revision;
    if (revision) {
      this.#origin = { kind: 'draft', revision };
      this.#editorConfig = structuredClone(revision.config);
    } else {
      this.#origin = { kind: 'host' };
      this.#showHostConfig();
    }
    this.requestUpdate();
    await this.updateComplete;

    if (token === this.#loadToken) this.#readBackFromEditor();
  }

  /**
   * Another tab saved, undid or redid the draft shown here: show its revision, so two tabs on one
   * draft see each other's edits and the next edit here is not a false conflict. An edit of this
   * tab that has not reached storage yet stays on screen instead; saving it against the old base
   * makes the store keep both versions as a conflict for the drafts panel to resolve.
   */
  async #followOtherTab(change: DraftChange): Promise<void> {
    const store = this.#store;
    const draftKey = this.draftKey;
    if (!store || !draftKey || this.readonly) return;
    if (change.origin !== 'other-tab' || change.draftKey !== draftKey) return;
    if (!['saved', 'moved', 'conflict'].includes(change.kind) || this.#autosave.dirty) return;

    const token = ++this.#loadToken;
    const revision = await store.load(draftKey);
    if (token !== this.#loadToken || !revision || this.#autosave.dirty) return;
    if (revision.revision === this.#baseRevision) return;

    this.#baseRevision = revision.revision;
    this.#origin = { kind: 'draft', revision };
    this.#editorConfig = structuredClone(revision.config);
    this.#syncNote = `Updated from another tab: now showing revision ${revision.revision}.`;
    this.requestUpdate();
    await this.updateComplete;

    this.#readBackFromEditor();
  }

  /** Hands the host's config to the editor (or, without one, the destination's default). */
  #showHostConfig(): void {
    const audience = this.audience;
    this.#editorConfig =
      this.config !== undefined && this.config !== null
        ? // A new object each time so the editor reloads it; a wrong shape goes through as it is
          // for the editor to parse and explain.
          typeof this.config === 'object'
          ? { ...this.config }
          : this.config
        : createConfig(
            this.destination || '',
            audience
              ? { connectionSettings: { includeAnonymousUsers: audience.includeAnonymousUsers } }
              : {},
          );
  }

  /** The editor parses what it is given; the simulator should run what the editor shows. */
  #readBackFromEditor(): void {
    const editor = this.#editorElement();
    if (!editor || editor.config === this.#currentConfig) return;

    this.#currentConfig = editor.config;
    this.requestUpdate();
  }

  #handleSaved(revision: SaveResult): void {
    const draftKey = revision.draftKey;

    if (revision.conflict) {
      this.#conflictNote =
        'Another tab saved this draft first. Both versions are kept in its history: choose one ' +
        'in the drafts panel.';
    } else {
      this.#baseRevision = revision.revision;
      this.#conflictNote = undefined;
    }
    this.#autosaveError = undefined;
    this.requestUpdate();

    // Only a revision that reached IndexedDB is announced; a memory-only one would be lost.
    if (this.#store?.status !== 'indexeddb') return;
    this.dispatchEvent(new IdsyncDraftSavedEvent({ draftKey, revision: revision.revision }));
  }

  async #loadApiPanel(): Promise<void> {
    try {
      this.#apiPanel = await import('./public-api-panel.js');
    } catch (error) {
      this.#apiPanelFailure = `The Public API section could not be loaded: ${(error as Error).message}`;
    }
    this.requestUpdate();
  }

  #editorElement(): IdsyncEditor | null {
    return this.renderRoot?.querySelector<IdsyncEditor>('idsync-editor') ?? null;
  }
}
