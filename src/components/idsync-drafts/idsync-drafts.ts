import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { diffConfigs, type ConfigDiff } from '../../core/diff.js';
import {
  existingDrafts,
  exportBundle,
  exportConfig,
  formatPath,
  importBundle,
  readImport,
  serializeBundle,
  type CheckedBundle,
  type ImportProblem,
} from '../../storage/bundle.js';
import { IdsyncDraftOpenEvent } from '../../storage/events.js';
import type {
  DeletedDraft,
  DraftConflict,
  DraftRevision,
  DraftSnapshot,
  DraftState,
  DraftStore,
  DraftSummary,
  QuarantineEntry,
} from '../../storage/types.js';
import type { IdSyncConfig } from '../../core/types.js';
import { draftsStyles } from './idsync-drafts.styles.js';
import { baseControls, themeTokens } from '../shared/theme.styles.js';

/** An import read and checked, waiting for the user to confirm it. */
type PendingImport =
  | { kind: 'config'; config: IdSyncConfig; draftKey: string; exists: boolean }
  | { kind: 'bundle'; bundle: CheckedBundle; existing: string[] };

const KIND_LABELS: Record<DraftRevision['kind'], string> = {
  edit: 'edit',
  restore: 'restored',
  import: 'imported',
  conflict: 'from another tab (conflict)',
  resolve: 'kept after a conflict',
};

function time(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function download(name: string, text: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = name.replace(/[^\w.-]+/g, '_');
  link.click();
  URL.revokeObjectURL(link.href);
}

/**
 * Every draft kept in this browser, and the history of the one being edited: undo and redo,
 * named snapshots, a diff between any two revisions, restore, import and export, conflicts
 * between tabs, and where drafts are stored (with the retention limits).
 *
 * Ctrl/Cmd+Z and Shift+Ctrl/Cmd+Z inside the panel undo and redo the current draft (text
 * fields keep their own undo).
 *
 * @summary Drafts of ID Sync configs with their history.
 *
 * @fires idsync-draft-open - The user opened a draft or moved it to another revision (restore,
 *   undo, redo, conflict resolution). Detail `{ draftKey, config, revision }`.
 *
 * @csspart status - Where drafts are stored, any storage problem, and the retention limits.
 * @csspart drafts-off - Says edits are not saved because there is no draft key (in `status`).
 * @csspart conflict - Two tabs saved the current draft; the user chooses which stays.
 * @csspart history - Revisions of the current draft, snapshots and the diff.
 * @csspart list - All drafts, grouped by destination.
 * @csspart transfer - Import and export.
 * @csspart quarantine - Stored records that failed the schema.
 *
 * @cssproperty --idsync-color-text - Text colour.
 * @cssproperty --idsync-color-muted - Secondary text.
 * @cssproperty --idsync-color-surface - Background.
 * @cssproperty --idsync-color-surface-alt - Button background.
 * @cssproperty --idsync-color-border - Borders.
 * @cssproperty --idsync-color-error - Error text and border.
 * @cssproperty --idsync-color-error-surface - Error background.
 * @cssproperty --idsync-color-warning - Warning text and border.
 * @cssproperty --idsync-color-warning-surface - Warning background.
 * @cssproperty --idsync-focus-ring - Focus outline.
 * @cssproperty --idsync-radius - Corner radius.
 * @cssproperty --idsync-space - Base spacing.
 * @cssproperty --idsync-font - Font shorthand.
 */
export class IdsyncDrafts extends LitElement {
  static override styles = [themeTokens, baseControls, draftsStyles];

  #unsubscribe: (() => void) | undefined;

  /** Increments per refresh, so a slow read cannot overwrite a newer one. */
  #refreshToken = 0;

  @state() private drafts: DraftSummary[] = [];

  @state() private current: DraftState | undefined;

  @state() private history: DraftRevision[] = [];

  @state() private snapshotList: DraftSnapshot[] = [];

  @state() private quarantine: QuarantineEntry[] = [];

  @state() private search = '';

  @state() private compareFrom: number | undefined;

  @state() private compareTo: number | undefined;

  @state() private renaming: string | undefined;

  @state() private deleted: DeletedDraft | undefined;

  @state() private importProblems: ImportProblem[] = [];

  @state() private pendingImport: PendingImport | undefined;

  /** What the last action did, read out by the live region. */
  @state() private message = '';

  @state() private error = '';

  /** The draft store; without one the panel says drafts are unavailable. */
  @property({ attribute: false })
  store: DraftStore | undefined;

  /** The draft being edited, whose history is shown. */
  @property({ attribute: 'draft-key' })
  draftKey = '';

  /** Catalog id of the destination being edited: its drafts are listed first. */
  @property()
  destination = '';

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.store && !this.#unsubscribe) this.#subscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('store')) {
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
      if (this.store) this.#subscribe();
    }
    if (changed.has('store') || changed.has('draftKey')) {
      this.compareFrom = undefined;
      this.compareTo = undefined;
      void this.refresh();
    }
  }

  /** Reads everything the panel shows from the store again. */
  async refresh(): Promise<void> {
    const store = this.store;
    const token = ++this.#refreshToken;
    if (!store) return;

    try {
      const drafts = await store.list();
      const current = this.draftKey ? await store.state(this.draftKey) : undefined;
      const history = this.draftKey ? await store.history(this.draftKey) : [];
      const snapshotList = this.draftKey ? await store.snapshots(this.draftKey) : [];
      const quarantine = await store.quarantined();
      if (token !== this.#refreshToken) return;

      Object.assign(this, { drafts, current, history, snapshotList, quarantine });
    } catch (error) {
      this.error = `Drafts could not be read: ${(error as Error).message}`;
    }
  }

  override render(): TemplateResult {
    const hasStore = this.store !== undefined;

    return html`
      <div @keydown=${this.handleKeydown}>
        <p class="sr-only" role="status" aria-live="polite">${this.message}</p>
        ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
        ${
          hasStore
            ? html`${this.renderStatus()} ${this.renderConflicts()} ${this.renderHistory()}
              ${this.renderList()} ${this.renderTransfer()} ${this.renderQuarantine()}`
            : html`<p>Drafts are not available yet.</p>`
        }
      </div>
    `;
  }

  private renderStatus(): TemplateResult {
    const store = this.store!;
    const inMemory = store.status === 'memory';
    const draftsOff = !this.draftKey;

    return html`
      <section part="status" aria-labelledby="status-heading">
        <h2 id="status-heading">Storage</h2>
        ${
          // Without a draft key nothing here is saved; stored drafts can still be opened, and
          // opening one gives the host a draft key, after which its edits are saved to it.
          draftsOff
            ? html`<p part="drafts-off">
                <strong>Drafts are off here:</strong> there is no draft key, so edits are not saved
                in this browser. Opening a stored draft below continues it here, and its edits are
                then saved to it.
              </p>`
            : html`<p>
                ${
                  inMemory
                    ? html`<strong>In memory only.</strong>`
                    : html`Saved in this browser (IndexedDB).`
                }
              </p>`
        }
        ${
          store.problem
            ? html`<p class="notice warning" role="alert">
                ${store.problem}
                <button type="button" @click=${this.handleRetry}>Try browser storage again</button>
              </p>`
            : nothing
        }
        ${
          draftsOff
            ? nothing
            : html`<p class="meta" id="retention">
                Keeps the last ${store.retention.maxRevisionsPerDraft} revisions of each draft, plus
                every snapshot, the current revision and anything undo, redo or a conflict can still
                reach.
              </p>`
        }
      </section>
    `;
  }

  private renderConflicts(): TemplateResult | typeof nothing {
    const conflicts = this.current?.conflicts ?? [];
    if (conflicts.length === 0) return nothing;

    return html`
      <section part="conflict" aria-labelledby="conflict-heading">
        <h2 id="conflict-heading">Conflict</h2>
        ${conflicts.map((c) => this.renderConflict(c))}
      </section>
    `;
  }

  /**
   * One conflict, worded from this tab's side: "mine" is the revision this tab wrote, which is
   * the stale one in the tab that saved late and the current one in the tab that saved first.
   */
  private renderConflict(c: DraftConflict): TemplateResult {
    // Keeping the stale revision is `resolveConflict(…, 'mine')`; keeping the current one is
    // `'theirs'`, whichever tab asks.
    const keepStale = () => this.handleResolve(c.mine, 'mine', c.mine);
    const keepCurrent = () => this.handleResolve(c.mine, 'theirs', c.theirs);
    let text: string;
    let buttons: TemplateResult;
    if (c.writtenHere === 'mine') {
      text =
        `Revision ${c.theirs}, saved from another tab, is current. Your edit here, revision ` +
        `${c.mine}, was based on an older revision. Both are kept in history.`;
      buttons = html`
        <button type="button" @click=${keepStale}>Keep mine (revision ${c.mine})</button>
        <button type="button" @click=${keepCurrent}>Take theirs (revision ${c.theirs})</button>
      `;
    } else if (c.writtenHere === 'theirs') {
      text =
        `Your edit here, revision ${c.theirs}, is current. Revision ${c.mine} was saved from ` +
        `another tab that had not seen it. Both are kept in history.`;
      buttons = html`
        <button type="button" @click=${keepCurrent}>Keep mine (revision ${c.theirs})</button>
        <button type="button" @click=${keepStale}>Take theirs (revision ${c.mine})</button>
      `;
    } else {
      // Neither revision was written by this tab (say it was reloaded since): no side is "mine".
      text =
        `This draft was changed in two places: revision ${c.theirs} is current, and revision ` +
        `${c.mine} was saved from a tab that had not seen it. Both are kept in history.`;
      buttons = html`
        <button type="button" @click=${keepCurrent}>Keep revision ${c.theirs} (current)</button>
        <button type="button" @click=${keepStale}>Keep revision ${c.mine} (saved later)</button>
      `;
    }

    return html`
      <div class="notice warning" role="alert">
        <p>${text}</p>
        ${buttons}
      </div>
    `;
  }

  private renderHistory(): TemplateResult {
    const current = this.current;
    if (!this.draftKey || !current) {
      return html`
        <section part="history" aria-labelledby="history-heading">
          <h2 id="history-heading">History</h2>
          <p>${this.draftKey ? 'This draft has no saved revision yet.' : 'No draft is open.'}</p>
        </section>
      `;
    }

    const snapshotsByRevision = new Map<number, string[]>();
    for (const s of this.snapshotList) {
      snapshotsByRevision.set(s.revision, [...(snapshotsByRevision.get(s.revision) ?? []), s.name]);
    }
    const newestFirst = [...this.history].reverse();

    return html`
      <section part="history" aria-labelledby="history-heading">
        <h2 id="history-heading">History of <bdi>${current.name}</bdi></h2>
        <div>
          <button type="button" ?disabled=${!current.canUndo} @click=${this.handleUndo}>
            Undo
          </button>
          <button type="button" ?disabled=${!current.canRedo} @click=${this.handleRedo}>
            Redo
          </button>
          <span class="meta">Current: revision ${current.pointer} of ${current.latest}</span>
        </div>
        <ol aria-label="Revisions">
          ${repeat(
            newestFirst,
            (r) => r.revision,
            (r) => {
              const isCurrent = r.revision === current.pointer;
              const names = snapshotsByRevision.get(r.revision) ?? [];
              return html`
                <li class=${isCurrent ? 'current' : ''}>
                  <span>Revision ${r.revision}</span>
                  <span class="meta">${KIND_LABELS[r.kind]}, ${time(r.savedAt)}</span>
                  ${isCurrent ? html`<span>(current)</span>` : nothing}
                  ${names.map((n) => html`<span class="meta">snapshot “<bdi>${n}</bdi>”</span>`)}
                  <button
                    type="button"
                    aria-label="Restore revision ${r.revision}"
                    ?disabled=${isCurrent}
                    @click=${() => this.handleRestore(r.revision)}
                  >
                    Restore
                  </button>
                </li>
              `;
            },
          )}
        </ol>
        ${this.renderSnapshots()} ${this.renderDiff()}
      </section>
    `;
  }

  private renderSnapshots(): TemplateResult {
    return html`
      <h3>Snapshots</h3>
      <form @submit=${this.handleSnapshot}>
        <label for="snapshot-name">Snapshot name</label>
        <input id="snapshot-name" name="name" required />
        <button type="submit">Take snapshot</button>
      </form>
      <ul aria-label="Snapshots">
        ${this.snapshotList.map(
          (s) => html`
            <li>
              <span>“<bdi>${s.name}</bdi>”: revision ${s.revision}</span>
              <span class="meta">${time(s.createdAt)}</span>
              <button
                type="button"
                aria-label="Delete snapshot ${s.name}"
                @click=${() => this.handleDeleteSnapshot(s)}
              >
                Delete
              </button>
            </li>
          `,
        )}
      </ul>
    `;
  }

  private renderDiff(): TemplateResult {
    const numbers = this.history.map((r) => r.revision);
    const to = this.compareTo ?? this.current?.pointer ?? numbers.at(-1);
    const from = this.compareFrom ?? numbers.filter((n) => n < (to ?? 0)).at(-1) ?? numbers[0];
    const a = this.history.find((r) => r.revision === from);
    const b = this.history.find((r) => r.revision === to);
    const options = (selected: number | undefined) =>
      numbers.map(
        (n) => html`<option value=${n} ?selected=${n === selected}>Revision ${n}</option>`,
      );

    return html`
      <h3>Compare</h3>
      <label for="diff-from">Compare revision</label>
      <select id="diff-from" @change=${this.handleCompareFrom}>
        ${options(from)}
      </select>
      <label for="diff-to">with revision</label>
      <select id="diff-to" @change=${this.handleCompareTo}>
        ${options(to)}
      </select>
      ${a && b ? this.renderDiffResult(diffConfigs(a.config, b.config)) : nothing}
    `;
  }

  private renderDiffResult(diff: ConfigDiff): TemplateResult {
    if (diff.same) return html`<p part="diff">No differences.</p>`;

    const show = (v: unknown) => (v === undefined ? '(none)' : String(v));
    return html`
      <ul part="diff" aria-label="Differences">
        ${diff.added.map(
          (r) => html`<li>Added row: ${r.externalId} → ${r.mapTo} (${r.strategy})</li>`,
        )}
        ${diff.removed.map(
          (r) => html`<li>Removed row: ${r.externalId} → ${r.mapTo} (${r.strategy})</li>`,
        )}
        ${diff.changed.map(
          (c) =>
            html`<li>
              Changed row ${c.externalId}:
              ${c.changes.map((x) => `${x.field} ${x.from} → ${x.to}`).join(', ')}
            </li>`,
        )}
        ${diff.settings.map((s) => html`<li>${s.path}: ${show(s.from)} → ${show(s.to)}</li>`)}
      </ul>
    `;
  }

  private renderList(): TemplateResult {
    const needle = this.search.trim().toLowerCase();
    const matches = this.drafts.filter(
      (d) =>
        !needle ||
        [d.name, d.draftKey, d.destination].some((s) => s.toLowerCase().includes(needle)),
    );
    const destinations = [...new Set(matches.map((d) => d.destination))].sort((x, y) =>
      x === this.destination ? -1 : y === this.destination ? 1 : x.localeCompare(y),
    );

    return html`
      <section part="list" aria-labelledby="list-heading">
        <h2 id="list-heading">All drafts</h2>
        <label for="search">Search drafts</label>
        <input
          id="search"
          type="search"
          .value=${this.search}
          @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)}
        />
        ${
          this.deleted
            ? html`<p class="notice" role="status">
                Deleted “<bdi>${this.deleted.summary.name}</bdi>”.
                <button type="button" @click=${this.handleUndoDelete}>Undo delete</button>
              </p>`
            : nothing
        }
        ${
          matches.length === 0
            ? html`<p>${this.drafts.length === 0 ? 'No drafts yet.' : 'No draft matches.'}</p>`
            : destinations.map(
                (dest) => html`
                  <h3><bdi>${dest}</bdi></h3>
                  <ul aria-label="Drafts for ${dest}">
                    ${repeat(
                      matches.filter((d) => d.destination === dest),
                      (d) => d.draftKey,
                      (d) => this.renderDraft(d),
                    )}
                  </ul>
                `,
              )
        }
      </section>
    `;
  }

  private renderDraft(d: DraftSummary): TemplateResult {
    const isOpen = d.draftKey === this.draftKey;
    if (this.renaming === d.draftKey) {
      return html`
        <li>
          <form @submit=${(e: SubmitEvent) => this.handleRename(e, d)}>
            <label for="rename">New name for <bdi>${d.name}</bdi></label>
            <input id="rename" name="name" required .value=${d.name} />
            <button type="submit">Save name</button>
            <button type="button" @click=${() => (this.renaming = undefined)}>Cancel</button>
          </form>
        </li>
      `;
    }

    return html`
      <li class=${isOpen ? 'current' : ''}>
        <span><bdi>${d.name}</bdi></span>
        ${d.name !== d.draftKey ? html`<span class="meta"><bdi>${d.draftKey}</bdi></span>` : nothing}
        <span class="meta">
          ${d.revisionCount} revision${d.revisionCount === 1 ? '' : 's'}, updated
          ${time(d.updatedAt)}${isOpen ? ', open' : ''}
        </span>
        <button type="button" aria-label="Open ${d.name}" @click=${() => this.handleOpen(d)}>
          Open
        </button>
        <button
          type="button"
          aria-label="Rename ${d.name}"
          @click=${() => (this.renaming = d.draftKey)}
        >
          Rename
        </button>
        <button
          type="button"
          aria-label="Duplicate ${d.name}"
          @click=${() => this.handleDuplicate(d)}
        >
          Duplicate
        </button>
        <button type="button" aria-label="Delete ${d.name}" @click=${() => this.handleDelete(d)}>
          Delete
        </button>
      </li>
    `;
  }

  private renderTransfer(): TemplateResult {
    const pending = this.pendingImport;

    return html`
      <section part="transfer" aria-labelledby="transfer-heading">
        <h2 id="transfer-heading">Import and export</h2>
        <button type="button" ?disabled=${!this.current} @click=${this.handleExportConfig}>
          Export config
        </button>
        <button
          type="button"
          ?disabled=${this.drafts.length === 0}
          @click=${this.handleExportBundle}
        >
          Export all drafts
        </button>
        <div>
          <label for="import">Import a config or drafts bundle (JSON)</label>
          <input
            id="import"
            type="file"
            accept="application/json,.json"
            aria-describedby=${this.importProblems.length > 0 ? 'import-problems' : nothing}
            aria-invalid=${this.importProblems.length > 0 ? 'true' : 'false'}
            @change=${this.handleImportFile}
          />
        </div>
        ${
          this.importProblems.length > 0
            ? html`<div class="notice error" role="alert" id="import-problems">
                <p>
                  Nothing was imported: ${this.importProblems.length}
                  problem${this.importProblems.length === 1 ? '' : 's'}.
                </p>
                <ul aria-label="Import problems">
                  ${this.importProblems.map(
                    (p) => html`<li><code>${formatPath(p.path)}</code>: ${p.message}</li>`,
                  )}
                </ul>
              </div>`
            : nothing
        }
        ${pending ? this.renderConfirm(pending) : nothing}
      </section>
    `;
  }

  private renderConfirm(pending: PendingImport): TemplateResult {
    const count = pending.kind === 'bundle' ? pending.bundle.drafts.length : 0;
    const drafts = `${count} draft${count === 1 ? '' : 's'}`;
    const text =
      pending.kind === 'config'
        ? pending.exists
          ? html`Import this config as a new revision of “<bdi>${pending.draftKey}</bdi>”? Its
            history is kept.`
          : html`Import this config as a new draft “<bdi>${pending.draftKey}</bdi>”?`
        : pending.existing.length > 0
          ? html`Import ${drafts}?
            ${pending.existing.map((k, i) => html`${i > 0 ? ', ' : ''}<bdi>${k}</bdi>`)}
            ${pending.existing.length === 1 ? 'already exists' : 'already exist'} here: the imported
            revisions are added after their history.`
          : html`Import ${drafts}?`;

    return html`
      <div class="notice warning" role="alertdialog" aria-label="Confirm import">
        <p>${text}</p>
        <button type="button" @click=${this.handleConfirmImport}>Import</button>
        <button type="button" @click=${() => (this.pendingImport = undefined)}>Cancel</button>
      </div>
    `;
  }

  private renderQuarantine(): TemplateResult {
    return html`
      <section part="quarantine" aria-labelledby="quarantine-heading">
        <h2 id="quarantine-heading">Quarantined records (${this.quarantine.length})</h2>
        ${
          this.quarantine.length === 0
            ? html`<p class="meta">Every stored record is readable.</p>`
            : html`<p>
                  These stored records failed the schema and were set aside; everything else keeps
                  working.
                </p>
                <ul aria-label="Quarantined records">
                  ${this.quarantine.map(
                    (q) =>
                      html`<li>
                        <span><bdi>${q.store}</bdi> <bdi>${q.key}</bdi></span>
                        <span class="meta">${q.reason} (${time(q.quarantinedAt)})</span>
                      </li>`,
                  )}
                </ul>`
        }
      </section>
    `;
  }

  // ---- handlers -------------------------------------------------------------------------------

  private handleKeydown = (event: KeyboardEvent): void => {
    if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 'z') return;
    const target = event.composedPath()[0];
    // Text fields keep the browser's own text undo.
    if (target instanceof HTMLInputElement && target.type !== 'file') return;

    event.preventDefault();
    void (event.shiftKey ? this.handleRedo() : this.handleUndo());
  };

  private handleUndo = async (): Promise<void> => {
    await this.#move(() => this.store!.undo(this.draftKey), 'Undone');
  };

  private handleRedo = async (): Promise<void> => {
    await this.#move(() => this.store!.redo(this.draftKey), 'Redone');
  };

  private async handleRestore(revision: number): Promise<void> {
    await this.#move(
      () => this.store!.restore(this.draftKey, revision),
      `Revision ${revision} restored`,
    );
  }

  private async handleResolve(
    mine: number,
    choice: 'mine' | 'theirs',
    kept: number,
  ): Promise<void> {
    await this.#move(
      () => this.store!.resolveConflict(this.draftKey, mine, choice),
      `Kept the version of revision ${kept}`,
    );
  }

  private handleOpen = async (d: DraftSummary): Promise<void> => {
    const rev = await this.#run(() => this.store!.load(d.draftKey));
    if (!rev) return;

    this.message = `Opened ${d.name}, revision ${rev.revision}.`;
    this.#open(rev);
  };

  private async handleRename(event: SubmitEvent, d: DraftSummary): Promise<void> {
    event.preventDefault();
    const name = new FormData(event.target as HTMLFormElement).get('name');
    if (typeof name !== 'string' || !name.trim()) return;

    await this.#run(() => this.store!.rename(d.draftKey, name.trim()));
    this.renaming = undefined;
    this.message = `Renamed to ${name.trim()}.`;
    await this.refresh();
  }

  private async handleDuplicate(d: DraftSummary): Promise<void> {
    const taken = new Set(this.drafts.map((x) => x.draftKey));
    let n = 1;
    while (taken.has(`${d.draftKey} copy ${n}`)) n++;

    const copy = await this.#run(() =>
      this.store!.duplicate(d.draftKey, `${d.draftKey} copy ${n}`, `${d.name} (copy ${n})`),
    );
    if (copy) this.message = `Duplicated as ${copy.name}.`;
    await this.refresh();
  }

  private async handleDelete(d: DraftSummary): Promise<void> {
    const deleted = await this.#run(() => this.store!.remove(d.draftKey));
    this.deleted = deleted;
    this.message = `Deleted ${d.name}. Undo delete is available.`;
    await this.refresh();
  }

  private handleUndoDelete = async (): Promise<void> => {
    const deleted = this.deleted;
    if (!deleted) return;

    await this.#run(() => this.store!.restoreDeleted(deleted));
    this.deleted = undefined;
    this.message = `${deleted.summary.name} is back.`;
    await this.refresh();
  };

  private async handleSnapshot(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = new FormData(form).get('name');
    if (typeof name !== 'string' || !name.trim() || !this.current) return;

    const snap = await this.#run(() => this.store!.snapshot(this.draftKey, name.trim()));
    if (snap) {
      form.reset();
      this.message = `Snapshot “${snap.name}” of revision ${snap.revision} taken.`;
    }
    await this.refresh();
  }

  private async handleDeleteSnapshot(s: DraftSnapshot): Promise<void> {
    await this.#run(() => this.store!.deleteSnapshot(s.id));
    this.message = `Snapshot “${s.name}” deleted; revision ${s.revision} stays in history.`;
    await this.refresh();
  }

  private handleCompareFrom = (event: Event): void => {
    this.compareFrom = Number((event.target as HTMLSelectElement).value);
  };

  private handleCompareTo = (event: Event): void => {
    this.compareTo = Number((event.target as HTMLSelectElement).value);
  };

  private handleRetry = async (): Promise<void> => {
    const ok = await this.#run(() => this.store!.retry());
    this.message = ok ? 'Drafts are saved in the browser again.' : 'Browser storage still fails.';
    this.requestUpdate();
    await this.refresh();
  };

  private handleExportConfig = async (): Promise<void> => {
    const rev = await this.#run(() => this.store!.load(this.draftKey));
    if (rev) download(`${this.draftKey}.json`, exportConfig(rev.config));
  };

  private handleExportBundle = async (): Promise<void> => {
    const bundle = await this.#run(() => exportBundle(this.store!));
    if (bundle) download('idsync-drafts.json', serializeBundle(bundle));
  };

  private handleImportFile = async (event: Event): Promise<void> => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;

    await this.importText(await file.text());
    input.value = '';
  };

  /** Checks a file's text and, when it is sound, asks the user to confirm the import. */
  async importText(text: string): Promise<void> {
    this.pendingImport = undefined;
    const read = readImport(text, { destination: this.destination || undefined });
    if (!read.ok) {
      this.importProblems = read.problems;
      return;
    }

    this.importProblems = [];
    const store = this.store!;
    if (read.kind === 'config') {
      const draftKey = this.draftKey || `imported ${read.config.destination}`;
      const exists = (await store.state(draftKey)) !== undefined;
      this.pendingImport = { kind: 'config', config: read.config, draftKey, exists };
    } else {
      const existing = await existingDrafts(store, read.bundle);
      this.pendingImport = { kind: 'bundle', bundle: read.bundle, existing };
    }
  }

  private handleConfirmImport = async (): Promise<void> => {
    const pending = this.pendingImport;
    if (!pending) return;

    this.pendingImport = undefined;
    if (pending.kind === 'config') {
      const rev = await this.#run(() =>
        this.store!.save(pending.draftKey, pending.config, { kind: 'import' }),
      );
      if (rev) {
        this.message = `Imported as revision ${rev.revision}.`;
        this.#open(rev);
      }
    } else {
      const currents = await this.#run(() => importBundle(this.store!, pending.bundle));
      const count = pending.bundle.drafts.length;
      if (currents) this.message = `Imported ${count} draft${count === 1 ? '' : 's'}.`;
      // The draft being edited may now have another current revision: the editor must show it,
      // or its next autosave would be based on a revision that is no longer current.
      const open = currents?.find((r) => r.draftKey === this.draftKey);
      if (open) this.#open(open);
    }
    await this.refresh();
  };

  // ---- helpers --------------------------------------------------------------------------------

  #subscribe(): void {
    this.#unsubscribe = this.store!.subscribe(() => void this.refresh());
  }

  /** Runs a store call, showing its failure in the panel instead of throwing. */
  async #run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    this.error = '';
    try {
      return await fn();
    } catch (error) {
      this.error = (error as Error).message;
      return undefined;
    }
  }

  async #move(fn: () => Promise<DraftRevision | undefined>, verb: string): Promise<void> {
    if (!this.store || !this.draftKey) return;

    const rev = await this.#run(fn);
    await this.refresh();
    if (!rev) return;

    this.message = `${verb}: revision ${rev.revision} is current.`;
    this.#open(rev);
  }

  #open(rev: DraftRevision): void {
    this.dispatchEvent(
      new IdsyncDraftOpenEvent({
        draftKey: rev.draftKey,
        config: rev.config,
        revision: rev.revision,
      }),
    );
  }
}
