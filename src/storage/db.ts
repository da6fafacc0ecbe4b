/**
 * The IndexedDB layout of the drafts database, its migrations and the record schemas every read
 * is checked against. The layout is documented in docs/drafts.md; a fixture of version 1 lives in
 * test/fixtures/db-v1.json so the migration below stays tested.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { z } from '../core/zod-setup.js';
import { IdSyncConfig } from '../core/schema.js';

export const DB_VERSION = 2;
export const DEFAULT_DB_NAME = 'idsync-drafts';

const isoTime = z.string().check(z.minLength(1));

export const RevisionKindSchema = z.enum(['edit', 'restore', 'import', 'conflict', 'resolve']);

export const ConflictRecord = z.strictObject({
  mine: z.number(),
  theirs: z.number(),
  at: isoTime,
});

export const DraftRecord = z.strictObject({
  draftKey: z.string().check(z.minLength(1)),
  destination: z.string(),
  name: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  latest: z.number(),
  pointer: z.number(),
  /** Revisions undone, most recent last; redo pops. Persisted so redo survives a reload. */
  redo: z.array(z.number()),
  conflicts: z.array(ConflictRecord),
});
export type DraftRecord = z.infer<typeof DraftRecord>;

export const RevisionRecord = z.strictObject({
  draftKey: z.string().check(z.minLength(1)),
  revision: z.number(),
  config: IdSyncConfig,
  savedAt: isoTime,
  kind: RevisionKindSchema,
  parent: z.nullable(z.number()),
  /**
   * The store instance (one per tab) that wrote it, so each tab can tell its own side of a
   * conflict. Optional: older records and imports have none.
   */
  writer: z.optional(z.string()),
});
export type RevisionRecord = z.infer<typeof RevisionRecord>;

export const SnapshotRecord = z.strictObject({
  id: z.optional(z.number()),
  draftKey: z.string().check(z.minLength(1)),
  revision: z.number(),
  name: z.string(),
  createdAt: isoTime,
});
export type SnapshotRecord = z.infer<typeof SnapshotRecord>;

export interface QuarantineRecord {
  id?: number;
  store: string;
  key: string;
  record: unknown;
  reason: string;
  quarantinedAt: string;
}

/** Version 1 records, as the first release wrote them; read only by the migration. */
interface DraftRecordV1 {
  draftKey: string;
  destination: string;
  head: number;
  updatedAt: string;
}

/** The current layout (version 2). One interface, so every store access is typed. */
export interface DraftDB extends DBSchema {
  drafts: {
    key: string;
    value: DraftRecord;
    indexes: { byUpdated: string; byDestination: string };
  };
  revisions: {
    key: [string, number];
    value: RevisionRecord;
    indexes: { byDraft: string };
  };
  snapshots: {
    key: number;
    value: SnapshotRecord;
    indexes: { byDraft: string };
  };
  quarantine: {
    key: number;
    value: QuarantineRecord;
  };
}

export type DraftStoreName = StoreNames<DraftDB>;
export const STORE_NAMES: DraftStoreName[] = ['drafts', 'revisions', 'snapshots', 'quarantine'];

/** Zod issues as one line per problem, each with its path, for quarantine reasons and imports. */
export function describeIssues(
  issues: readonly { path: PropertyKey[]; message: string }[],
): string {
  return issues
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(record)'}: ${i.message}`)
    .join('; ');
}

/**
 * Upgrades a database from `oldVersion` to DB_VERSION inside the versionchange transaction.
 * Blocks run in ascending order, so a version-1 database passes through every later step.
 * Only IndexedDB requests are awaited here: awaiting anything else would end the transaction.
 */
export async function migrate(
  db: IDBPDatabase<DraftDB>,
  oldVersion: number,
  tx: IDBPTransaction<DraftDB, DraftStoreName[], 'versionchange'>,
  now: string,
): Promise<void> {
  if (oldVersion < 1) {
    // Version 1: one draft record per key with its head revision; revisions keyed by
    // [draftKey, revision]. The v1 draft shape is not the current one, hence the cast.
    const drafts = db.createObjectStore('drafts', { keyPath: 'draftKey' });
    drafts.createIndex('byUpdated', 'updatedAt');
    const revisions = db.createObjectStore('revisions', { keyPath: ['draftKey', 'revision'] });
    revisions.createIndex('byDraft', 'draftKey');
  }

  if (oldVersion < 2) {
    // Version 2: display names, an undo pointer with a persisted redo stack, conflicts, kinds
    // and parents on revisions, named snapshots and a quarantine for records that fail the schema.
    db.createObjectStore('snapshots', { keyPath: 'id', autoIncrement: true }).createIndex(
      'byDraft',
      'draftKey',
    );
    const quarantine = db.createObjectStore('quarantine', { keyPath: 'id', autoIncrement: true });
    const drafts = tx.objectStore('drafts');
    drafts.createIndex('byDestination', 'destination');
    const revisions = tx.objectStore('revisions');

    const latestByDraft = new Map<string, number>();
    const firstSavedByDraft = new Map<string, string>();
    let revCursor = await revisions.openCursor();
    while (revCursor) {
      const old = revCursor.value as unknown as Record<string, unknown>;
      const upgraded = {
        ...old,
        kind: 'edit',
        parent: typeof old.revision === 'number' && old.revision > 1 ? old.revision - 1 : null,
      };
      const checked = z.safeParse(RevisionRecord, upgraded);
      if (checked.success) {
        await revCursor.update(checked.data);
        const { draftKey, revision, savedAt } = checked.data;
        latestByDraft.set(draftKey, Math.max(latestByDraft.get(draftKey) ?? 0, revision));
        const first = firstSavedByDraft.get(draftKey);
        if (first === undefined || savedAt < first) firstSavedByDraft.set(draftKey, savedAt);
      } else {
        await quarantine.add({
          store: 'revisions',
          key: JSON.stringify(revCursor.primaryKey),
          record: old,
          reason: `upgrade to version 2: ${describeIssues(checked.error.issues)}`,
          quarantinedAt: now,
        });
        await revCursor.delete();
      }
      revCursor = await revCursor.continue();
    }

    let draftCursor = await drafts.openCursor();
    while (draftCursor) {
      const old = draftCursor.value as unknown as DraftRecordV1;
      const upgraded = {
        draftKey: old.draftKey,
        destination: old.destination,
        name: old.draftKey,
        createdAt: firstSavedByDraft.get(old.draftKey) ?? old.updatedAt,
        updatedAt: old.updatedAt,
        latest: Math.max(latestByDraft.get(old.draftKey) ?? 0, old.head),
        pointer: old.head,
        redo: [],
        conflicts: [],
      };
      const checked = z.safeParse(DraftRecord, upgraded);
      if (checked.success) {
        await draftCursor.update(checked.data);
      } else {
        await quarantine.add({
          store: 'drafts',
          key: JSON.stringify(draftCursor.primaryKey),
          record: old,
          reason: `upgrade to version 2: ${describeIssues(checked.error.issues)}`,
          quarantinedAt: now,
        });
        await draftCursor.delete();
      }
      draftCursor = await draftCursor.continue();
    }
  }
}
