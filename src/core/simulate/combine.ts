/** Combines the selected values of several dimensions into sends. */
import type { CombinationModel } from '../types.js';
import type { Entry } from './normalise.js';
import type { Dimension } from './plan.js';

/** One value in a send, with the dimension it fills. */
export interface Part {
  dimension: number;
  entry: Entry;
}

/** The values of one send, in dimension order. */
export type Combination = Part[];

/**
 * Cartesian: every combination of one value per non-empty dimension, first dimension outermost.
 * Per-value: one send per selected value carrying only it, plus each user_id value when user_id
 * is one of the dimensions (the user_id values also get a send of their own).
 */
export function combine(
  dimensions: readonly Dimension[],
  values: readonly Entry[][],
  model: CombinationModel,
): Combination[] {
  const filled = dimensions.map((_, i) => i).filter((i) => values[i].length > 0);

  if (filled.length === 0) return [];

  if (model === 'cartesian') {
    let combos: Combination[] = [[]];
    for (const i of filled) {
      combos = combos.flatMap((combo) =>
        values[i].map((entry) => [...combo, { dimension: i, entry }]),
      );
    }
    return combos;
  }

  const userDimension = filled.find((i) => dimensions[i].types.includes('user_id'));
  const users = userDimension === undefined ? [] : values[userDimension];
  const combos: Combination[] = [];

  for (const i of filled) {
    for (const entry of values[i]) {
      const own = { dimension: i, entry };
      if (i === userDimension || userDimension === undefined) {
        combos.push([own]);
        continue;
      }
      for (const user of users) {
        const withUser = [{ dimension: userDimension, entry: user }, own];
        combos.push(withUser.sort((a, b) => a.dimension - b.dimension));
      }
    }
  }
  return combos;
}

/** A key that identifies a combination across runs of the same plan (for re-sync deltas). */
export function combinationKey(combo: Combination): string {
  return combo.map((p) => `${p.dimension}\u0001${p.entry.type}\u0001${p.entry.id}`).join('\u0000');
}
