/**
 * Reads one profile's identities from what a user has at hand: a Profile API `/external_ids`
 * response, a plain list of `{ type, id, created_at }`, or Profiles Sync `user_identifiers` rows
 * (objects or CSV text). Bad records become findings that say what and where; only text that
 * cannot be read at all throws, with its line (and column for JSON).
 */
import Papa from 'papaparse';
import { escapeInvisible, invisibleCharacters } from './findings.js';
import { findDuplicateKeys, locateJsonError } from './json-locate.js';
import { parseTimestamp, compareTimestamps } from './timestamp.js';
import {
  DEFAULT_BLOCKED_VALUES,
  DEFAULT_LIMIT,
  DEFAULT_LIMITS,
  blockedBy,
  limitFor,
} from './simulate/settings.js';
import type { Finding, Identity } from './types.js';

export { compareTimestamps, parseTimestamp, type Instant } from './timestamp.js';

type Path = (string | number)[];

export interface ParsedIdentities {
  identities: Identity[];
  findings: Finding[];
}

/** One record read by `identityFromRecord`. */
export interface RecordResult {
  /** Absent when the record is not a usable identity (the findings say why). */
  identity?: Identity;
  findings: Finding[];
  /** The record's `canonical_segment_id`, for `user_identifiers` rows. */
  profile?: string;
}

export interface ParseIdentitiesOptions {
  /** Blocked-value patterns to warn about (Segment's suggested ones by default). */
  blockedValues?: readonly string[];
  limits?: Readonly<Record<string, number>>;
  defaultLimit?: number;
}

/**
 * Reads one profile's identities from a JSON value or text. Text whose first non-blank character
 * is `{` or `[` is JSON; other text is CSV with a header row. Throws only when the text itself is
 * unreadable; everything else becomes findings.
 */
export function parseIdentities(
  input: unknown,
  options: ParseIdentitiesOptions = {},
): ParsedIdentities {
  if (typeof input === 'string') {
    const text = input.replace(/^\uFEFF/, '');
    const first = /\S/.exec(text)?.[0];

    if (first === undefined) return emptyInput();
    if (first === '{' || first === '[') {
      const parsed = fromValue(parseJsonText(text), options);
      return { ...parsed, findings: [...duplicateKeyWarnings(text), ...parsed.findings] };
    }
    return fromCsv(text, options);
  }

  return fromValue(input, options);
}

/**
 * One record in any of the accepted shapes -> an Identity, or findings saying why not. `location`
 * is where the record sits in its input (`['data', 3]`, `['line', 7]`) and prefixes every path.
 */
export function identityFromRecord(record: unknown, location: Path): RecordResult {
  const findings: Finding[] = [];
  const error = (code: string, message: string, field?: string): RecordResult => {
    findings.push({
      severity: 'error',
      code,
      message: `${where(location)}: ${message}`,
      path: field === undefined ? location : [...location, field],
    });
    return { findings };
  };

  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return error(
      'identity-shape',
      'expected an object with type, id and created_at (or a user_identifiers row), got ' +
        describe(record),
    );
  }

  const fields = lowerKeys(record as Record<string, unknown>);
  const warehouse = 'canonical_segment_id' in fields || ('value' in fields && !('id' in fields));
  const idField = warehouse ? 'value' : 'id';
  const type = fields.type;
  const id = fields[idField];
  const profile = warehouse ? fields.canonical_segment_id : undefined;

  if (type === undefined || type === null || type === '')
    return error('identity-missing-field', 'the identity has no type', 'type');
  if (typeof type !== 'string')
    return error('identity-field-type', `type must be text, got ${describe(type)}`, 'type');
  if (type !== type.trim())
    return error(
      'identity-type-invalid',
      `type ${JSON.stringify(type)} has surrounding spaces`,
      'type',
    );
  if (type !== type.toLowerCase()) {
    return error(
      'identity-type-case',
      `type ${JSON.stringify(type)} is not lower-case; Segment identity types are lower-case (use ${JSON.stringify(type.toLowerCase())})`,
      'type',
    );
  }
  if (id === undefined || id === null)
    return error('identity-missing-field', `the ${type} identity has no ${idField}`, idField);
  if (typeof id !== 'string')
    return error('identity-field-type', `${idField} must be text, got ${describe(id)}`, idField);
  if (warehouse && (typeof profile !== 'string' || profile.trim() === '')) {
    return error(
      'identity-missing-field',
      'the user_identifiers row has no canonical_segment_id',
      'canonical_segment_id',
    );
  }

  let timeField = warehouse ? 'timestamp' : 'created_at' in fields ? 'created_at' : 'createdat';
  let time = fields[timeField];
  const label = warehouse ? 'timestamp' : 'created_at';

  if (warehouse && (time === undefined || time === null || time === '')) {
    const received = fields.received_at;
    if (received === undefined || received === null || received === '')
      return error(
        'identity-missing-field',
        'the row has neither timestamp nor received_at',
        'timestamp',
      );
    timeField = 'received_at';
    time = received;
    findings.push({
      severity: 'warning',
      code: 'identity-time-fallback',
      message: `${where(location)}: the ${type} ${JSON.stringify(id)} has no timestamp (a backfilled row), so its received_at orders it; first/last may then differ from Segment's order.`,
      path: [...location, 'timestamp'],
    });
  }
  if (time === undefined || time === null || time === '')
    return error('identity-missing-field', `the ${type} identity has no ${label}`, label);
  if (typeof time !== 'string')
    return error('identity-field-type', `${label} must be text, got ${describe(time)}`, timeField);
  if (!parseTimestamp(time)) {
    return error(
      'identity-bad-time',
      `${timeField} ${JSON.stringify(time)} is not a timestamp such as 2024-01-02T03:04:05Z`,
      timeField,
    );
  }
  if (id.trim() === '') {
    findings.push({
      severity: 'warning',
      code: 'identity-blank',
      message: `${where(location)}: the ${type} value is blank, and a blank value is never an identity; it is dropped.`,
      path: [...location, idField],
    });
    return { findings, profile: profile as string | undefined };
  }

  const hidden = invisibleCharacters(id);
  if (hidden.length > 0) {
    // Kept as given: it is the value Segment holds and would send, hidden characters included.
    const listed = hidden.map((h) => `${h.character} at position ${h.position}`);
    findings.push({
      severity: 'warning',
      code: 'identity-invisible-character',
      message: `${where(location)}: the ${type} value ${escapeInvisible(JSON.stringify(id))} holds ${hidden.length === 1 ? 'an invisible character' : `${hidden.length} invisible characters`} (${listed.join(', ')}), so it reads as another value on screen. It is kept and sent exactly as given; check where it came from.`,
      path: [...location, idField],
    });
  }

  return {
    identity: { type, id, createdAt: time },
    findings,
    profile: profile as string | undefined,
  };
}

function fromValue(value: unknown, options: ParseIdentitiesOptions): ParsedIdentities {
  if (Array.isArray(value))
    return collect(
      value.map((r, i) => [r, [i]]),
      [],
      options,
    );

  if (typeof value === 'object' && value !== null && 'data' in value) {
    const response = value as { data: unknown; cursor?: unknown };
    const findings: Finding[] = [];

    if (!Array.isArray(response.data)) {
      return {
        identities: [],
        findings: [
          {
            severity: 'error',
            code: 'identities-shape',
            message: `data must be the array of identities of a Profile API /external_ids response, got ${describe(response.data)}.`,
            path: ['data'],
          },
        ],
      };
    }
    const cursor = response.cursor as { has_more?: unknown } | undefined;
    if (typeof cursor === 'object' && cursor !== null && cursor.has_more === true) {
      findings.push({
        severity: 'warning',
        code: 'identities-incomplete',
        message:
          'This is one page of a longer identity list (cursor.has_more is true): it is simulated as given, and first/last may change once every page is read.',
        path: ['cursor', 'has_more'],
      });
    }
    return collect(
      response.data.map((r, i) => [r, ['data', i]]),
      findings,
      options,
    );
  }

  return {
    identities: [],
    findings: [
      {
        severity: 'error',
        code: 'identities-shape',
        message: `Expected a Profile API /external_ids response ({ data, cursor }), an array of { type, id, created_at } or user_identifiers rows; got ${describe(value)}.`,
        path: [],
      },
    ],
  };
}

function fromCsv(text: string, options: ParseIdentitiesOptions): ParsedIdentities {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  const findings: Finding[] = [];
  const records: [unknown, Path][] = [];
  let header: string[] | undefined;
  let headerLine = 1;
  let previousEnd = 0;
  let unreadable: Error | undefined;

  Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      let start = previousEnd;
      while (start < text.length && /[\r\n]/.test(text[start])) start++;
      previousEnd = result.meta.cursor;
      const line = lineOf(start);
      const quoteError = result.errors.find((e) => e.type === 'Quotes');

      if (quoteError) {
        const at = lineOf(quoteError.index ?? start);
        unreadable = new Error(
          `Not valid CSV at line ${Math.min(at, line)}: a quoted field is not closed.`,
        );
        parser.abort();
        return;
      }

      const cells = result.data;

      if (!header) {
        header = cells.map((c) => c.trim().toLowerCase());
        headerLine = line;
        return;
      }

      if (cells.length !== header.length) {
        findings.push({
          severity: 'error',
          code: 'identity-shape',
          message: `Line ${line}: expected ${header.length} fields as in the header, found ${cells.length}; the line is skipped.`,
          path: ['line', line],
        });
        return;
      }
      records.push([Object.fromEntries(header.map((h, i) => [h, cells[i]])), ['line', line]]);
    },
  });

  if (unreadable) throw unreadable;
  if (!header) return emptyInput();

  const hasWarehouse = header.includes('value');
  const needed = hasWarehouse ? ['canonical_segment_id', 'type', 'value'] : ['type', 'id'];
  const missing = needed.filter((c) => !header?.includes(c));
  const hasTime = hasWarehouse
    ? header.includes('timestamp') || header.includes('received_at')
    : header.includes('created_at') || header.includes('createdat');
  if (!hasTime) missing.push(hasWarehouse ? 'timestamp or received_at' : 'created_at');

  if (missing.length > 0) {
    return {
      identities: [],
      findings: [
        ...findings,
        {
          severity: 'error',
          code: 'identities-shape',
          message: `Line ${headerLine}: the CSV header lacks ${missing.join(', ')}; expected the user_identifiers columns canonical_segment_id, type, value, timestamp (or received_at), or type, id, created_at.`,
          path: ['line', headerLine],
        },
      ],
    };
  }

  return collect(records, findings, options);
}

function collect(
  records: [unknown, Path][],
  findings: Finding[],
  options: ParseIdentitiesOptions,
): ParsedIdentities {
  const identities: Identity[] = [];
  const locations: Path[] = [];
  const profiles = new Map<string, Path>();

  for (const [record, location] of records) {
    const result = identityFromRecord(record, location);
    findings.push(...result.findings);
    if (result.profile !== undefined && !profiles.has(result.profile))
      profiles.set(result.profile, location);
    if (result.identity) {
      identities.push(result.identity);
      locations.push(location);
    }
  }

  if (profiles.size > 1) {
    const [, second] = [...profiles.entries()];
    findings.push({
      severity: 'error',
      code: 'identities-several-profiles',
      message: `The rows belong to ${profiles.size} profiles (canonical_segment_id ${[...profiles.keys()].map((p) => JSON.stringify(p)).join(', ')}); one profile is read at a time, so split them or use the batch import.`,
      path: second[1],
    });
    return { identities: [], findings };
  }

  if (records.length === 0) findings.push(...emptyInput().findings);

  findings.push(...limitAndBlockFindings(identities, locations, options));

  return { identities, findings };
}

function limitAndBlockFindings(
  identities: Identity[],
  locations: Path[],
  options: ParseIdentitiesOptions,
): Finding[] {
  const findings: Finding[] = [];
  const blocked = options.blockedValues ?? DEFAULT_BLOCKED_VALUES;
  const byType = new Map<string, number[]>();

  identities.forEach((identity, i) => {
    const pattern = blockedBy(identity.id, blocked);
    if (pattern !== undefined) {
      findings.push({
        severity: 'warning',
        code: 'identity-blocked',
        message: `${where(locations[i])}: the ${identity.type} value ${JSON.stringify(identity.id)} matches the blocked value pattern ${pattern}, so Segment never makes it an identity; the simulator drops it.`,
        path: locations[i],
      });
    }
    byType.set(identity.type, [...(byType.get(identity.type) ?? []), i]);
  });

  for (const [type, indexes] of byType) {
    const limit = limitFor(
      type,
      options.limits ?? DEFAULT_LIMITS,
      options.defaultLimit ?? DEFAULT_LIMIT,
    );
    if (indexes.length <= limit) continue;
    const ordered = [...indexes].sort((a, b) =>
      compareTimestamps(identities[a].createdAt, identities[b].createdAt),
    );
    findings.push({
      severity: 'warning',
      code: 'identity-over-limit',
      message: `The profile has ${indexes.length} ${type} values but identity resolution keeps at most ${limit}; it is simulated as given, though Segment would not have attached the later ones.`,
      path: locations[ordered[limit]],
    });
  }

  return findings;
}

/** JSON text -> value; unreadable text throws an Error naming line and column. */
function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const at = locateJsonError(text);
    const where = at ? `line ${at.line}, column ${at.column}: ${at.reason}` : 'its end';
    throw new Error(`Not valid JSON at ${where}.`);
  }
}

/**
 * A key given twice in one object ({"id": "a", "id": "b"}): JSON.parse keeps the last value, so
 * the first is lost without a word. A warning, since the identity that remains is still usable.
 */
function duplicateKeyWarnings(text: string): Finding[] {
  return findDuplicateKeys(text).map((d) => ({
    severity: 'warning',
    code: 'identity-duplicate-key',
    message: `The key ${JSON.stringify(d.key)} appears twice in one object, at line ${d.firstLine} and line ${d.line}; only the value at line ${d.line} is read.`,
    path: [...d.path, d.key],
  }));
}

function emptyInput(): ParsedIdentities {
  return {
    identities: [],
    findings: [
      {
        severity: 'warning',
        code: 'identities-empty',
        message: 'The input holds no identities.',
        path: [],
      },
    ],
  };
}

function lowerKeys(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const lower = key.trim().toLowerCase();
    if (!(lower in out)) out[lower] = value;
  }
  return out;
}

function where(location: Path): string {
  if (location[0] === 'line') return `Line ${location[1]}`;
  if (location[0] === 'data') return `data[${location[1]}]`;
  return location.length === 0 ? 'The input' : `Item ${location.join('.')}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 40))}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
