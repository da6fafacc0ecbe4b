/**
 * What each store write does, written once against `Tables`. The same function runs on
 * IndexedDB, on memory, and again on IndexedDB when memory revisions are moved back, which is
 * why each one takes its time as an argument instead of reading the clock.
 */
import type { IdSyncConfig } from '../core/types.js';
import type { Tables } from './backend.js';
import type { DraftRecord, RevisionRecord, SnapshotRecord } from './db.js';
import { sameConfig } from './pending.js';
import type {
  DeletedDraft,
  DraftConflict,
  DraftRevision,
  DraftSnapshot,
  DraftState,
  DraftSummary,
  RetentionPolicy,
  RevisionKind,
  SaveResult,
} from './types.js';

export class DraftNotFoundError extends Error {
  constructor(draftKey: string, revision?: number) {
    super(
      revision === undefined
        ? `No draft "${draftKey}" is stored.`
        : `Draft "${draftKey}" has no revision ${revision} (it may have been pruned).`,
    );
    this.name = 'DraftNotFoundError';
  }
}

export function toRevision(r: RevisionRecord): DraftRevision {
  return {
    draftKey: r.draftKey,
    revision: r.revision,
    config: r.config,
    savedAt: r.savedAt,
    kind: r.kind,
    parent: r.parent,
    ...(r.writer === undefined ? {} : { writer: r.writer }),
  };
}

export function toSnapshot(s: SnapshotRecord): DraftSnapshot {
  return {
    id: s.id ?? 0,
    draftKey: s.draftKey,
    revision: s.revision,
    name: s.name,
    createdAt: s.createdAt,
  };
}

/**
 * The draft as the panel lists it. With `writer` (the reading store's id), each conflict says
 * which of its two revisions that store wrote, so "mine" means this tab's edit in every tab.
 */
export async function summarize(t: Tables, d: DraftRecord, writer?: string): Promise<DraftSummary> {
  const revisions = await t.revisions(d.draftKey);
  const wrote = (n: number) =>
    writer !== undefined && revisions.some((r) => r.revision === n && r.writer === writer);
  return {
    draftKey: d.draftKey,
    name: d.name,
    destination: d.destination,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    pointer: d.pointer,
    latest: d.latest,
    revisionCount: revisions.length,
    conflicts: d.conflicts.map((c) => {
      const side = wrote(c.mine) ? 'mine' : wrote(c.theirs) ? 'theirs' : undefined;
      return side ? { ...c, writtenHere: side } : { ...c };
    }),
  };
}

/** The revision the draft shows: its pointer, or the nearest older one still kept. */
export async function current(t: Tables, d: DraftRecord): Promise<RevisionRecord | undefined> {
  const exact = await t.getRevision(d.draftKey, d.pointer);
  if (exact) return exact;

  const older = (await t.revisions(d.draftKey)).filter((r) => r.revision <= d.pointer);
  return older.at(-1);
}

/** Where undo goes: the revision the current one was based on, else the nearest older one. */
async function undoTarget(t: Tables, d: DraftRecord): Promise<RevisionRecord | undefined> {
  const here = await current(t, d);
  if (!here) return undefined;

  if (here.parent !== null) {
    const parent = await t.getRevision(d.draftKey, here.parent);
    if (parent) return parent;
  }
  const older = (await t.revisions(d.draftKey)).filter((r) => r.revision < here.revision);
  return older.at(-1);
}

export async function state(
  t: Tables,
  draftKey: string,
  writer?: string,
): Promise<DraftState | undefined> {
  const d = await t.getDraft(draftKey);
  if (!d) return undefined;

  const summary = await summarize(t, d, writer);
  const canUndo = (await undoTarget(t, d)) !== undefined;
  return { ...summary, canUndo, canRedo: d.redo.length > 0 };
}

/**
 * Drops the oldest revisions beyond the policy. Never drops the current one, any revision on the
 * redo stack, in a snapshot or in an open conflict: those are what the user can still reach.
 */
async function prune(t: Tables, d: DraftRecord, retention: RetentionPolicy): Promise<void> {
  const revisions = await t.revisions(d.draftKey);
  const excess = revisions.length - retention.maxRevisionsPerDraft;
  if (excess <= 0) return;

  const kept = new Set<number>([d.pointer, d.latest, ...d.redo]);
  for (const c of d.conflicts) kept.add(c.mine).add(c.theirs);
  for (const s of await t.snapshots(d.draftKey)) kept.add(s.revision);
  let dropped = 0;
  for (const r of revisions) {
    if (dropped >= excess) break;
    if (kept.has(r.revision)) continue;
    await t.deleteRevision(d.draftKey, r.revision);
    dropped++;
  }
}

function newDraft(draftKey: string, destination: string, now: string): DraftRecord {
  return {
    draftKey,
    destination,
    name: draftKey,
    createdAt: now,
    updatedAt: now,
    latest: 0,
    pointer: 0,
    redo: [],
    conflicts: [],
  };
}

export interface SaveArgs {
  draftKey: string;
  config: IdSyncConfig;
  baseRevision?: number;
  kind?: RevisionKind;
  now: string;
  /** The id of the store (tab) saving it. */
  writer?: string;
}

export async function save(
  t: Tables,
  args: SaveArgs,
  retention: RetentionPolicy,
): Promise<SaveResult> {
  const d =
    (await t.getDraft(args.draftKey)) ?? newDraft(args.draftKey, args.config.destination, args.now);
  const revision = d.latest + 1;
  // A base the draft has moved past means another tab (or an undo there) saved first.
  const stale = args.baseRevision !== undefined && d.latest > 0 && args.baseRevision !== d.pointer;
  const record: RevisionRecord = {
    draftKey: args.draftKey,
    revision,
    config: args.config,
    savedAt: args.now,
    kind: stale ? 'conflict' : (args.kind ?? 'edit'),
    parent: stale ? (args.baseRevision ?? null) : d.latest > 0 ? d.pointer : null,
    ...(args.writer === undefined ? {} : { writer: args.writer }),
  };
  await t.putRevision(record);

  d.latest = revision;
  d.updatedAt = args.now;
  d.destination = args.config.destination;
  let conflict: DraftConflict | undefined;
  if (stale) {
    // Continuing to type in the stale tab replaces that tab's conflict instead of adding more.
    const open = d.conflicts.find((c) => c.mine === args.baseRevision);
    conflict = { mine: revision, theirs: d.pointer, at: args.now };
    d.conflicts = open
      ? d.conflicts.map((c) => (c === open ? conflict! : c))
      : [...d.conflicts, conflict];
  } else {
    d.pointer = revision;
    d.redo = [];
  }
  await t.putDraft(d);
  await prune(t, d, retention);
  return conflict ? { ...toRevision(record), conflict } : toRevision(record);
}

/**
 * Saves an edit kept across an unload, unless IndexedDB already has that very save (the write
 * from the unloading page did land): same time and same document. When the draft moved on
 * meanwhile, `baseRevision` makes it a conflict, kept in history rather than dropped.
 */
export async function recover(
  t: Tables,
  args: SaveArgs,
  retention: RetentionPolicy,
): Promise<SaveResult | undefined> {
  const landed = (await t.revisions(args.draftKey)).some(
    (r) => r.savedAt === args.now && sameConfig(r.config, args.config),
  );
  if (landed) return undefined;

  return save(t, args, retention);
}

export async function undo(t: Tables, draftKey: string): Promise<DraftRevision | undefined> {
  const d = await t.getDraft(draftKey);
  if (!d) return undefined;

  const target = await undoTarget(t, d);
  if (!target) return undefined;

  d.redo = [...d.redo, d.pointer];
  d.pointer = target.revision;
  await t.putDraft(d);
  return toRevision(target);
}

export async function redo(t: Tables, draftKey: string): Promise<DraftRevision | undefined> {
  const d = await t.getDraft(draftKey);
  if (!d) return undefined;

  const redoStack = [...d.redo];
  let target: RevisionRecord | undefined;
  while (!target && redoStack.length > 0) {
    target = await t.getRevision(draftKey, redoStack.pop()!);
  }
  if (!target) return undefined;

  d.redo = redoStack;
  d.pointer = target.revision;
  await t.putDraft(d);
  return toRevision(target);
}

export async function restore(
  t: Tables,
  draftKey: string,
  revision: number,
  now: string,
  retention: RetentionPolicy,
  writer?: string,
): Promise<DraftRevision> {
  const old = await t.getRevision(draftKey, revision);
  if (!old) throw new DraftNotFoundError(draftKey, revision);

  return save(t, { draftKey, config: old.config, kind: 'restore', now, writer }, retention);
}

export async function snapshot(
  t: Tables,
  draftKey: string,
  name: string,
  revision: number | undefined,
  now: string,
): Promise<DraftSnapshot> {
  const d = await t.getDraft(draftKey);
  if (!d) throw new DraftNotFoundError(draftKey);

  const target = revision ?? d.pointer;
  if (!(await t.getRevision(draftKey, target))) throw new DraftNotFoundError(draftKey, target);

  const record: SnapshotRecord = { draftKey, revision: target, name, createdAt: now };
  const id = await t.putSnapshot(record);
  return toSnapshot({ ...record, id });
}

export async function rename(t: Tables, draftKey: string, name: string): Promise<void> {
  const d = await t.getDraft(draftKey);
  if (!d) throw new DraftNotFoundError(draftKey);

  d.name = name;
  await t.putDraft(d);
}

export async function duplicate(
  t: Tables,
  draftKey: string,
  newKey: string,
  name: string | undefined,
  now: string,
  retention: RetentionPolicy,
): Promise<DraftSummary> {
  const d = await t.getDraft(draftKey);
  if (!d) throw new DraftNotFoundError(draftKey);
  if (await t.getDraft(newKey)) throw new Error(`A draft "${newKey}" already exists.`);

  const from = await current(t, d);
  if (!from) throw new DraftNotFoundError(draftKey, d.pointer);

  await save(t, { draftKey: newKey, config: from.config, now }, retention);
  const copy = (await t.getDraft(newKey))!;
  copy.name = name ?? `${d.name} (copy)`;
  await t.putDraft(copy);
  return summarize(t, copy);
}

export async function remove(t: Tables, draftKey: string): Promise<DeletedDraft | undefined> {
  const d = await t.getDraft(draftKey);
  if (!d) return undefined;

  const summary = await summarize(t, d);
  const revisions = await t.revisions(draftKey);
  const snapshots = await t.snapshots(draftKey);
  for (const r of revisions) await t.deleteRevision(draftKey, r.revision);
  for (const s of snapshots) if (s.id !== undefined) await t.deleteSnapshot(s.id);
  await t.deleteDraft(draftKey);
  return { summary, revisions: revisions.map(toRevision), snapshots: snapshots.map(toSnapshot) };
}

export async function restoreDeleted(t: Tables, deleted: DeletedDraft): Promise<void> {
  const { summary } = deleted;
  if (await t.getDraft(summary.draftKey)) {
    throw new Error(`A draft "${summary.draftKey}" exists again; it was not replaced.`);
  }

  await t.putDraft({
    draftKey: summary.draftKey,
    destination: summary.destination,
    name: summary.name,
    createdAt: summary.createdAt,
    updatedAt: summary.updatedAt,
    latest: summary.latest,
    pointer: summary.pointer,
    redo: [],
    // `writtenHere` is how one store read the conflict, not part of the stored record.
    conflicts: summary.conflicts.map(({ mine, theirs, at }) => ({ mine, theirs, at })),
  });
  for (const r of deleted.revisions) await t.putRevision({ ...r });
  for (const s of deleted.snapshots) {
    await t.putSnapshot({
      draftKey: s.draftKey,
      revision: s.revision,
      name: s.name,
      createdAt: s.createdAt,
    });
  }
}

export async function resolveConflict(
  t: Tables,
  draftKey: string,
  mine: number,
  choice: 'mine' | 'theirs',
  now: string,
  retention: RetentionPolicy,
  writer?: string,
): Promise<DraftRevision | undefined> {
  const d = await t.getDraft(draftKey);
  if (!d) throw new DraftNotFoundError(draftKey);

  const conflict = d.conflicts.find((c) => c.mine === mine);
  if (!conflict) return undefined;

  d.conflicts = d.conflicts.filter((c) => c !== conflict);
  await t.putDraft(d);
  if (choice === 'theirs') {
    const here = await current(t, d);
    return here && toRevision(here);
  }

  const mineRecord = await t.getRevision(draftKey, mine);
  if (!mineRecord) throw new DraftNotFoundError(draftKey, mine);

  return save(t, { draftKey, config: mineRecord.config, kind: 'resolve', now, writer }, retention);
}
