/**
 * Two places drafts can live behind one small interface: IndexedDB (through idb) and memory. The
 * store's logic is written once against `Tables`, so a write that IndexedDB refuses can run again
 * in memory, and later be replayed into IndexedDB, with the same code.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { z } from '../core/zod-setup.js';
import {
  DraftRecord,
  RevisionRecord,
  SnapshotRecord,
  STORE_NAMES,
  describeIssues,
  type DraftDB,
  type DraftStoreName,
  type QuarantineRecord,
} from './db.js';

/** The operations the store's logic needs, all inside one transaction. */
export interface Tables {
  getDraft(draftKey: string): Promise<DraftRecord | undefined>;
  allDrafts(): Promise<DraftRecord[]>;
  putDraft(record: DraftRecord): Promise<void>;
  deleteDraft(draftKey: string): Promise<void>;
  getRevision(draftKey: string, revision: number): Promise<RevisionRecord | undefined>;
  /** Oldest first. */
  revisions(draftKey: string): Promise<RevisionRecord[]>;
  putRevision(record: RevisionRecord): Promise<void>;
  deleteRevision(draftKey: string, revision: number): Promise<void>;
  snapshots(draftKey: string): Promise<SnapshotRecord[]>;
  getSnapshot(id: number): Promise<SnapshotRecord | undefined>;
  /** Returns the new id when the record has none. */
  putSnapshot(record: SnapshotRecord): Promise<number>;
  deleteSnapshot(id: number): Promise<void>;
  quarantined(): Promise<QuarantineRecord[]>;
}

export interface Backend {
  readonly kind: 'indexeddb' | 'memory';
  /** Runs `fn` in one transaction; nothing is kept when it throws. */
  run<T>(fn: (tables: Tables) => Promise<T>, mode: 'readonly' | 'readwrite'): Promise<T>;
  close(): void;
}

type Tx = IDBPTransaction<DraftDB, DraftStoreName[], 'readwrite' | 'readonly'>;

/**
 * IndexedDB tables. Every read is checked against the record schemas; a record that fails is
 * moved to `quarantine` (in readwrite transactions) and left out, so one bad record never stops
 * the store. In a readonly transaction it is left out and reported through `onBad`.
 */
class IdbTables implements Tables {
  /** Records that failed the schema in a readonly transaction, to quarantine afterwards. */
  readonly bad: QuarantineRecord[] = [];

  constructor(
    private readonly tx: Tx,
    private readonly writable: boolean,
  ) {}

  private async check<T>(
    schema: z.ZodMiniType<T>,
    store: DraftStoreName,
    key: IDBValidKey,
    value: unknown,
  ): Promise<T | undefined> {
    const parsed = z.safeParse(schema, value);
    if (parsed.success) return parsed.data;

    const entry: QuarantineRecord = {
      store,
      key: JSON.stringify(key),
      record: value,
      reason: describeIssues(parsed.error.issues),
      quarantinedAt: new Date().toISOString(),
    };
    if (!this.writable) {
      // One read can meet the same record twice (a get, then a range); quarantine it once.
      const seen = this.bad.some((b) => b.store === store && b.key === entry.key);
      if (!seen) this.bad.push(entry);
      return undefined;
    }

    await this.rw().objectStore('quarantine').add(entry);
    await this.rw()
      .objectStore(store)
      .delete(key as never);
    return undefined;
  }

  private rw(): IDBPTransaction<DraftDB, DraftStoreName[], 'readwrite'> {
    return this.tx as IDBPTransaction<DraftDB, DraftStoreName[], 'readwrite'>;
  }

  async getDraft(draftKey: string): Promise<DraftRecord | undefined> {
    const value = await this.tx.objectStore('drafts').get(draftKey);
    return value === undefined ? undefined : this.check(DraftRecord, 'drafts', draftKey, value);
  }

  async allDrafts(): Promise<DraftRecord[]> {
    const out: DraftRecord[] = [];
    const store = this.tx.objectStore('drafts');
    const keys = await store.getAllKeys();
    const values = await store.getAll();
    for (let i = 0; i < values.length; i++) {
      const ok = await this.check(DraftRecord, 'drafts', keys[i], values[i]);
      if (ok) out.push(ok);
    }
    return out;
  }

  async putDraft(record: DraftRecord): Promise<void> {
    await this.rw().objectStore('drafts').put(record);
  }

  async deleteDraft(draftKey: string): Promise<void> {
    await this.rw().objectStore('drafts').delete(draftKey);
  }

  async getRevision(draftKey: string, revision: number): Promise<RevisionRecord | undefined> {
    const key: [string, number] = [draftKey, revision];
    const value = await this.tx.objectStore('revisions').get(key);
    return value === undefined ? undefined : this.check(RevisionRecord, 'revisions', key, value);
  }

  async revisions(draftKey: string): Promise<RevisionRecord[]> {
    const range = IDBKeyRange.bound([draftKey, -Infinity], [draftKey, Infinity]);
    const store = this.tx.objectStore('revisions');
    const keys = await store.getAllKeys(range);
    const values = await store.getAll(range);
    const out: RevisionRecord[] = [];
    for (let i = 0; i < values.length; i++) {
      const ok = await this.check(RevisionRecord, 'revisions', keys[i], values[i]);
      if (ok) out.push(ok);
    }
    return out;
  }

  async putRevision(record: RevisionRecord): Promise<void> {
    await this.rw().objectStore('revisions').put(record);
  }

  async deleteRevision(draftKey: string, revision: number): Promise<void> {
    await this.rw().objectStore('revisions').delete([draftKey, revision]);
  }

  async snapshots(draftKey: string): Promise<SnapshotRecord[]> {
    const index = this.tx.objectStore('snapshots').index('byDraft');
    const keys = await index.getAllKeys(draftKey);
    const values = await index.getAll(draftKey);
    const out: SnapshotRecord[] = [];
    for (let i = 0; i < values.length; i++) {
      const ok = await this.check(SnapshotRecord, 'snapshots', keys[i], values[i]);
      if (ok) out.push(ok);
    }
    return out;
  }

  async getSnapshot(id: number): Promise<SnapshotRecord | undefined> {
    const value = await this.tx.objectStore('snapshots').get(id);
    return value === undefined ? undefined : this.check(SnapshotRecord, 'snapshots', id, value);
  }

  async putSnapshot(record: SnapshotRecord): Promise<number> {
    return this.rw().objectStore('snapshots').put(record);
  }

  async deleteSnapshot(id: number): Promise<void> {
    await this.rw().objectStore('snapshots').delete(id);
  }

  async quarantined(): Promise<QuarantineRecord[]> {
    return this.tx.objectStore('quarantine').getAll();
  }
}

export class IdbBackend implements Backend {
  readonly kind = 'indexeddb';

  constructor(readonly db: IDBPDatabase<DraftDB>) {}

  async run<T>(fn: (tables: Tables) => Promise<T>, mode: 'readonly' | 'readwrite'): Promise<T> {
    // The transaction is created before the first await, so a write started from a `pagehide`
    // handler is already queued when the page goes away.
    const tx = this.db.transaction(STORE_NAMES, mode);
    const tables = new IdbTables(tx, mode === 'readwrite');
    let result: T;
    try {
      result = await fn(tables);
    } catch (error) {
      // Abort so a half-done write (say the revision but not the draft) never commits.
      try {
        tx.abort();
      } catch {
        // Already finished or aborted: nothing was committed by this transaction either way.
      }
      await tx.done.catch(() => undefined);
      throw error;
    }
    await tx.done;

    if (tables.bad.length > 0) await this.quarantine(tables.bad);
    return result;
  }

  private async quarantine(entries: QuarantineRecord[]): Promise<void> {
    const tx = this.db.transaction(['quarantine', 'drafts', 'revisions', 'snapshots'], 'readwrite');
    for (const entry of entries) {
      await tx.objectStore('quarantine').add(entry);
      await tx.objectStore(entry.store as 'drafts').delete(JSON.parse(entry.key) as never);
    }
    await tx.done;
  }

  close(): void {
    this.db.close();
  }
}

function revKey(draftKey: string, revision: number): string {
  return JSON.stringify([draftKey, revision]);
}

/** Memory tables: the same contract, for when IndexedDB cannot be used. */
export class MemoryBackend implements Backend, Tables {
  readonly kind = 'memory';
  private drafts = new Map<string, DraftRecord>();
  private revs = new Map<string, RevisionRecord>();
  private snaps = new Map<number, SnapshotRecord>();
  private nextSnapshotId = 1;

  async run<T>(fn: (tables: Tables) => Promise<T>): Promise<T> {
    // Copy-on-write: run against a copy and keep it only if `fn` finished, as a transaction would.
    const saved = {
      drafts: this.drafts,
      revs: this.revs,
      snaps: this.snaps,
      id: this.nextSnapshotId,
    };
    this.drafts = new Map(this.drafts);
    this.revs = new Map(this.revs);
    this.snaps = new Map(this.snaps);
    try {
      return await fn(this);
    } catch (error) {
      this.drafts = saved.drafts;
      this.revs = saved.revs;
      this.snaps = saved.snaps;
      this.nextSnapshotId = saved.id;
      throw error;
    }
  }

  close(): void {}

  async getDraft(draftKey: string): Promise<DraftRecord | undefined> {
    const d = this.drafts.get(draftKey);
    return d && structuredClone(d);
  }

  async allDrafts(): Promise<DraftRecord[]> {
    return [...this.drafts.values()].map((d) => structuredClone(d));
  }

  async putDraft(record: DraftRecord): Promise<void> {
    this.drafts.set(record.draftKey, structuredClone(record));
  }

  async deleteDraft(draftKey: string): Promise<void> {
    this.drafts.delete(draftKey);
  }

  async getRevision(draftKey: string, revision: number): Promise<RevisionRecord | undefined> {
    const r = this.revs.get(revKey(draftKey, revision));
    return r && structuredClone(r);
  }

  async revisions(draftKey: string): Promise<RevisionRecord[]> {
    return [...this.revs.values()]
      .filter((r) => r.draftKey === draftKey)
      .sort((a, b) => a.revision - b.revision)
      .map((r) => structuredClone(r));
  }

  async putRevision(record: RevisionRecord): Promise<void> {
    this.revs.set(revKey(record.draftKey, record.revision), structuredClone(record));
  }

  async deleteRevision(draftKey: string, revision: number): Promise<void> {
    this.revs.delete(revKey(draftKey, revision));
  }

  async snapshots(draftKey: string): Promise<SnapshotRecord[]> {
    return [...this.snaps.values()]
      .filter((s) => s.draftKey === draftKey)
      .map((s) => structuredClone(s));
  }

  async getSnapshot(id: number): Promise<SnapshotRecord | undefined> {
    const s = this.snaps.get(id);
    return s && structuredClone(s);
  }

  async putSnapshot(record: SnapshotRecord): Promise<number> {
    const id = record.id ?? this.nextSnapshotId++;
    this.nextSnapshotId = Math.max(this.nextSnapshotId, id + 1);
    this.snaps.set(id, { ...structuredClone(record), id });
    return id;
  }

  async deleteSnapshot(id: number): Promise<void> {
    this.snaps.delete(id);
  }

  async quarantined(): Promise<QuarantineRecord[]> {
    return [];
  }

  /** Copies everything readable from IndexedDB, so memory continues where IndexedDB stopped. */
  async seedFrom(backend: Backend): Promise<void> {
    await backend.run(async (t) => {
      for (const draft of await t.allDrafts()) {
        this.drafts.set(draft.draftKey, draft);
        for (const r of await t.revisions(draft.draftKey)) {
          this.revs.set(revKey(r.draftKey, r.revision), r);
        }
        for (const s of await t.snapshots(draft.draftKey)) {
          if (s.id === undefined) continue;
          this.snaps.set(s.id, s);
          this.nextSnapshotId = Math.max(this.nextSnapshotId, s.id + 1);
        }
      }
    }, 'readonly');
  }
}
