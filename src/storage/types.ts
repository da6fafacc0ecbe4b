import type { IdSyncConfig } from '../core/types.js';

/** Why a revision exists. Every kind is a full config: history never stores patches. */
export type RevisionKind =
  /** A user edit (autosave or Save). */
  | 'edit'
  /** An older revision brought back as a new one. */
  | 'restore'
  /** A config or a bundle read from a file. */
  | 'import'
  /** An edit based on a revision another tab had already moved past; kept, not applied. */
  | 'conflict'
  /** The outcome of "keep mine" on a conflict. */
  | 'resolve';

/** One saved state of a draft. Revisions are append-only: undo moves a pointer, never deletes. */
export interface DraftRevision {
  draftKey: string;
  /** 1, 2, 3… per draft. */
  revision: number;
  config: IdSyncConfig;
  /** ISO time the revision was written. */
  savedAt: string;
  kind: RevisionKind;
  /** The revision this one was based on (what the editor showed), or null for the first. */
  parent: number | null;
  /** Which store instance (tab) wrote it; undefined for imports and records from older versions. */
  writer?: string;
}

/** Two versions of one draft written from different tabs: `mine` was based on a stale revision. */
export interface DraftConflict {
  /** The revision saved from the stale tab (kind `conflict`). */
  mine: number;
  /** The draft's current revision when `mine` arrived. */
  theirs: number;
  /** ISO time the conflict was detected. */
  at: string;
  /**
   * Which of the two revisions this tab wrote, as the store that read the conflict knows it:
   * `mine` and `theirs` are named from the stale tab's side, so the tab whose edit is current
   * sees `'theirs'` here. Undefined when this tab wrote neither (another tab, or before a reload).
   */
  writtenHere?: 'mine' | 'theirs';
}

/** What `save` returns: the new revision, and the conflict when its base was stale. */
export interface SaveResult extends DraftRevision {
  /** Set when the save did not move the draft because another tab had saved first. */
  conflict?: DraftConflict;
}

/** A draft as the drafts panel lists it. */
export interface DraftSummary {
  draftKey: string;
  /** Display name; the draft key until the user renames it. */
  name: string;
  destination: string;
  createdAt: string;
  updatedAt: string;
  /** The revision the editor shows (moves on undo and redo). */
  pointer: number;
  /** The highest revision number written. */
  latest: number;
  /** How many revisions are kept. */
  revisionCount: number;
  conflicts: DraftConflict[];
}

/** Undo/redo and conflict state of one draft. */
export interface DraftState extends DraftSummary {
  canUndo: boolean;
  canRedo: boolean;
}

/** A named revision, kept whatever the retention policy. */
export interface DraftSnapshot {
  id: number;
  draftKey: string;
  revision: number;
  name: string;
  createdAt: string;
}

/** A stored record that failed the schema; moved aside so the rest keeps working. */
export interface QuarantineEntry {
  id: number;
  /** The object store it came from. */
  store: string;
  /** Its key there, as JSON. */
  key: string;
  /** The record as it was read. */
  record: unknown;
  /** What was wrong, with paths. */
  reason: string;
  quarantinedAt: string;
}

/** The limits the store prunes history to; shown to the user. */
export interface RetentionPolicy {
  /** Revisions kept per draft (the newest). Snapshotted and current revisions are kept too. */
  maxRevisionsPerDraft: number;
}

/** A draft removed by `remove`, with everything needed to put it back. */
export interface DeletedDraft {
  summary: DraftSummary;
  revisions: DraftRevision[];
  snapshots: DraftSnapshot[];
}

/** What changed; sent to `subscribe` listeners for this tab's and other tabs' changes. */
export interface DraftChange {
  /** Undefined for store-wide changes (status, quarantine). */
  draftKey: string | undefined;
  kind: 'saved' | 'moved' | 'removed' | 'renamed' | 'snapshot' | 'conflict' | 'status';
  /** The draft's current revision after the change, when there is one. */
  revision?: number;
  origin: 'this-tab' | 'other-tab';
}

export type DraftListener = (change: DraftChange) => void;

export type StorageStatus = 'indexeddb' | 'memory';

/** The storage behind `<idsync-studio>`: IndexedDB when it works, memory when it does not. */
export interface DraftStore {
  /** Where writes go now. */
  readonly status: StorageStatus;
  /** Why the store is not (only) on IndexedDB, in words a user can act on; persists until fixed. */
  readonly problem: string | undefined;
  readonly retention: RetentionPolicy;
  /** The current revision of a draft, or undefined when none is stored. */
  load(draftKey: string): Promise<DraftRevision | undefined>;
  /**
   * Appends a revision and returns it. With a stale `baseRevision` (another tab saved meanwhile)
   * the revision is kept in history as a conflict and the draft does not move.
   */
  save(
    draftKey: string,
    config: IdSyncConfig,
    options?: { baseRevision?: number; kind?: RevisionKind },
  ): Promise<SaveResult>;
  /**
   * Writes every save IndexedDB has not confirmed yet to `localStorage`, synchronously, for a
   * page that is being hidden or unloaded; the next `openDraftStore` saves each one unless
   * IndexedDB got it after all. False when `localStorage` is unavailable or full: then only the
   * IndexedDB writes already started protect those edits.
   */
  preserveUnsaved(): boolean;
  /** Removes a draft and its history. */
  discard(draftKey: string): Promise<void>;
  /** Changes from this tab and from other tabs. Returns an unsubscribe function. */
  subscribe(listener: DraftListener): () => void;
  close(): void;

  /** Every draft, newest first. */
  list(): Promise<DraftSummary[]>;
  state(draftKey: string): Promise<DraftState | undefined>;
  /** Kept revisions of a draft, oldest first. */
  history(draftKey: string): Promise<DraftRevision[]>;
  revision(draftKey: string, revision: number): Promise<DraftRevision | undefined>;
  /** Moves the current revision back to the one it was based on. */
  undo(draftKey: string): Promise<DraftRevision | undefined>;
  redo(draftKey: string): Promise<DraftRevision | undefined>;
  /** Appends a copy of an older revision as the new current one. */
  restore(draftKey: string, revision: number): Promise<DraftRevision>;
  snapshot(draftKey: string, name: string, revision?: number): Promise<DraftSnapshot>;
  snapshots(draftKey: string): Promise<DraftSnapshot[]>;
  deleteSnapshot(id: number): Promise<void>;
  rename(draftKey: string, name: string): Promise<void>;
  /** Copies a draft's current config into a new draft (history starts fresh). */
  duplicate(draftKey: string, newKey: string, name?: string): Promise<DraftSummary>;
  /** Removes a draft and returns it so `restoreDeleted` can undo the removal. */
  remove(draftKey: string): Promise<DeletedDraft | undefined>;
  restoreDeleted(deleted: DeletedDraft): Promise<void>;
  /** Ends a conflict: `mine` appends the stale tab's version as current, `theirs` keeps current. */
  resolveConflict(
    draftKey: string,
    mine: number,
    choice: 'mine' | 'theirs',
  ): Promise<DraftRevision | undefined>;
  quarantined(): Promise<QuarantineEntry[]>;
  /** Tries IndexedDB again now; true when the store is back on it. */
  retry(): Promise<boolean>;
}
