/**
 * The draft store: IndexedDB through idb when it works, memory when it does not, and back again
 * without losing an edit. Every write is an operation (see operations.ts); while IndexedDB is
 * unusable the operations run in memory and are journaled, and the journal is replayed into
 * IndexedDB when it answers again.
 */
import { wrap, type IDBPDatabase } from 'idb';
import type { IdSyncConfig } from '../core/types.js';
import { IdbBackend, MemoryBackend, type Backend, type Tables } from './backend.js';
import { DB_VERSION, DEFAULT_DB_NAME, migrate, type DraftDB } from './db.js';
import * as ops from './operations.js';
import {
  clearPending,
  dropPending,
  readPending,
  writePending,
  type UnreadablePending,
} from './pending.js';
import type {
  DeletedDraft,
  DraftChange,
  DraftListener,
  DraftRevision,
  DraftSnapshot,
  DraftState,
  DraftStore,
  DraftSummary,
  QuarantineEntry,
  RetentionPolicy,
  RevisionKind,
  SaveResult,
  StorageStatus,
} from './types.js';

/** The part of `IDBFactory` the store uses; tests pass a wrapper to inject failures. */
export type DraftDBFactory = Pick<IDBFactory, 'open'>;

export interface OpenDraftStoreOptions {
  /** Database name; default `idsync-drafts`. One name per origin is shared by every tab. */
  dbName?: string;
  /** Where to open IndexedDB; default the page's `indexedDB`. */
  factory?: DraftDBFactory;
  retention?: Partial<RetentionPolicy>;
  /** How long to wait before trying IndexedDB again while in memory; default 15 s. */
  retryMs?: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxRevisionsPerDraft: 200 };

/** A write, recorded while in memory so it can be replayed into IndexedDB later. */
type Op =
  | SaveOp
  | { name: 'undo' | 'redo' | 'remove'; draftKey: string }
  | { name: 'restore'; draftKey: string; revision: number; now: string }
  | { name: 'snapshot'; draftKey: string; label: string; revision?: number; now: string }
  | { name: 'deleteSnapshot'; id: number }
  | { name: 'rename'; draftKey: string; label: string }
  | { name: 'duplicate'; draftKey: string; newKey: string; label?: string; now: string }
  | { name: 'restoreDeleted'; deleted: DeletedDraft }
  | { name: 'resolve'; draftKey: string; mine: number; choice: 'mine' | 'theirs'; now: string };

/** A write of a whole config: an edit, or one kept across an unload and recovered. */
type SaveOp = { name: 'save' | 'recover'; args: ops.SaveArgs };

/** Memory revision numbers mapped to the numbers the same revisions got in IndexedDB. */
type RevisionMap = Map<string, number>;

const mapKey = (draftKey: string, revision: number): string => `${draftKey}#${revision}`;

function isStorageError(error: unknown): boolean {
  // Logic errors (a missing draft) are the caller's; DOMExceptions are IndexedDB refusing.
  return error instanceof DOMException;
}

function describeStorageError(error: unknown): string {
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return 'The browser ran out of storage space for drafts (quota exceeded).';
  }
  if (error instanceof DOMException && error.name === 'VersionError') {
    return 'A newer version of this tool is open in another tab and owns the drafts database.';
  }
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `The browser refused the drafts database (${what}).`;
}

const MEMORY_NOTE =
  'Drafts are kept in this tab only for now and move to browser storage as soon as it works again.';

let nextTabId = 1;

/** Unique per store instance across tabs: it marks the revisions this tab wrote. */
function newTabId(): string {
  const random =
    typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
      ? crypto.randomUUID()
      : Math.random().toString(36).slice(2);
  return `${random}-${nextTabId++}`;
}

class DraftStoreImpl implements DraftStore {
  readonly retention: RetentionPolicy;
  private backend: Backend;
  private idb: IdbBackend | undefined;
  private memory: MemoryBackend | undefined;
  private journal: Op[] = [];
  private listeners = new Set<DraftListener>();
  private channel: BroadcastChannel | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private opening: Promise<'open' | 'blocked' | 'failed'> | undefined;
  private openPending = false;
  private closed = false;
  private problemText: string | undefined;
  private readonly tabId = newTabId();

  /** Per draft, the latest save IndexedDB has not confirmed yet: what `preserveUnsaved` keeps. */
  private unconfirmed = new Map<string, SaveOp>();

  constructor(
    private readonly options: Required<Pick<OpenDraftStoreOptions, 'dbName'>> &
      OpenDraftStoreOptions,
  ) {
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.memory = new MemoryBackend();
    this.backend = this.memory;
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(`idsync-drafts:${options.dbName}`);
      this.channel.onmessage = (e: MessageEvent<DraftChange & { tab: string }>) => {
        if (e.data?.tab === this.tabId) return;
        this.notify({ ...e.data, origin: 'other-tab' }, false);
      };
    }
  }

  get status(): StorageStatus {
    return this.backend.kind;
  }

  get problem(): string | undefined {
    return this.problemText;
  }

  /** Resolves once the store is usable: open on IndexedDB, or in memory with a problem. */
  async start(): Promise<void> {
    const outcome = await this.attemptOpen();
    if (outcome !== 'open') this.scheduleRetry();

    await this.recoverPending();
  }

  // ---- reads ----------------------------------------------------------------------------------

  async load(draftKey: string): Promise<DraftRevision | undefined> {
    return this.read(async (t) => {
      const d = await t.getDraft(draftKey);
      const r = d && (await ops.current(t, d));
      return r && ops.toRevision(r);
    });
  }

  async list(): Promise<DraftSummary[]> {
    return this.read(async (t) => {
      const out: DraftSummary[] = [];
      for (const d of await t.allDrafts()) out.push(await ops.summarize(t, d, this.tabId));
      return out.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
    });
  }

  async state(draftKey: string): Promise<DraftState | undefined> {
    return this.read((t) => ops.state(t, draftKey, this.tabId));
  }

  async history(draftKey: string): Promise<DraftRevision[]> {
    return this.read(async (t) => (await t.revisions(draftKey)).map(ops.toRevision));
  }

  async revision(draftKey: string, revision: number): Promise<DraftRevision | undefined> {
    return this.read(async (t) => {
      const r = await t.getRevision(draftKey, revision);
      return r && ops.toRevision(r);
    });
  }

  async snapshots(draftKey: string): Promise<DraftSnapshot[]> {
    return this.read(async (t) => (await t.snapshots(draftKey)).map(ops.toSnapshot));
  }

  /** The quarantine list last read from IndexedDB. */
  private lastQuarantined: QuarantineEntry[] = [];

  async quarantined(): Promise<QuarantineEntry[]> {
    // Quarantine lives only in IndexedDB. When it cannot be read now, the last list read is
    // shown rather than an empty one: the records are still stored, only unreadable for now
    // (the store's status already says storage is failing).
    const source = this.idb;
    if (!source) return this.lastQuarantined;
    try {
      this.lastQuarantined = await source.run(
        async (t) => (await t.quarantined()).map((q) => ({ ...q, id: q.id ?? 0 })),
        'readonly',
      );
    } catch {
      // Kept: this.lastQuarantined, as above.
    }
    return this.lastQuarantined;
  }

  // ---- writes ---------------------------------------------------------------------------------

  save(
    draftKey: string,
    config: IdSyncConfig,
    options: { baseRevision?: number; kind?: RevisionKind } = {},
  ): Promise<SaveResult> {
    const op: SaveOp = {
      name: 'save',
      args: { draftKey, config, ...options, now: new Date().toISOString(), writer: this.tabId },
    };
    this.unconfirmed.set(draftKey, op);
    return this.mutate(op, (result: SaveResult) => ({
      draftKey,
      kind: result.conflict ? 'conflict' : 'saved',
      revision: result.conflict ? result.conflict.theirs : result.revision,
    }));
  }

  preserveUnsaved(): boolean {
    let kept = true;
    for (const { args } of this.unconfirmed.values()) {
      const edit = {
        draftKey: args.draftKey,
        config: args.config,
        baseRevision: args.baseRevision ?? null,
        savedAt: args.now,
      };
      kept = writePending(this.options.dbName, edit) && kept;
    }
    return kept;
  }

  async discard(draftKey: string): Promise<void> {
    await this.remove(draftKey);
  }

  remove(draftKey: string): Promise<DeletedDraft | undefined> {
    return this.mutate({ name: 'remove', draftKey }, () => ({ draftKey, kind: 'removed' }));
  }

  restoreDeleted(deleted: DeletedDraft): Promise<void> {
    return this.mutate({ name: 'restoreDeleted', deleted }, () => ({
      draftKey: deleted.summary.draftKey,
      kind: 'saved',
      revision: deleted.summary.pointer,
    }));
  }

  undo(draftKey: string): Promise<DraftRevision | undefined> {
    return this.mutate({ name: 'undo', draftKey }, (r) => ({
      draftKey,
      kind: 'moved',
      revision: r?.revision,
    }));
  }

  redo(draftKey: string): Promise<DraftRevision | undefined> {
    return this.mutate({ name: 'redo', draftKey }, (r) => ({
      draftKey,
      kind: 'moved',
      revision: r?.revision,
    }));
  }

  restore(draftKey: string, revision: number): Promise<DraftRevision> {
    const now = new Date().toISOString();
    return this.mutate({ name: 'restore', draftKey, revision, now }, (r) => ({
      draftKey,
      kind: 'saved',
      revision: r.revision,
    }));
  }

  snapshot(draftKey: string, name: string, revision?: number): Promise<DraftSnapshot> {
    const now = new Date().toISOString();
    return this.mutate({ name: 'snapshot', draftKey, label: name, revision, now }, () => ({
      draftKey,
      kind: 'snapshot',
    }));
  }

  async deleteSnapshot(id: number): Promise<void> {
    await this.mutate({ name: 'deleteSnapshot', id }, () => ({
      draftKey: undefined,
      kind: 'snapshot',
    }));
  }

  rename(draftKey: string, name: string): Promise<void> {
    return this.mutate({ name: 'rename', draftKey, label: name }, () => ({
      draftKey,
      kind: 'renamed',
    }));
  }

  duplicate(draftKey: string, newKey: string, name?: string): Promise<DraftSummary> {
    const now = new Date().toISOString();
    return this.mutate({ name: 'duplicate', draftKey, newKey, label: name, now }, (s) => ({
      draftKey: s.draftKey,
      kind: 'saved',
      revision: s.pointer,
    }));
  }

  resolveConflict(
    draftKey: string,
    mine: number,
    choice: 'mine' | 'theirs',
  ): Promise<DraftRevision | undefined> {
    const now = new Date().toISOString();
    return this.mutate({ name: 'resolve', draftKey, mine, choice, now }, (r) => ({
      draftKey,
      kind: 'saved',
      revision: r?.revision,
    }));
  }

  subscribe(listener: DraftListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.channel?.close();
    this.channel = undefined;
    this.idb?.close();
    this.listeners.clear();
  }

  retry(): Promise<boolean> {
    return this.enqueue(() => this.recover());
  }

  // ---- machinery ------------------------------------------------------------------------------

  private async read<T>(fn: (t: Tables) => Promise<T>): Promise<T> {
    try {
      return await this.backend.run(fn, 'readonly');
    } catch (error) {
      if (!isStorageError(error) || this.backend.kind === 'memory') throw error;
      await this.enterMemory(describeStorageError(error));
      return this.backend.run(fn, 'readonly');
    }
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.busy++;
    const run = this.queue.then(task, task).finally(() => this.busy--);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Queued tasks not yet finished. */
  private busy = 0;

  private mutate<T>(op: Op, change: (result: T) => Omit<DraftChange, 'origin'>): Promise<T> {
    // With nothing queued, the IndexedDB transaction is created right now rather than a
    // microtask later: a save called from `pagehide` is then queued before the page can close
    // the connection, and IndexedDB finishes it even if the connection closes next.
    const early =
      this.busy === 0 && this.backend.kind === 'indexeddb' && !this.closed
        ? this.backend.run((t) => this.apply(t, op, new Map()), 'readwrite')
        : undefined;
    early?.catch(() => undefined);

    return this.enqueue(async () => {
      let result: T;
      if (early || this.backend.kind === 'indexeddb') {
        try {
          result = (await (early ??
            this.backend.run((t) => this.apply(t, op, new Map()), 'readwrite'))) as T;
          this.confirm(op);
          this.notify({ ...change(result), origin: 'this-tab' }, true);
          return result;
        } catch (error) {
          if (!isStorageError(error)) throw error;
          await this.enterMemory(describeStorageError(error));
        }
      }

      result = (await this.backend.run((t) => this.apply(t, op, new Map()), 'readwrite')) as T;
      this.memoryResults.set(op, result);
      this.journal.push(op);
      // Retrying on the next write is what brings a store back soonest after space was freed.
      const replayed = await this.recover();
      const final = replayed ? ((this.lastReplayed ?? result) as T) : result;
      this.notify({ ...change(final), origin: 'this-tab' }, replayed);
      return final;
    });
  }

  /** The result of the last journaled op when it was replayed into IndexedDB. */
  private lastReplayed: unknown;

  private async apply(t: Tables, op: Op, map: RevisionMap): Promise<unknown> {
    const rev = (draftKey: string, n: number): number => map.get(mapKey(draftKey, n)) ?? n;
    switch (op.name) {
      case 'save':
        return ops.save(t, op.args, this.retention);
      case 'recover':
        return ops.recover(t, op.args, this.retention);
      case 'undo':
        return ops.undo(t, op.draftKey);
      case 'redo':
        return ops.redo(t, op.draftKey);
      case 'remove':
        return ops.remove(t, op.draftKey);
      case 'restore':
        return ops.restore(
          t,
          op.draftKey,
          rev(op.draftKey, op.revision),
          op.now,
          this.retention,
          this.tabId,
        );
      case 'snapshot':
        return ops.snapshot(
          t,
          op.draftKey,
          op.label,
          op.revision === undefined ? undefined : rev(op.draftKey, op.revision),
          op.now,
        );
      case 'deleteSnapshot':
        return t.deleteSnapshot(op.id);
      case 'rename':
        return ops.rename(t, op.draftKey, op.label);
      case 'duplicate':
        return ops.duplicate(t, op.draftKey, op.newKey, op.label, op.now, this.retention);
      case 'restoreDeleted':
        return ops.restoreDeleted(t, op.deleted);
      case 'resolve':
        return ops.resolveConflict(
          t,
          op.draftKey,
          rev(op.draftKey, op.mine),
          op.choice,
          op.now,
          this.retention,
          this.tabId,
        );
    }
  }

  /** Replays one journaled op into IndexedDB, keeping the numbers it got there. */
  private async replayOne(idb: IdbBackend, op: Op, map: RevisionMap): Promise<unknown> {
    // A replayed save is not checked against its base: memory history was this tab's alone,
    // and both versions stay in IndexedDB's history anyway.
    const replayable: Op =
      op.name === 'save' ? { name: 'save', args: { ...op.args, baseRevision: undefined } } : op;
    const memoryResult = this.memoryResults.get(op);
    const result = await idb.run((t) => this.apply(t, replayable, map), 'readwrite');
    const from = (memoryResult as { revision?: number } | undefined)?.revision;
    const to = (result as { revision?: number } | undefined)?.revision;
    if (op.name !== 'undo' && op.name !== 'redo' && from !== undefined && to !== undefined) {
      map.set(mapKey((result as DraftRevision).draftKey, from), to);
    }
    return result;
  }

  /** An op reached IndexedDB: its copy kept across an unload (if any) is no longer needed. */
  private confirm(op: Op): void {
    if (op.name !== 'save' && op.name !== 'recover') return;

    const { draftKey, now, config } = op.args;
    if (this.unconfirmed.get(draftKey) === op) this.unconfirmed.delete(draftKey);
    clearPending(this.options.dbName, draftKey, now, config);
  }

  /**
   * Saves the edits a page kept in localStorage while it unloaded (see pending.ts), each unless
   * IndexedDB already has it. One that reaches only memory stays in localStorage for next time.
   */
  private async recoverPending(): Promise<void> {
    const { edits, unreadable } = readPending(this.options.dbName);
    for (const bad of unreadable) await this.quarantinePending(bad);

    for (const edit of edits) {
      const op: SaveOp = {
        name: 'recover',
        args: {
          draftKey: edit.draftKey,
          config: edit.config,
          baseRevision: edit.baseRevision ?? undefined,
          now: edit.savedAt,
          // An edit from a page that went away, usually this tab before its reload: the page that
          // brings it back shows it as its own side of a conflict.
          writer: this.tabId,
        },
      };
      this.unconfirmed.set(edit.draftKey, op);
      try {
        await this.mutate(op, (result: SaveResult | undefined) => ({
          draftKey: edit.draftKey,
          kind: result?.conflict ? 'conflict' : 'saved',
          revision: result?.conflict ? result.conflict.theirs : result?.revision,
        }));
      } catch {
        // Not a storage refusal (those fall back to memory, where the op is journaled): the copy
        // stays in localStorage and the next open tries it again.
      }
    }
  }

  /** A kept copy that fails the schema goes to quarantine like any unreadable record. */
  private async quarantinePending(bad: UnreadablePending): Promise<void> {
    if (!this.idb || this.backend.kind !== 'indexeddb') return;

    try {
      await this.idb.db.add('quarantine', {
        store: 'localStorage',
        key: JSON.stringify(bad.storageKey),
        record: bad.text,
        reason: `unsaved edit kept across a reload: ${bad.reason}`,
        quarantinedAt: new Date().toISOString(),
      });
      dropPending(bad.storageKey);
    } catch {
      // Left in localStorage: the next open tries again.
    }
  }

  /** Memory results per op, so replay can map memory revision numbers to IndexedDB ones. */
  private memoryResults = new WeakMap<Op, unknown>();

  /** Moves writes to memory, seeded with what IndexedDB can still read. */
  private async enterMemory(problem: string): Promise<void> {
    this.problemText = `${problem} ${MEMORY_NOTE}`;
    if (this.backend.kind === 'memory') return;

    const memory = new MemoryBackend();
    try {
      await memory.seedFrom(this.backend);
    } catch {
      // Reading failed too: memory starts empty, and replay appends to whatever IndexedDB holds.
    }
    this.memory = memory;
    this.backend = memory;
    this.notify({ draftKey: undefined, kind: 'status', origin: 'this-tab' }, false);
    this.scheduleRetry();
  }

  /** Tries to get back onto IndexedDB (reopening it when needed) and replays the journal. */
  private async recover(): Promise<boolean> {
    if (this.closed) return false;
    if (this.backend.kind === 'indexeddb') return true;

    if (!this.idb) {
      // An open blocked by an old tab is still pending: it adopts the database when it succeeds.
      if (this.openPending) return false;
      const outcome = await this.attemptOpen();
      return outcome === 'open';
    }

    return this.replay(this.idb);
  }

  private async replay(idb: IdbBackend): Promise<boolean> {
    const map: RevisionMap = new Map();
    this.lastReplayed = undefined;
    while (this.journal.length > 0) {
      const op = this.journal[0];
      try {
        this.lastReplayed = await this.replayOne(idb, op, map);
        this.confirm(op);
      } catch (error) {
        if (!isStorageError(error)) {
          // The op no longer applies to what IndexedDB holds (say the draft was deleted in
          // another tab); its effect is in memory history only, so skip it rather than loop.
          this.journal.shift();
          continue;
        }
        this.problemText = `${describeStorageError(error)} ${MEMORY_NOTE}`;
        this.scheduleRetry();
        return false;
      }
      this.journal.shift();
    }

    this.backend = idb;
    this.memory = undefined;
    this.problemText = undefined;
    clearTimeout(this.retryTimer);
    this.notify({ draftKey: undefined, kind: 'status', origin: 'this-tab' }, true);
    return true;
  }

  private scheduleRetry(): void {
    if (this.closed) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      void this.retry().then((ok) => {
        if (!ok) this.scheduleRetry();
      });
    }, this.options.retryMs ?? 15_000);
  }

  /**
   * Opens IndexedDB with the injected or global factory. Resolves 'blocked' as soon as an old
   * tab blocks the upgrade (the request stays pending and adopts the database when it succeeds).
   */
  private attemptOpen(): Promise<'open' | 'blocked' | 'failed'> {
    if (this.opening) return this.opening;

    this.opening = new Promise<'open' | 'blocked' | 'failed'>((resolve) => {
      const factory =
        this.options.factory ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
      if (!factory) {
        this.problemText = `This browser offers no IndexedDB. ${MEMORY_NOTE}`;
        resolve('failed');
        return;
      }

      let request: IDBOpenDBRequest;
      try {
        request = factory.open(this.options.dbName, DB_VERSION);
      } catch (error) {
        this.problemText = `${describeStorageError(error)} ${MEMORY_NOTE}`;
        resolve('failed');
        return;
      }

      this.openPending = true;
      const now = new Date().toISOString();
      request.addEventListener('upgradeneeded', (event) => {
        const db = wrap(request.result) as unknown as IDBPDatabase<DraftDB>;
        const tx = wrap(request.transaction!) as unknown as Parameters<typeof migrate>[2];
        migrate(db, event.oldVersion, tx, now).catch(() => {
          // The versionchange transaction aborts, and the open request reports the error.
        });
      });
      request.addEventListener('blocked', () => {
        this.problemText =
          'Another tab still has an older version of this tool open, which blocks the drafts ' +
          `database upgrade. Close or reload that tab. ${MEMORY_NOTE}`;
        this.notify({ draftKey: undefined, kind: 'status', origin: 'this-tab' }, false);
        resolve('blocked');
      });
      const opened = wrap(request) as unknown as Promise<IDBPDatabase<DraftDB>>;
      opened.then(
        async (db) => {
          this.openPending = false;
          if (this.closed) {
            db.close();
            resolve('failed');
            return;
          }

          db.addEventListener('versionchange', () => void this.yieldToNewerTab());
          this.idb = new IdbBackend(db);
          const ok = await this.replay(this.idb);
          resolve(ok ? 'open' : 'failed');
        },
        (error: unknown) => {
          this.openPending = false;
          this.problemText = `${describeStorageError(error)} ${MEMORY_NOTE}`;
          resolve('failed');
        },
      );
    }).finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /** Another tab wants a newer database version: step aside so it is not blocked. */
  private async yieldToNewerTab(): Promise<void> {
    const idb = this.idb;
    await this.enqueue(async () => {
      await this.enterMemory(
        'A newer version of this tool was opened in another tab and upgraded the drafts database; ' +
          'reload this tab to keep saving there.',
      );
    });
    this.idb = undefined;
    idb?.close();
  }

  private notify(change: DraftChange, broadcast: boolean): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        // One failing listener must not stop the others or the write that triggered it.
        console.error(error);
      }
    }
    if (broadcast && change.kind !== 'status' && this.channel) {
      this.channel.postMessage({ ...change, tab: this.tabId });
    }
  }
}

/**
 * Opens the drafts store. Never rejects for storage reasons: when IndexedDB cannot be used the
 * store works in memory (`status: 'memory'`, `problem` says why) and retries later.
 */
export async function openDraftStore(options: OpenDraftStoreOptions = {}): Promise<DraftStore> {
  const store = new DraftStoreImpl({ ...options, dbName: options.dbName ?? DEFAULT_DB_NAME });
  await store.start();
  return store;
}
