/**
 * Saves a config a moment after the last edit, and at once when the page is hidden or unloaded,
 * so a keystroke followed by closing the tab is not lost. An IndexedDB write started while the
 * page unloads may never commit, so on hide the store also keeps a synchronous copy of every
 * unconfirmed save in localStorage (`DraftStore.preserveUnsaved`), recovered on the next load.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { IdSyncConfig } from '../core/types.js';
import type { DraftRevision, DraftStore, SaveResult } from './types.js';

export interface AutosaveOptions {
  store: () => DraftStore | undefined;
  draftKey: () => string | undefined;
  /** Debounce after the last `schedule`, in ms; default 400. */
  delay?: number;
  /**
   * Saves the first edit after a quiet `delay` at once instead of waiting (later edits in the
   * burst are still debounced), so the time an edit spends only in memory is as short as it can
   * be. Default false.
   */
  leading?: boolean;
  /**
   * The revision the edited config was based on, for conflict detection. When omitted the
   * controller uses the last revision it saved.
   */
  baseRevision?: () => number | undefined;
  onSaved: (revision: SaveResult) => void;
  onError: (message: string) => void;
}

export class AutosaveController implements ReactiveController {
  private pending: { draftKey: string; config: IdSyncConfig } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSaved: DraftRevision | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  /** When the last save started (ms since epoch), for the leading edge. */
  private lastFlushAt = -Infinity;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: AutosaveOptions,
  ) {
    host.addController(this);
  }

  /** True while an edit waits for its save. */
  get dirty(): boolean {
    return this.pending !== undefined;
  }

  hostConnected(): void {
    window.addEventListener('pagehide', this.onPageHide);
    document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.onPageHide);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    // Leaving the page (or the studio) is not a reason to drop the last edit.
    void this.flush();
  }

  /** Remembers `config` and saves it after `delay` ms without another call. */
  schedule(config: IdSyncConfig): void {
    const draftKey = this.options.draftKey();
    if (!draftKey) return;

    this.pending = { draftKey, config };
    clearTimeout(this.timer);
    const delay = this.options.delay ?? 400;
    if (this.options.leading && Date.now() - this.lastFlushAt >= delay) {
      void this.flush();
      return;
    }

    this.timer = setTimeout(() => void this.flush(), delay);
  }

  /**
   * Saves the pending edit now. The store's write starts synchronously, which is what lets a
   * `pagehide` handler get it into IndexedDB before the page goes.
   */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    const store = this.options.store();
    const pending = this.pending;
    if (!store || !pending) return this.inFlight;

    this.pending = undefined;
    this.lastFlushAt = Date.now();
    const base =
      this.options.baseRevision?.() ??
      (this.lastSaved?.draftKey === pending.draftKey ? this.lastSaved.revision : undefined);
    const saving = store.save(pending.draftKey, pending.config, { baseRevision: base }).then(
      (rev) => {
        this.lastSaved = rev;
        this.options.onSaved(rev);
      },
      (error: unknown) => {
        // Put the edit back so the next flush tries again instead of dropping it.
        this.pending ??= pending;
        this.options.onError(
          `The draft could not be saved: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
    this.inFlight = this.inFlight.then(() => saving);
    return this.inFlight;
  }

  /**
   * The page may be going away: start the IndexedDB write, and have the store copy whatever it
   * has not confirmed (that write included) to localStorage before this handler returns.
   */
  private saveBeforeLeaving(): void {
    void this.flush();
    this.options.store()?.preserveUnsaved();
  }

  private readonly onPageHide = (): void => {
    this.saveBeforeLeaving();
  };

  private readonly onVisibilityChange = (): void => {
    // A hidden page can be discarded without a pagehide (mobile browsers, tab freezing).
    if (document.visibilityState === 'hidden') this.saveBeforeLeaving();
  };
}
