/**
 * A synchronous copy of the edits IndexedDB has not confirmed yet, kept in `localStorage` while the
 * page is hidden or unloading.
 *
 * An IndexedDB write is asynchronous: one started from `pagehide` is often not committed before
 * the browser tears the page down, so an edit made a moment before a reload could vanish.
 * `localStorage.setItem` completes before it returns, so the copy written here is on disk when
 * the handler ends. The next `openDraftStore` on the same database name saves each copy as a new
 * revision unless IndexedDB already holds that very save, then removes it.
 *
 * When `localStorage` is missing, blocked (sandboxed frames, some privacy modes) or full, the
 * functions here report failure and the store relies on the IndexedDB write alone.
 */
import { IdSyncConfig } from '../core/schema.js';
import type { IdSyncConfig as Config } from '../core/types.js';
import { z } from '../core/zod-setup.js';
import { describeIssues } from './db.js';

/** One edit kept across an unload: the save the store had not seen land in IndexedDB. */
export const PendingEdit = z.strictObject({
  draftKey: z.string().check(z.minLength(1)),
  config: IdSyncConfig,
  /** The revision the edit was based on, for the store's conflict check; null for a new draft. */
  baseRevision: z.nullable(z.number()),
  /** When the edit was saved: the same time the IndexedDB write stamps on its revision. */
  savedAt: z.string().check(z.minLength(1)),
});
export type PendingEdit = z.infer<typeof PendingEdit>;

/** A stored copy that could not be read back, with what was wrong. */
export interface UnreadablePending {
  storageKey: string;
  text: string | null;
  reason: string;
}

const PREFIX = 'idsync-drafts-pending:';

/** The key for one draft of one database; both parts are encoded so neither can contain ':'. */
export function pendingStorageKey(dbName: string, draftKey: string): string {
  return `${PREFIX}${encodeURIComponent(dbName)}:${encodeURIComponent(draftKey)}`;
}

function storage(): Storage | undefined {
  try {
    // Reading the property itself throws a SecurityError where storage is blocked.
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** Writes the copy synchronously; false when `localStorage` is unavailable or full. */
export function writePending(dbName: string, edit: PendingEdit): boolean {
  const store = storage();
  if (!store) return false;

  try {
    store.setItem(pendingStorageKey(dbName, edit.draftKey), JSON.stringify(edit));
    return true;
  } catch {
    // QuotaExceededError, or storage disabled after the page loaded.
    return false;
  }
}

/**
 * Removes the copy of `draftKey` if it is this very save: the same time AND the same config.
 * Tabs share `localStorage`, and two tabs can save one draft within the same millisecond; a time
 * alone would let one tab's confirmed save delete the other tab's only copy of its edit.
 */
export function clearPending(
  dbName: string,
  draftKey: string,
  savedAt: string,
  config: Config,
): void {
  const store = storage();
  if (!store) return;

  const key = pendingStorageKey(dbName, draftKey);
  try {
    const text = store.getItem(key);
    if (text === null) return;
    const raw = safeJson(text);
    const parsed = z.safeParse(PendingEdit, raw);
    if (!parsed.success) {
      store.removeItem(key);
      return;
    }
    // The raw copy keeps the key order it was written with, from this same config object.
    const same =
      parsed.data.savedAt === savedAt &&
      JSON.stringify((raw as { config: unknown }).config) === JSON.stringify(config);
    if (same) store.removeItem(key);
  } catch {
    // Storage went away meanwhile: the copy is recovered (and found already saved) next time.
  }
}

/** Removes a copy by its storage key, whatever it holds. */
export function dropPending(storageKey: string): void {
  try {
    storage()?.removeItem(storageKey);
  } catch {
    // As above: nothing else to do, and the next open tries again.
  }
}

/** Every copy kept for `dbName`, split into readable edits and records that fail the schema. */
export function readPending(dbName: string): {
  edits: (PendingEdit & { storageKey: string })[];
  unreadable: UnreadablePending[];
} {
  const edits: (PendingEdit & { storageKey: string })[] = [];
  const unreadable: UnreadablePending[] = [];
  const store = storage();
  if (!store) return { edits, unreadable };

  const prefix = `${PREFIX}${encodeURIComponent(dbName)}:`;
  try {
    const keys: string[] = [];
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    for (const storageKey of keys) {
      const text = store.getItem(storageKey);
      const parsed = z.safeParse(PendingEdit, safeJson(text));
      if (parsed.success) edits.push({ ...parsed.data, storageKey });
      else unreadable.push({ storageKey, text, reason: describeIssues(parsed.error.issues) });
    }
  } catch {
    // Storage refused mid-read: what was read is still worth recovering.
  }
  return { edits, unreadable };
}

function safeJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The same document, key for key: how recovery tells an edit that already reached IndexedDB. */
export function sameConfig(a: Config, b: Config): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
