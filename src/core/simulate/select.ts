/** Picks the values of an identifier that a strategy sends. */
import { compareTimestamps } from '../timestamp.js';
import type { Strategy, TieBreak } from '../types.js';
import type { Entry } from './normalise.js';

/**
 * Oldest first. A tie on the time is broken by value (code point order) so the result does not
 * depend on input order, or by input position when the user chose that.
 */
export function sortEntries(entries: readonly Entry[], tieBreak: TieBreak): Entry[] {
  return [...entries].sort((a, b) => {
    const byTime = compareTimestamps(a.createdAt, b.createdAt);

    if (byTime !== 0) return byTime;
    if (tieBreak === 'input-order') return a.order - b.order;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : a.order - b.order;
  });
}

/**
 * The values a dimension sends. With `all` every value of each type, type by type in the
 * dimension's order; with `first`/`last` the single oldest/newest value across its types.
 */
export function selectValues(
  entries: readonly Entry[],
  types: readonly string[],
  strategy: Strategy,
  tieBreak: TieBreak,
): Entry[] {
  if (strategy === 'all') {
    return types.flatMap((t) =>
      sortEntries(
        entries.filter((e) => e.type === t),
        tieBreak,
      ),
    );
  }

  const pool = sortEntries(
    entries.filter((e) => types.includes(e.type)),
    tieBreak,
  );
  if (pool.length === 0) return [];
  return [strategy === 'first' ? pool[0] : pool[pool.length - 1]];
}
