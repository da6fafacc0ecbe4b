/**
 * Turns the identities given into the identities Segment would hold: malformed, blank and blocked
 * values dropped, duplicates merged, over-limit types flagged. Every change is a finding.
 */
import { parseTimestamp, compareTimestamps } from '../timestamp.js';
import type { Finding, Identity, SimulationSettings } from '../types.js';
import { compileBlocked, limitFor } from './settings.js';

/** An identity with its position in the input (for the input-order tie-break). */
export interface Entry extends Identity {
  order: number;
}

export function normaliseIdentities(
  identities: readonly unknown[],
  settings: SimulationSettings,
  path: (string | number)[],
): { entries: Entry[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const blocked = settings.blockedValues
    .map((pattern) => ({ pattern, regex: compileBlocked(pattern) }))
    .filter((b): b is { pattern: string; regex: RegExp } => b.regex !== undefined);
  const byKey = new Map<string, Entry>();
  const warn = (code: string, index: number, message: string): void => {
    findings.push({ severity: 'warning', code, message, path: [...path, index] });
  };

  identities.forEach((raw, index) => {
    const identity = raw as Partial<Identity> | null;
    const { type, id, createdAt } = identity ?? {};

    if (typeof type !== 'string' || typeof id !== 'string' || typeof createdAt !== 'string') {
      warn(
        'identity-shape',
        index,
        `Identity ${index} is not { type, id, createdAt } with text values; it is ignored.`,
      );
      return;
    }
    if (type === '' || type !== type.toLowerCase() || type !== type.trim()) {
      warn(
        'identity-type-case',
        index,
        `Identity type ${JSON.stringify(type)} is not a lower-case type name; Segment identity types are lower-case, so it is ignored.`,
      );
      return;
    }
    if (!parseTimestamp(createdAt)) {
      warn(
        'identity-bad-time',
        index,
        `The ${type} ${JSON.stringify(id)} has createdAt ${JSON.stringify(createdAt)}, which is not a timestamp; it is ignored.`,
      );
      return;
    }
    if (id.trim() === '') {
      warn('identity-blank', index, `A blank ${type} value is never an identity; it is dropped.`);
      return;
    }
    const hit = blocked.find((b) => b.regex.test(id));
    if (hit) {
      warn(
        'identity-blocked',
        index,
        `The ${type} value ${JSON.stringify(id)} matches the blocked value ${hit.pattern}, so it is never an identity; it is dropped.`,
      );
      return;
    }

    const key = `${type}\u0000${id}`;
    const seen = byKey.get(key);
    if (seen) {
      warn(
        'identity-duplicate',
        index,
        `The ${type} ${JSON.stringify(id)} appears twice; it counts once, added at the earlier time.`,
      );
      if (compareTimestamps(createdAt, seen.createdAt) < 0) seen.createdAt = createdAt;
      return;
    }
    byKey.set(key, { type, id, createdAt, order: index });
  });

  const entries = [...byKey.values()];
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  for (const [type, count] of counts) {
    const limit = limitFor(type, settings.limits, settings.defaultLimit);
    if (count > limit) {
      findings.push({
        severity: 'warning',
        code: 'identity-over-limit',
        message: `The profile has ${count} ${type} values but identity resolution keeps at most ${limit}; it is simulated as given.`,
        path,
      });
    }
  }

  return { entries, findings };
}
