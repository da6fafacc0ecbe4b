import type { IdSyncConfig } from '../core/types.js';

/** One saved state of a draft. Revisions are append-only: undo moves a pointer, never deletes. */
export interface DraftRevision {
  draftKey: string;
  /** 1, 2, 3… per draft. */
  revision: number;
  config: IdSyncConfig;
  /** ISO time the revision was written. */
  savedAt: string;
}

/** The storage behind `<idsync-studio>`: IndexedDB when it works, memory when it does not. */
export interface DraftStore {
  /** The current revision of a draft, or undefined when none is stored. */
  load(draftKey: string): Promise<DraftRevision | undefined>;
  /** Appends a revision and returns it. */
  save(draftKey: string, config: IdSyncConfig): Promise<DraftRevision>;
  /** Removes a draft and its history. */
  discard(draftKey: string): Promise<void>;
  close(): void;
}
