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

const SECONDS_PER_DAY = 86_400;
/** 10^(9 - n): scales n fractional digits to nanoseconds. */
const NANO_SCALE = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

/** Reads a timestamp; a time without a zone is UTC (warehouses store UTC). Undefined if unreadable. */
export function parseTimestamp(text: string): Instant | undefined {
  const instant: Instant = { seconds: 0, nanos: 0 };
  return readTimestamp(text, instant) ? instant : undefined;
}

/**
 * `parseTimestamp` into an existing object, for callers that read many times and keep only the
 * numbers: true when the text is a timestamp (and `into` now holds it), false otherwise.
 */
export function readTimestamp(text: string, into: Instant): boolean {
  // Nearly every identity carries the common shape, read here without a regular expression or a
  // Date; anything else (offsets, "UTC", no seconds, odd years) takes the general reader below.
  // The common shape starts with a digit and ends with a digit or Z, so text it reads has nothing
  // to trim.
  if (readCommon(text, into)) return true;

  const trimmed = text.trim();
  return (trimmed !== text && readCommon(trimmed, into)) || readGeneral(trimmed, into);
}

/**
 * Orders two timestamps at full precision (negative: `a` is earlier). Unreadable text sorts after
 * every readable time, then by code point, so the order stays total and deterministic.
 */
export function compareTimestamps(a: string, b: string): number {
  const x = parseTimestamp(a);
  const y = parseTimestamp(b);

  if (x && y) return compareInstants(x, y);
  if (x) return -1;
  if (y) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders two instants (negative: `x` is earlier). Both parts are exact integers. */
export function compareInstants(x: Instant, y: Instant): number {
  return x.seconds - y.seconds || x.nanos - y.nanos;
}

/**
 * Stands for a non-digit: large enough that a date or time field read with it stays negative,
 * small enough that those fields stay within 32 bits for the `|` test below.
 */
const NOT_A_DIGIT = -1_000_000;

/** The digit at `i` as a number, or NOT_A_DIGIT. */
function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NOT_A_DIGIT;
}

/** The two-digit number at `i`; negative unless both are digits. */
function twoDigits(text: string, i: number): number {
  return digitAt(text, i) * 10 + digitAt(text, i + 1);
}

/**
 * `YYYY-MM-DD[T t space]HH:MM:SS`, then optionally `.` or `,` and 1 to 9 digits, then optionally
 * `Z`/`z`. False when the text has another shape (the general reader decides then) or is not a
 * real date and time.
 */
function readCommon(text: string, into: Instant): boolean {
  const length = text.length;
  if (length < 19 || length > 30) return false;

  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  const separator = text.charCodeAt(10);
  const shaped =
    (year | month | day | hour | minute | second) >= 0 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    (separator === 84 || separator === 116 || separator === 32) &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58;
  if (!shaped) return false;

  let end = length;
  const last = text.charCodeAt(end - 1);
  if (last === 90 || last === 122) end--;
  let nanos = 0;
  if (end > 19) {
    const mark = text.charCodeAt(19);
    const digits = end - 20;
    if ((mark !== 46 && mark !== 44) || digits < 1 || digits > 9) return false;
    for (let i = 20; i < end; i++) {
      const d = digitAt(text, i);
      if (d < 0) return false;
      nanos = nanos * 10 + d;
    }
    nanos *= NANO_SCALE[digits];
  }

  // Years below 100 are left to the general reader, which rejects them as Date.UTC does.
  if (year < 100) return false;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 59) return false;

  const days = daysFromCivil(year, month, day);
  into.seconds = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
  into.nanos = nanos;
  return true;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (the calendar Date.UTC uses). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100);
  return era * 146_097 + dayOfEra + dayOfYear - 719_468;
}

function readGeneral(text: string, into: Instant): boolean {
  const m = TIMESTAMP.exec(text);

  if (!m) return false;

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

  if (!valid) return false;

  const nanos = Number((m[7] ?? '').padEnd(9, '0'));
  const zone = m[8];
  let offsetSeconds = 0;
  if (zone && zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const zoneHours = Number(digits.slice(0, 2));
    const zoneMinutes = Number(digits.slice(2, 4) || 0);
    if (zoneHours > 23 || zoneMinutes > 59) return false;
    offsetSeconds = sign * (zoneHours * 3600 + zoneMinutes * 60);
  }

  into.seconds = ms / 1000 - offsetSeconds;
  into.nanos = nanos;
  return true;
}
