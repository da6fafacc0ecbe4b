/**
 * Timestamps as identity sources give them: RFC 3339 from the Profile API (0 to 9 fractional
 * digits) and zone-less warehouse text from Profiles Sync (`2024-01-02 03:04:05`). Ordering must
 * keep every digit: rounding to milliseconds turns distinct times into ties, and a tie is then
 * broken by value, which can pick the wrong identity.
 */

/** A point in time at full precision: whole seconds since the epoch plus nanoseconds. */
export interface Instant {
  seconds: number;
  nanos: number;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/** Reads a timestamp; a time without a zone is UTC (warehouses store UTC). Undefined if unreadable. */
export function parseTimestamp(text: string): Instant | undefined {
  const m = TIMESTAMP.exec(text.trim());

  if (!m) return undefined;

  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  const valid =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;

  if (!valid) return undefined;

  const nanos = Number((m[7] ?? '').padEnd(9, '0'));
  const zone = m[8];
  let offsetSeconds = 0;
  if (zone && zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const zoneHours = Number(digits.slice(0, 2));
    const zoneMinutes = Number(digits.slice(2, 4) || 0);
    if (zoneHours > 23 || zoneMinutes > 59) return undefined;
    offsetSeconds = sign * (zoneHours * 3600 + zoneMinutes * 60);
  }

  return { seconds: ms / 1000 - offsetSeconds, nanos };
}

/**
 * Orders two timestamps at full precision (negative: `a` is earlier). Unreadable text sorts after
 * every readable time, then by code point, so the order stays total and deterministic.
 */
export function compareTimestamps(a: string, b: string): number {
  const x = parseTimestamp(a);
  const y = parseTimestamp(b);

  if (x && y) return x.seconds - y.seconds || x.nanos - y.nanos;
  if (x) return -1;
  if (y) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
