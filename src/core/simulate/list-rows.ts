/**
 * One list-destination row per combination: columns in the destination's schema order, each value
 * normalised and hashed the destination's way. A column left empty stays "" (never the hash of an
 * empty string) and a row with nothing in it is not sent.
 */
import { findDestination } from '../catalog.js';
import type { Destination, Finding, SimulationSettings } from '../types.js';
import type { Combination } from './combine.js';
import { normaliseColumn } from './list-normalise.js';
import type { Dimension } from './plan.js';

/**
 * Destinations that always send every column of their schema, in schema order: Facebook Custom
 * Audiences (Actions), whose catalog keys are that schema.
 */
const FULL_SCHEMA: Record<string, readonly string[]> = {
  'facebook-custom-audiences-actions': findDestination('facebook-custom-audiences-actions')!.keys,
};

export interface RowContext {
  destination: Destination;
  dimensions: readonly Dimension[];
  /** Dimensions that have at least one value (their columns appear in every row). */
  filled: readonly number[];
  settings: SimulationSettings;
}

export interface BuiltRow {
  row?: Record<string, string>;
  findings: Finding[];
  rules: string[];
}

/** The columns of every row, in schema order; free-text columns follow in row order. */
export function rowColumns(ctx: RowContext): string[] {
  const full = FULL_SCHEMA[ctx.destination.id];
  const used = ctx.filled.flatMap((i) => {
    const p = ctx.dimensions[i].placement;
    return p.kind === 'column' ? [p.column] : [];
  });
  const schema = full ?? ctx.destination.keys.filter((k) => used.includes(k));
  const extra = used.filter(
    (c) => !schema.includes(c) && !(full ?? ctx.destination.keys).includes(c),
  );
  return [...new Set([...schema, ...extra])];
}

export function buildRow(combo: Combination, ctx: RowContext, columns: string[]): BuiltRow {
  const values = new Map<string, string>();
  const findings: Finding[] = [];
  const rules: string[] = [];

  for (const { dimension, entry } of combo) {
    const placement = ctx.dimensions[dimension].placement;
    if (placement.kind !== 'column') continue;

    const result = normaliseColumn(
      ctx.destination.id,
      placement.column,
      entry.type,
      entry.id,
      ctx.settings,
    );
    const path = pathOf(ctx.dimensions[dimension]);
    rules.push(...result.rules);
    for (const w of result.warnings) findings.push({ severity: 'warning', ...w, path });
    if (result.value === '') {
      rules.push('Q22');
      findings.push({
        severity: 'warning',
        code: 'simulate-column-empty',
        message: `The ${entry.type} ${JSON.stringify(entry.id)} is empty after ${ctx.destination.name} normalisation, so ${placement.column} is left empty ("") rather than sending the hash of nothing.`,
        path,
      });
    }
    values.set(placement.column, result.value);
  }

  const row: Record<string, string> = {};
  for (const column of columns) row[column] = values.get(column) ?? '';

  if (Object.values(row).every((v) => v === '')) {
    findings.push({
      severity: 'warning',
      code: 'simulate-row-empty',
      message: `A ${ctx.destination.name} row would carry no value at all (${combo.map((p) => `${p.entry.type} ${JSON.stringify(p.entry.id)}`).join(', ')}), so it is not sent.`,
      path: [],
    });
    return { findings, rules };
  }

  return { row, findings, rules };
}

function pathOf(dimension: Dimension): (string | number)[] {
  return dimension.row === undefined ? ['setup'] : ['idSyncConfiguration', dimension.row, 'mapTo'];
}
