/**
 * What changed between two config documents, for the history panel. Pure: no DOM, so it also
 * serves the CLI and tests. Rows are matched by their Segment identifier (each appears in one row
 * only), so reordering rows reads as a move, not as a removal plus an addition.
 */
import type { IdSyncConfig, IdSyncRow } from './types.js';

export interface RowChange {
  externalId: string;
  /** Fields that differ, with the value before and after. Position is 1-based. */
  changes: Array<{
    field: 'strategy' | 'mapTo' | 'position';
    from: string | number;
    to: string | number;
  }>;
}

export interface SettingChange {
  /** Dotted path, e.g. `setup`, `connectionSettings.sendTrack`, `destinationSettings.matcher`. */
  path: string;
  from: string | boolean | undefined;
  to: string | boolean | undefined;
}

export interface ConfigDiff {
  added: IdSyncRow[];
  removed: IdSyncRow[];
  changed: RowChange[];
  settings: SettingChange[];
  /** True when the two documents say the same thing. */
  same: boolean;
}

function rowsById(rows: IdSyncRow[]): Map<string, { row: IdSyncRow; position: number }> {
  const map = new Map<string, { row: IdSyncRow; position: number }>();
  // A document that breaks "one row per identifier" still diffs: the first row of a type wins.
  rows.forEach((row, i) => {
    if (!map.has(row.externalId)) map.set(row.externalId, { row, position: i + 1 });
  });
  return map;
}

/** The difference from `a` (before) to `b` (after). */
export function diffConfigs(a: IdSyncConfig, b: IdSyncConfig): ConfigDiff {
  const before = rowsById(a.idSyncConfiguration);
  const after = rowsById(b.idSyncConfiguration);
  const added = [...after.values()].filter((x) => !before.has(x.row.externalId)).map((x) => x.row);
  const removed = [...before.values()]
    .filter((x) => !after.has(x.row.externalId))
    .map((x) => x.row);

  const changed: RowChange[] = [];
  for (const [id, was] of before) {
    const now = after.get(id);
    if (!now) continue;
    const changes: RowChange['changes'] = [];
    if (was.row.strategy !== now.row.strategy) {
      changes.push({ field: 'strategy', from: was.row.strategy, to: now.row.strategy });
    }
    if (was.row.mapTo !== now.row.mapTo) {
      changes.push({ field: 'mapTo', from: was.row.mapTo, to: now.row.mapTo });
    }
    if (was.position !== now.position) {
      changes.push({ field: 'position', from: was.position, to: now.position });
    }
    if (changes.length > 0) changed.push({ externalId: id, changes });
  }

  const settings: SettingChange[] = [];
  const compare = (
    path: string,
    from: string | boolean | undefined,
    to: string | boolean | undefined,
  ) => {
    if (from !== to) settings.push({ path, from, to });
  };
  compare('destination', a.destination, b.destination);
  compare('setup', a.setup, b.setup);
  const toggles = new Set([
    ...Object.keys(a.connectionSettings),
    ...Object.keys(b.connectionSettings),
  ]);
  for (const key of toggles) {
    compare(
      `connectionSettings.${key}`,
      (a.connectionSettings as Record<string, boolean>)[key],
      (b.connectionSettings as Record<string, boolean>)[key],
    );
  }
  const extra = new Set([
    ...Object.keys(a.destinationSettings ?? {}),
    ...Object.keys(b.destinationSettings ?? {}),
  ]);
  for (const key of [...extra].sort()) {
    compare(
      `destinationSettings.${key}`,
      a.destinationSettings?.[key],
      b.destinationSettings?.[key],
    );
  }

  const same =
    added.length === 0 && removed.length === 0 && changed.length === 0 && settings.length === 0;
  return { added, removed, changed, settings, same };
}
