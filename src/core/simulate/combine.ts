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
  const filled: number[] = [];
  for (let i = 0; i < dimensions.length; i++) if (values[i].length > 0) filled.push(i);

  if (filled.length === 0) return [];

  if (model === 'cartesian') return cartesian(filled, values);

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

/** Every combination of one value per filled dimension, the first dimension outermost. */
function cartesian(filled: readonly number[], values: readonly Entry[][]): Combination[] {
  // Combination n takes, in each dimension, the value its mixed-radix digit names; the last
  // dimension varies fastest, as in nested loops with the first dimension outermost.
  const strides: number[] = [];
  let total = 1;
  for (let k = filled.length - 1; k >= 0; k--) {
    strides.push(total);
    total *= values[filled[k]].length;
  }
  strides.reverse();

  const combos: Combination[] = [];
  for (let n = 0; n < total; n++) {
    const combo: Combination = [];
    for (let k = 0; k < filled.length; k++) {
      const i = filled[k];
      const column = values[i];
      combo.push({ dimension: i, entry: column[Math.floor(n / strides[k]) % column.length] });
    }
    combos.push(combo);
  }
  return combos;
}

/** A key that identifies a combination across runs of the same plan (for re-sync deltas). */
export function combinationKey(combo: Combination): string {
  return combo.map((p) => `${p.dimension}\u0001${p.entry.type}\u0001${p.entry.id}`).join('\u0000');
}
