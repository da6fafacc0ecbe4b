/**
 * Turns the identities given into the identities Segment would hold: malformed, blank and blocked
 * values dropped, duplicates merged, over-limit types flagged. Every change is a finding.
 */
import { compareInstants, readTimestamp, type Instant } from '../timestamp.js';
import type { Finding, Identity, SimulationSettings } from '../types.js';
import { firstBlocked, limitFor, type PreparedSettings } from './settings.js';

/**
 * An identity with its position in the input (for the input-order tie-break) and its time read
 * once at full precision (`seconds`, `nanos`), so ordering never parses text again.
 */
export interface Entry extends Identity {
  order: number;
  seconds: number;
  nanos: number;
}

/** Up to this many identities, duplicates are found by a scan; above it, through a map. */
const SCAN_LIMIT = 24;

/** Where each time is read before its numbers are copied to the entry (one object, not one per identity). */
const instant: Instant = { seconds: 0, nanos: 0 };
/**
 * The last time text read and what it read as. Identities added by the same call share their
 * time to the digit, so consecutive identities often carry equal text.
 */
let lastText = '';
let lastValid = false;
const last: Instant = { seconds: 0, nanos: 0 };

/** readTimestamp into `instant`, answering equal text from the last reading. */
function readTime(text: string): boolean {
  if (text !== lastText) {
    lastValid = readTimestamp(text, last);
    lastText = text;
  }
  instant.seconds = last.seconds;
  instant.nanos = last.nanos;
  return lastValid;
}

/** The identities Segment would hold, in input order; what was changed is added to `findings`. */
export function normaliseIdentities(
  identities: readonly unknown[],
  prepared: PreparedSettings,
  path: (string | number)[],
  findings: Finding[],
): Entry[] {
  const settings = prepared.settings;
  const entries: Entry[] = [];
  const byKey = identities.length > SCAN_LIMIT ? new Map<string, Entry>() : undefined;

  for (let index = 0; index < identities.length; index++) {
    const identity = identities[index] as Partial<Identity> | null | undefined;
    // A hole in a sparse array is not an identity at all (as forEach would skip it).
    if (identity === undefined && !(index in identities)) continue;

    const type = identity?.type;
    const id = identity?.id;
    const createdAt = identity?.createdAt;

    if (typeof type !== 'string' || typeof id !== 'string' || typeof createdAt !== 'string') {
      warn(
        findings,
        path,
        'identity-shape',
        index,
        `Identity ${index} is not { type, id, createdAt } with text values; it is ignored.`,
      );
      continue;
    }
    if (!isTypeName(type)) {
      warn(
        findings,
        path,
        'identity-type-case',
        index,
        `Identity type ${JSON.stringify(type)} is not a lower-case type name; Segment identity types are lower-case, so it is ignored.`,
      );
      continue;
    }
    if (!readTime(createdAt)) {
      warn(
        findings,
        path,
        'identity-bad-time',
        index,
        `The ${type} ${JSON.stringify(id)} has createdAt ${JSON.stringify(createdAt)}, which is not a timestamp; it is ignored.`,
      );
      continue;
    }
    if (isBlank(id)) {
      warn(
        findings,
        path,
        'identity-blank',
        index,
        `A blank ${type} value is never an identity; it is dropped.`,
      );
      continue;
    }
    const hit = firstBlocked(id, prepared);
    if (hit !== undefined) {
      warn(
        findings,
        path,
        'identity-blocked',
        index,
        `The ${type} value ${JSON.stringify(id)} matches the blocked value ${hit}, so it is never an identity; it is dropped.`,
      );
      continue;
    }

    const key = byKey === undefined ? undefined : `${type}\u0000${id}`;
    const seen = key === undefined ? scan(entries, type, id) : byKey?.get(key);
    if (seen) {
      warn(
        findings,
        path,
        'identity-duplicate',
        index,
        `The ${type} ${JSON.stringify(id)} appears twice; it counts once, added at the earlier time.`,
      );
      if (compareInstants(instant, seen) < 0) {
        seen.createdAt = createdAt;
        seen.seconds = instant.seconds;
        seen.nanos = instant.nanos;
      }
      continue;
    }
    const entry: Entry = {
      type,
      id,
      createdAt,
      order: index,
      seconds: instant.seconds,
      nanos: instant.nanos,
    };
    entries.push(entry);
    if (key !== undefined) byKey?.set(key, entry);
  }

  flagOverLimit(entries, settings, path, findings);
  return entries;
}

/** Whether a type is written as Segment writes types: not empty, lower-case, not padded. */
function isTypeName(type: string): boolean {
  // Types are short ASCII names; only other text needs the full (allocating) check.
  let plain = type !== '';
  for (let i = 0; i < type.length && plain; i++) {
    const c = type.charCodeAt(i);
    plain = c > 32 && c < 127 && (c < 65 || c > 90);
  }
  return plain || (type !== '' && type === type.toLowerCase() && type === type.trim());
}

/** Whether a value is empty or only white space. */
function isBlank(id: string): boolean {
  const first = id.charCodeAt(0);
  // A visible ASCII first character settles it without trimming.
  if (first > 32 && first < 127) return false;
  return id.trim() === '';
}

function warn(
  findings: Finding[],
  path: (string | number)[],
  code: string,
  index: number,
  message: string,
): void {
  findings.push({ severity: 'warning', code, message, path: [...path, index] });
}

function scan(entries: readonly Entry[], type: string, id: string): Entry | undefined {
  for (const e of entries) if (e.id === id && e.type === type) return e;
  return undefined;
}

/**
 * A warning per type with more values than identity resolution keeps, in order of appearance.
 * Every limit is at least one, so only a type seen twice can be over it.
 */
function flagOverLimit(
  entries: readonly Entry[],
  settings: Readonly<SimulationSettings>,
  path: (string | number)[],
  findings: Finding[],
): void {
  const counts = entries.length > SCAN_LIMIT ? countTypes(entries) : undefined;

  for (let i = 0; i < entries.length; i++) {
    const type = entries[i].type;
    let count = 1;
    let firstOfType = true;
    if (counts === undefined) {
      for (let j = 0; j < entries.length && firstOfType; j++) {
        if (j < i) firstOfType = entries[j].type !== type;
        else if (j > i && entries[j].type === type) count++;
      }
    } else {
      firstOfType = counts.get(type)?.first === i;
      count = counts.get(type)?.count ?? 1;
    }
    if (!firstOfType || count === 1) continue;

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
}

function countTypes(entries: readonly Entry[]): Map<string, { first: number; count: number }> {
  const counts = new Map<string, { first: number; count: number }>();
  entries.forEach((e, index) => {
    const seen = counts.get(e.type);
    if (seen) seen.count++;
    else counts.set(e.type, { first: index, count: 1 });
  });
  return counts;
}
