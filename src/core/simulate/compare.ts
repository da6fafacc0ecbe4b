/** Default Setup vs Customized Setup for one profile, as the UI and the CLI summarise it. */
import type { SimulationResult } from '../types.js';

export interface ResultComparison {
  counts: {
    left: { events: number; rows: number };
    right: { events: number; rows: number };
  };
  /** Per identifier type, the values only the left (Default) result sends. */
  valuesOnlyLeft: Record<string, string[]>;
  /** Per identifier type, the values only the right (Customized) result sends. */
  valuesOnlyRight: Record<string, string[]>;
  /** Events and rows only the left result sends (compared as whole payloads). */
  onlyLeft: Record<string, unknown>[];
  /** Events and rows only the right result sends. */
  onlyRight: Record<string, unknown>[];
  /** How many sends both results have. */
  common: number;
}

/**
 * Compares two results of the same profile (usually Default vs Customized Setup). Sends match
 * when their payloads are equal as whole objects, so a payload that differs in one field shows on
 * both sides; repeated equal sends are matched one for one.
 */
export function compareResults(left: SimulationResult, right: SimulationResult): ResultComparison {
  const leftSends = [...left.events, ...left.rows];
  const rightSends = [...right.events, ...right.rows];
  const remaining = new Map<string, number>();

  for (const send of rightSends) {
    const key = JSON.stringify(send);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }

  const onlyLeft: Record<string, unknown>[] = [];
  let common = 0;
  for (const send of leftSends) {
    const key = JSON.stringify(send);
    const count = remaining.get(key) ?? 0;
    if (count > 0) {
      remaining.set(key, count - 1);
      common++;
    } else onlyLeft.push(send);
  }

  const onlyRight: Record<string, unknown>[] = [];
  for (const send of rightSends) {
    const key = JSON.stringify(send);
    const count = remaining.get(key) ?? 0;
    if (count > 0) {
      remaining.set(key, count - 1);
      onlyRight.push(send);
    }
  }

  return {
    counts: {
      left: { events: left.events.length, rows: left.rows.length },
      right: { events: right.events.length, rows: right.rows.length },
    },
    valuesOnlyLeft: valuesMissing(left.selection, right.selection),
    valuesOnlyRight: valuesMissing(right.selection, left.selection),
    onlyLeft,
    onlyRight,
    common,
  };
}

function valuesMissing(
  from: Record<string, string[]>,
  other: Record<string, string[]>,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [type, values] of Object.entries(from)) {
    const missing = values.filter((v) => !(other[type] ?? []).includes(v));
    if (missing.length > 0) out[type] = missing;
  }
  return out;
}
