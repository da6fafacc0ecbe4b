/** Picks the values of an identifier that a strategy sends. */
import type { Strategy, TieBreak } from '../types.js';
import type { Entry } from './normalise.js';

/**
 * Oldest first, at full precision. A tie on the time is broken by value (code point order) so the
 * result does not depend on input order, or by input position when the user chose that. Every
 * entry has its own position, so this is a strict total order.
 */
export function compareEntries(a: Entry, b: Entry, tieBreak: TieBreak): number {
  const byTime = a.seconds - b.seconds || a.nanos - b.nanos;

  if (byTime !== 0) return byTime;
  if (tieBreak === 'input-order') return a.order - b.order;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : a.order - b.order;
}

function byValue(a: Entry, b: Entry): number {
  return compareEntries(a, b, 'value');
}

function byInput(a: Entry, b: Entry): number {
  return compareEntries(a, b, 'input-order');
}

/** Lists up to this long are sorted by insertion: a profile holds a handful of values per type. */
const INSERTION_LIMIT = 12;

/** Sorts `entries` in place, oldest first (see compareEntries). */
export function sortEntriesInPlace(entries: Entry[], tieBreak: TieBreak): Entry[] {
  if (entries.length > INSERTION_LIMIT) {
    entries.sort(tieBreak === 'input-order' ? byInput : byValue);
    return entries;
  }
  for (let i = 1; i < entries.length; i++) {
    const e = entries[i];
    let j = i - 1;
    while (j >= 0 && compareEntries(entries[j], e, tieBreak) > 0) {
      entries[j + 1] = entries[j];
      j--;
    }
    entries[j + 1] = e;
  }
  return entries;
}

/** A sorted copy of `entries`, oldest first (see compareEntries). */
export function sortEntries(entries: readonly Entry[], tieBreak: TieBreak): Entry[] {
  return sortEntriesInPlace(entries.slice(), tieBreak);
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
    const values: Entry[] = [];
    for (const type of types) {
      const start = values.length;
      for (const e of entries) if (e.type === type) values.push(e);
      if (values.length - start > 1) sortRange(values, start, tieBreak);
    }
    return values;
  }

  // The oldest or newest under a strict total order: one pass, no sort.
  const oldest = strategy === 'first';
  let pick: Entry | undefined;
  for (const e of entries) {
    if (!types.includes(e.type)) continue;
    if (pick === undefined) pick = e;
    else {
      const order = compareEntries(e, pick, tieBreak);
      if (oldest ? order < 0 : order > 0) pick = e;
    }
  }
  return pick === undefined ? [] : [pick];
}

/** Sorts values[start..] in place. */
function sortRange(values: Entry[], start: number, tieBreak: TieBreak): void {
  if (start === 0) {
    sortEntriesInPlace(values, tieBreak);
    return;
  }
  const tail = sortEntriesInPlace(values.slice(start), tieBreak);
  for (let i = 0; i < tail.length; i++) values[start + i] = tail[i];
}
