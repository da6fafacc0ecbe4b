// The panel renders <idsync-studio>: this registers it (and the elements inside it).
import '../define.js';
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { destinations } from '../core/catalog.js';
import { lintConfig } from '../core/lint.js';
import type { Finding, IdSyncConfig } from '../core/types.js';
import type { IdsyncStudio } from '../components/idsync-studio/idsync-studio.js';
import type { IdsyncDraftSavedEvent } from '../events.js';
import { chromeApi, type MessageSender } from './chrome-api.js';
import { activeTab, inspectTab } from './inject.js';
import { describeIssues, type InspectedEvent, InspectorMessage } from './messages.js';
import { z } from '../core/zod-setup.js';

/** How many relayed events the panel keeps; `idsync-change` fires on every edit. */
const MAX_ENTRIES = 200;

/** How many rows and findings one entry lists; a page may send a config of thousands of rows. */
const MAX_LISTED = 20;

/** One relayed studio event as the panel lists it. */
interface LogEntry {
  id: number;
  session: string;
  page: string;
  time: number;
  event: InspectedEvent;
  /** `lintConfig` re-run here on the relayed config, or why it could not run. */
  lint?: { findings: Finding[] } | { problem: string };
}

/** An inspected tab: where its session's messages must come from. */
interface Session {
  tabId: number;
  page: string;
}

type Status = { tone: 'info' | 'error'; text: string };

function draftKeyFor(destination: string): string {
  return `qa:${destination}`;
}

function relint(config: IdSyncConfig): LogEntry['lint'] {
  try {
    return { findings: lintConfig(config) };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

function configOf(event: InspectedEvent): IdSyncConfig | undefined {
  return event.type === 'idsync-draft-saved' ? undefined : event.detail.config;
}

/**
 * The extension's side panel: a full `<idsync-studio>` whose drafts live in the extension's own
 * IndexedDB, and an inspector that lists what studios embedded in a web page report.
 *
 * The inspector starts only when the user presses "Inspect this tab" (see `inject.ts` for the
 * permission model). Every message from the inspected page is validated; what fails is counted
 * and the latest reason shown, never silently dropped.
 */
export class IdsyncQaPanel extends LitElement {
  static override styles = css`
    :host {
      --_fg: var(--idsync-color-text, #1d232b);
      --_muted: var(--idsync-color-muted, #4d5763);
      --_bg: var(--idsync-color-surface, #ffffff);
      --_bg-alt: var(--idsync-color-surface-alt, #f3f5f7);
      --_border: var(--idsync-color-border, #8a94a0);
      --_error: var(--idsync-color-error, #a3141e);
      --_warning: var(--idsync-color-warning, #7a4b00);
      --_space: var(--idsync-space, 0.75rem);

      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: var(--_space);
      padding: var(--_space);
      color: var(--_fg);
      background: var(--_bg);
      color-scheme: light dark;
      font: var(--idsync-font, 0.95rem/1.45 system-ui, sans-serif);
      /* A side panel can be 360 px wide: keys and URLs without spaces must wrap, not widen it. */
      min-width: 0;
      max-width: 100%;
      box-sizing: border-box;
      overflow-wrap: anywhere;
    }

    /* A select is as wide as its longest option (a destination's full name) unless capped; as a
       grid item it also needs a zero minimum to shrink. */
    select,
    input,
    button {
      min-width: 0;
      max-width: 100%;
    }

    /* Grid items default to their min-content width; zero lets long content wrap inside them. */
    :host > *,
    section > *,
    form > *,
    li.entry > * {
      min-width: 0;
    }

    @media (prefers-color-scheme: dark) {
      :host {
        --_fg: var(--idsync-color-text, #e7eaee);
        --_muted: var(--idsync-color-muted, #b4bcc6);
        --_bg: var(--idsync-color-surface, #161a1f);
        --_bg-alt: var(--idsync-color-surface-alt, #222831);
        --_border: var(--idsync-color-border, #6f7a87);
        --_error: var(--idsync-color-error, #ffb4ab);
        --_warning: var(--idsync-color-warning, #ffd58a);
      }
    }

    h1,
    h2,
    h3 {
      margin: 0;
      line-height: 1.2;
    }

    h1 {
      font-size: 1.15rem;
    }

    h2 {
      font-size: 1.05rem;
    }

    h3 {
      font-size: 0.95rem;
    }

    form {
      display: grid;
      gap: calc(var(--_space) / 2);
    }

    label {
      display: grid;
      gap: 0.2rem;
      font-weight: 600;
    }

    select,
    input,
    button {
      max-width: 100%;
      font: inherit;
      color: inherit;
      background: var(--_bg-alt);
      border: 1px solid var(--_border);
      border-radius: 4px;
      padding: 0.3rem 0.5rem;
    }

    button {
      cursor: pointer;
      justify-self: start;
    }

    section {
      display: grid;
      gap: calc(var(--_space) / 2);
      border-top: 1px solid var(--_border);
      padding-top: var(--_space);
    }

    .note,
    .meta {
      color: var(--_muted);
      margin: 0;
    }

    [data-tone='error'] {
      color: var(--_error);
      font-weight: 600;
    }

    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: calc(var(--_space) / 2);
    }

    li.entry {
      border: 1px solid var(--_border);
      border-radius: 6px;
      padding: calc(var(--_space) / 2);
      display: grid;
      gap: 0.3rem;
      overflow-wrap: anywhere;
    }

    .finding[data-severity='error'] {
      color: var(--_error);
    }

    .finding[data-severity='warning'] {
      color: var(--_warning);
    }

    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
    }

    /* Explicit colours: the browser's own code style is not themed and stayed light in dark mode. */
    code {
      font-size: 0.9em;
      color: inherit;
      background: var(--_bg-alt);
      border-radius: 3px;
      padding: 0 0.2em;
    }

    .stack {
      display: grid;
      gap: calc(var(--_space) / 2);
    }

    .stack > * {
      min-width: 0;
    }

    .disclosure {
      font-weight: 700;
      justify-self: stretch;
      text-align: start;
    }

    [hidden] {
      display: none;
    }
  `;

  private readonly sessions = new Map<string, Session>();

  /** Rejected posts per session, as the content scripts count them. */
  private readonly rejectedBySession = new Map<string, number>();

  private nextEntryId = 1;

  @query('idsync-studio') private studio!: IdsyncStudio | null;

  @query('#studio-section') private studioSection!: HTMLElement | null;

  /** Whether the inspector's section is expanded; it comes first, so it can be folded away. */
  @state() private inspectorOpen = true;

  @state() private destination = destinations[0]?.id ?? '';

  @state() private draftKey = draftKeyFor(destinations[0]?.id ?? '');

  /** A config the user chose to simulate; it stays until the draft key or destination changes. */
  @state() private loaded: LogEntry | undefined;

  @state() private entries: LogEntry[] = [];

  /** Messages this panel refused itself (not in the schema, or from the wrong tab). */
  @state() private refusedHere = 0;

  @state() private rejectedTotal = 0;

  @state() private lastRejection = '';

  @state() private inspectorStatus: Status = {
    tone: 'info',
    text: 'Not inspecting. Open a page that embeds the studio and press "Inspect this tab".',
  };

  @state() private studioStatus = '';

  override connectedCallback(): void {
    super.connectedCallback();
    chromeApi().runtime.onMessage.addListener(this.handleRuntimeMessage);
  }

  override disconnectedCallback(): void {
    chromeApi().runtime.onMessage.removeListener(this.handleRuntimeMessage);
    super.disconnectedCallback();
  }

  override render(): TemplateResult {
    const loadedConfig = this.loaded ? configOf(this.loaded.event) : undefined;

    return html`
      <h1>idsync-studio</h1>
      ${this.renderInspector()}
      <section id="studio-section" aria-labelledby="studio-title" tabindex="-1">
        <h2 id="studio-title">Studio</h2>
        ${this.renderConnection()}
        ${
          loadedConfig
            ? html`<p class="note" role="note">
                Showing the ${this.loaded?.event.type} config from
                <bdi>${this.loaded?.page}</bdi>. Nothing is autosaved until you press "Save as
                draft" on its entry.
              </p>`
            : nothing
        }
        <idsync-studio
          .destination=${this.destination}
          .config=${loadedConfig}
          draft-key=${this.loaded ? '' : this.draftKey}
          @idsync-draft-saved=${this.handleDraftSaved}
        ></idsync-studio>
        <p class="meta" role="status" id="studio-status">${this.studioStatus}</p>
      </section>
    `;
  }

  private renderConnection(): TemplateResult {
    return html`
      <form @submit=${(e: Event) => e.preventDefault()}>
        <label>
          Destination
          <select @change=${this.handleDestinationChange}>
            ${destinations.map(
              (d) =>
                html`<option value=${d.id} ?selected=${d.id === this.destination}>
                  ${d.name} (${d.kind})
                </option>`,
            )}
          </select>
        </label>
        <label>
          Draft key
          <input
            .value=${this.draftKey}
            aria-describedby="draft-key-help"
            @change=${this.handleDraftKeyChange}
          />
        </label>
        <p id="draft-key-help" class="note">
          Drafts are kept in this extension's own storage under this key, with their history.
        </p>
      </form>
    `;
  }

  private renderInspector(): TemplateResult {
    return html`
      <section aria-labelledby="inspector-title">
        <h2 id="inspector-title">
          <button
            type="button"
            class="disclosure"
            aria-expanded=${this.inspectorOpen ? 'true' : 'false'}
            aria-controls="inspector-body"
            @click=${this.handleToggleInspector}
          >
            Inspector
          </button>
        </h2>
        <div id="inspector-body" ?hidden=${!this.inspectorOpen}>${this.renderInspectorBody()}</div>
      </section>
    `;
  }

  private renderInspectorBody(): TemplateResult {
    const rejected = this.rejectedTotal + this.refusedHere;

    return html`
      <div class="stack">
        <p class="note">
          Lists the <code>idsync-change</code>, <code>idsync-finalize</code> and
          <code>idsync-draft-saved</code> events of studios embedded in the active tab. Click the
          toolbar icon on that tab first: it grants the access the inspector needs.
        </p>
        <button type="button" @click=${this.handleInspect}>Inspect this tab</button>
        <p role="status" data-tone=${this.inspectorStatus.tone} id="inspector-status">
          ${this.inspectorStatus.text}
        </p>
        <p class="meta" id="rejected">
          ${`Rejected messages: ${rejected}`}${
            rejected > 0 ? html` (latest: <bdi>${this.lastRejection}</bdi>)` : nothing
          }
        </p>
        ${
          this.entries.length === 0
            ? html`<p class="note">No events yet.</p>`
            : html`<ol aria-label="Inspected events">
                ${repeat(
                  this.entries,
                  (entry) => entry.id,
                  (entry) => this.renderEntry(entry),
                )}
              </ol>`
        }
      </div>
    `;
  }

  private renderEntry(entry: LogEntry): TemplateResult {
    const config = configOf(entry.event);
    const at = new Date(entry.time);
    const headingId = `entry-${entry.id}`;

    return html`
      <li class="entry" aria-labelledby=${headingId}>
        <h3 id=${headingId}>
          <time datetime=${at.toISOString()}>${at.toLocaleTimeString()}</time>
          · ${entry.event.type}
        </h3>
        <p class="meta"><bdi>${entry.page}</bdi></p>
        ${config ? this.renderConfigSummary(config, entry) : this.renderDraftSaved(entry)}
      </li>
    `;
  }

  private renderDraftSaved(entry: LogEntry): TemplateResult {
    if (entry.event.type !== 'idsync-draft-saved') return html``;

    const { draftKey, revision } = entry.event.detail;
    return html`<p>
      Draft <code><bdi>${draftKey}</bdi></code> saved as revision ${revision}.
    </p>`;
  }

  private renderConfigSummary(config: IdSyncConfig, entry: LogEntry): TemplateResult {
    const rows = config.idSyncConfiguration;
    const setup =
      config.setup === 'customized'
        ? `Customized Setup, ${rows.length} identifier${rows.length === 1 ? '' : 's'}`
        : 'Default Setup';

    return html`
      <p>
        <code><bdi>${config.destination}</bdi></code> · ${setup}
      </p>
      ${
        rows.length > 0
          ? html`<ul class="meta">
              ${rows
                .slice(0, MAX_LISTED)
                .map(
                  (r) =>
                    html`<li>
                      <bdi>${r.externalId}</bdi> → <bdi>${r.mapTo}</bdi> (${r.strategy})
                    </li>`,
                )}
            </ul>`
          : nothing
      }
      ${this.renderMore(rows.length, 'row')} ${this.renderLint(entry)}
      <div class="actions">
        <button type="button" @click=${() => this.handleSimulate(entry)}>
          Simulate this config
        </button>
        <button type="button" @click=${() => this.handleSaveAsDraft(entry)}>Save as draft</button>
      </div>
    `;
  }

  private renderLint(entry: LogEntry): TemplateResult {
    const lint = entry.lint;

    if (!lint) return html``;
    if ('problem' in lint) {
      return html`<p class="lint" data-tone="error">
        Lint could not run on this config: ${lint.problem}
      </p>`;
    }
    if (lint.findings.length === 0) return html`<p class="lint">Lint: no findings.</p>`;
    return html`
      <ul class="lint" aria-label="Lint findings">
        ${lint.findings.slice(0, MAX_LISTED).map(
          (f) =>
            html`<li class="finding" data-severity=${f.severity}>
              <strong>${f.severity === 'error' ? 'Error' : 'Warning'}</strong>
              <code>${f.code}</code>${
                f.path.length > 0 ? html` at <code>${f.path.join('.')}</code>` : nothing
              }:
              ${f.message}
            </li>`,
        )}
      </ul>
      ${this.renderMore(lint.findings.length, 'finding')}
    `;
  }

  private renderMore(count: number, noun: string): TemplateResult | typeof nothing {
    const more = count - MAX_LISTED;
    if (more <= 0) return nothing;

    return html`<p class="meta more">and ${more} more ${noun}${more === 1 ? '' : 's'}</p>`;
  }

  private readonly handleRuntimeMessage = (message: unknown, sender: MessageSender): void => {
    const parsed = z.safeParse(InspectorMessage, message);

    if (!parsed.success) {
      this.refuse(describeIssues(parsed.error));
      return;
    }
    const data = parsed.data;
    const session = this.sessions.get(data.session);
    // Another panel (say the same panel open as a tab) runs its own sessions; not ours to judge.
    if (!session) return;
    if (sender.id !== chromeApi().runtime.id || sender.tab?.id !== session.tabId) {
      this.refuse(`a message for this session came from another sender (${sender.url ?? '?'})`);
      return;
    }

    if (data.kind === 'idsync-inspector-rejected') {
      this.rejectedBySession.set(data.session, data.total);
      this.rejectedTotal = [...this.rejectedBySession.values()].reduce((a, b) => a + b, 0);
      this.lastRejection = `${data.page}: ${data.reason}`;
      return;
    }
    const config = configOf(data.event);
    const entry: LogEntry = {
      id: this.nextEntryId++,
      session: data.session,
      page: data.page,
      time: data.time,
      event: data.event,
      lint: config ? relint(config) : undefined,
    };
    this.entries = [entry, ...this.entries].slice(0, MAX_ENTRIES);
  };

  private refuse(reason: string): void {
    this.refusedHere += 1;
    this.lastRejection = reason;
  }

  private async handleInspect(): Promise<void> {
    this.inspectorStatus = { tone: 'info', text: 'Starting the inspector…' };

    try {
      const tab = await activeTab();
      const tabId = tab.id as number;
      const session = await inspectTab(tabId);
      // With activeTab granted the URL is visible; show only origin and path, as relayed.
      const page = tab.url ? `${new URL(tab.url).origin}${new URL(tab.url).pathname}` : 'this tab';
      this.sessions.set(session, { tabId, page });
      this.inspectorStatus = { tone: 'info', text: `Inspecting ${page}.` };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.inspectorStatus = { tone: 'error', text };
    }
  }

  private handleDestinationChange(event: Event): void {
    const destination = (event.target as HTMLSelectElement).value;

    this.loaded = undefined;
    this.destination = destination;
    this.draftKey = draftKeyFor(destination);
  }

  private handleDraftKeyChange(event: Event): void {
    const draftKey = (event.target as HTMLInputElement).value.trim();

    this.loaded = undefined;
    this.draftKey = draftKey;
  }

  private handleDraftSaved(event: IdsyncDraftSavedEvent): void {
    const { draftKey, revision } = event.detail;

    this.studioStatus = `Draft ${draftKey} saved (revision ${revision}).`;
  }

  private handleToggleInspector(): void {
    this.inspectorOpen = !this.inspectorOpen;
  }

  /** Loads the config, then brings the studio (below the inspector) into view with focus. */
  private async handleSimulate(entry: LogEntry): Promise<void> {
    const config = configOf(entry.event);
    if (!config) return;

    this.destination = config.destination;
    this.loaded = entry;
    this.studioStatus = `Loaded the ${entry.event.type} config from ${entry.page} into the studio.`;

    await this.updateComplete;

    this.studioSection?.scrollIntoView({ block: 'start' });
    this.studioSection?.focus({ preventScroll: true });
  }

  /** Appends the relayed config as a revision of the draft `inspected:<destination>` (kind
   * `import`, so history tells it from an edit), then opens that draft in the studio. */
  private async handleSaveAsDraft(entry: LogEntry): Promise<void> {
    const config = configOf(entry.event);
    const studio = this.studio;
    if (!config || !studio) return;

    const draftKey = `inspected:${config.destination}`;
    try {
      await studio.ready;
      const store = studio.store;
      if (!store) throw new Error("the studio's draft store is not open");
      const saved = await store.save(draftKey, config, { kind: 'import' });

      this.loaded = undefined;
      this.destination = config.destination;
      this.draftKey = draftKey;
      this.studioStatus = `Saved the config from ${entry.page} as draft ${draftKey} (revision ${saved.revision}).`;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.studioStatus = `Could not save the config as draft ${draftKey}: ${reason}`;
    }
  }
}
