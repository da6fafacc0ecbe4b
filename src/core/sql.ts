/**
 * Warehouse SQL for a config: per profile, the identifier values the config sends on audience
 * entry, computed over Profiles Sync's `user_identifiers` view (columns `canonical_segment_id,
 * type, value, seq, received_at, uuid_ts, timestamp`). The result has one row per value sent,
 * with the columns `canonical_segment_id, type, value, map_to`.
 *
 * It is the set-based twin of `simulate(...).selection`, for runs too large for one machine; a
 * differential test keeps the two in step. docs/sql.md explains every step.
 *
 * Pure: no I/O. Every identifier and literal that comes from a config or an option is quoted by
 * the dialect's own rules, so a hostile string in a config cannot break out of its literal.
 */
import { findDestination, MOBILE_AD_ID_TYPES } from './catalog.js';
import { buildPlan, type Placement } from './simulate/plan.js';
import { resolveSettings } from './simulate/settings.js';
import type { Destination, IdSyncConfig, SimulationSettings, Strategy } from './types.js';

export type SqlDialect = 'duckdb' | 'postgres' | 'snowflake' | 'bigquery';

export const SQL_DIALECTS: readonly SqlDialect[] = ['duckdb', 'postgres', 'snowflake', 'bigquery'];

export interface ToSqlOptions {
  dialect: SqlDialect;
  /**
   * The table or view to read, default `user_identifiers`. A string is split on dots into
   * qualified parts (`analytics.user_identifiers`); an array gives the parts as they are.
   */
  table?: string | readonly string[];
  /** Simulator switches. The SQL honours those that decide *which* values are sent (blocked
   * values, the mobile-id gate, the default identifier set); a tie-break by input order has no
   * meaning over a table and is refused. */
  settings?: Partial<SimulationSettings>;
  /** A destination descriptor for an id outside the built-in catalog. */
  destination?: Destination;
}

/** One step of the send plan: which identifier types, chosen how, sent under which key. */
export interface SendPlanStep {
  /** Types ranked together. Usually one; a destination default may rank several as one pool
   * (Google Ads Remarketing Lists sends the most recent mobile id of either platform). */
  types: string[];
  strategy: Strategy;
  /** The destination key per type. */
  mapTo: Record<string, string>;
}

/** Types that make a profile an audience member on their own (the audience page of Segment's
 * docs: a profile needs a user_id, email or mobile advertising id; anonymous_id only when the
 * audience includes anonymous users). */
const MEMBERSHIP_TYPES = ['user_id', 'email', ...MOBILE_AD_ID_TYPES];

/**
 * The per-type plan the config sends on entry, taken from the simulator's own plan so the SQL and
 * `simulate` cannot drift apart on which types are sent, how, and under which key.
 */
export function sendPlan(
  config: IdSyncConfig,
  options: Omit<ToSqlOptions, 'dialect'> = {},
): SendPlanStep[] {
  const destination =
    options.destination?.id === config.destination
      ? options.destination
      : findDestination(config.destination);
  if (!destination) {
    throw new RangeError(
      `toSql: destination ${JSON.stringify(config.destination)} is not in the catalog and no descriptor was given.`,
    );
  }
  const { settings } = resolveSettings(options.settings);
  const plan = buildPlan({
    config,
    destination,
    settings,
    transition: 'entered',
    present: new Set(),
  });

  return plan.dimensions.map((d) => ({
    types: [...d.types],
    strategy: d.strategy,
    mapTo: Object.fromEntries(
      d.types.map((t) => [
        t,
        d.row !== undefined
          ? config.idSyncConfiguration[d.row].mapTo
          : placementKey(d.placement, t),
      ]),
    ),
  }));
}

/** Where Default Setup puts a value, as a key: the list column, or the payload field. */
function placementKey(placement: Placement, type: string): string {
  switch (placement.kind) {
    case 'column':
      return placement.column;
    case 'key':
      return placement.key;
    case 'userId':
      return placement.key ?? 'userId';
    case 'anonymousId':
      return placement.key ?? 'anonymousId';
    case 'email':
      return 'email';
    case 'device':
      return 'context.device.advertisingId';
    default:
      return type;
  }
}

/** Characters Snap Audiences strips from a phone number before hashing. */
const SNAP_PHONE_NOISE = '[[:space:]()+-]';

/**
 * Values a list destination's column normalisation turns into nothing, as a pattern the whole
 * value must match; such a value is left out of its row instead of sending the hash of an empty
 * string, so it is not sent. Mirrors `normaliseColumn` for phone columns (the only ones a
 * non-blank value commonly empties); a value that already is a SHA-256 hash is never empty, which
 * `HEX_HASH` covers where the destination checks for it.
 */
function emptyAfterNormalisation(
  destinationId: string,
  column: string,
): { pattern: string; unlessHash: boolean } | undefined {
  switch (`${destinationId} ${column}`) {
    // Snap removes spaces, brackets, + and -, then a leading 00, then a leading 0.
    case 'snap-audiences phone':
      return {
        pattern: `${SNAP_PHONE_NOISE}*(0${SNAP_PHONE_NOISE}*){0,3}`,
        unlessHash: true,
      };
    // Facebook keeps the digits without leading zeros; Google's formatter sends nothing when the
    // digits are all zeros. Either way: no digit 1–9, nothing left.
    case 'facebook-custom-audiences PHONE':
    case 'google-ads-remarketing-lists phone':
      return { pattern: '[^1-9]*', unlessHash: false };
    case 'facebook-custom-audiences-actions PHONE':
    case 'google-customer-match phone':
      return { pattern: '[^1-9]*', unlessHash: true };
    default:
      return undefined;
  }
}

/** A SHA-256 in hex, with the surrounding white space destinations trim before checking. */
const HEX_HASH = '[[:space:]]*[0-9a-fA-F]{64}[[:space:]]*';

/** The SQL that selects, per profile, the identifier values a config sends on entry. */
export function toSql(config: IdSyncConfig, options: ToSqlOptions): string {
  const q = quoting(options.dialect);
  if (options.settings?.tieBreak === 'input-order') {
    throw new RangeError(
      'toSql: a tie-break by input order has no meaning over a table; use "value".',
    );
  }
  const plan = sendPlan(config, options);
  const blocked = resolveSettings(options.settings).settings.blockedValues;
  const tableParts =
    typeof options.table === 'string'
      ? options.table.split('.')
      : (options.table ?? ['user_identifiers']);
  if (tableParts.length === 0 || tableParts.some((p) => p.length === 0)) {
    throw new RangeError(`toSql: the table name "${tableParts.join('.')}" has an empty part.`);
  }
  const table = tableParts.map((p) => q.ident(p)).join('.');
  const col = (name: string): string => q.ident(q.column(name));

  const planTypes = plan.flatMap((step) => step.types);
  const membership = [
    ...MEMBERSHIP_TYPES,
    ...(config.connectionSettings.includeAnonymousUsers ? ['anonymous_id'] : []),
  ];
  const caseOf = (pick: (type: string, step: SendPlanStep, index: number) => string): string =>
    plan.length === 0
      ? 'NULL'
      : `CASE i."type" ${plan
          .flatMap((step, index) =>
            step.types.map((t) => `WHEN ${q.lit(t)} THEN ${pick(t, step, index)}`),
          )
          .join(' ')} END`;
  // Snap Audiences drops rows that are equal once normalised (trimmed, lower-cased), so of two
  // values that differ only in case or surrounding spaces only the first is sent.
  const destinationId = options.destination?.id ?? config.destination;
  const sameRow = destinationId === 'snap-audiences' ? 'LOWER(TRIM(i."value"))' : 'i."value"';
  const blockedTest = blocked.map((p) => q.fullMatch('"value"', p));
  const emptyTest = (step: SendPlanStep, type: string): string | undefined => {
    const rule = emptyAfterNormalisation(destinationId, step.mapTo[type] ?? type);
    if (!rule) return undefined;
    const empty = q.fullMatch('i."value"', rule.pattern);
    return rule.unlessHash ? `(${empty} AND NOT ${q.fullMatch('i."value"', HEX_HASH)})` : empty;
  };
  const canEmpty = plan.some((step) => step.types.some((t) => emptyTest(step, t) !== undefined));
  const inList = (column: string, values: string[]): string =>
    values.length === 0 ? 'FALSE' : `${column} IN (${values.map((v) => q.lit(v)).join(', ')})`;

  // Lines are built as a list so each step of the pipeline reads on its own.
  const lines = [
    `-- idsync-studio: identifiers sent on audience entry for destination ${q.comment(config.destination)}`,
    `-- (${config.setup === 'customized' && config.idSyncConfiguration.length > 0 ? 'Customized Setup' : 'Default Setup'}); columns canonical_segment_id, type, value, map_to.`,
    'WITH source_rows AS (',
    '  -- A backfilled row has no timestamp: its received_at orders it instead.',
    `  SELECT ${col('canonical_segment_id')} AS "canonical_segment_id", ${col('type')} AS "type",`,
    `    ${col('value')} AS "value", ${col('seq')} AS "seq",`,
    `    COALESCE(${col('timestamp')}, ${col('received_at')}) AS "added_at"`,
    `  FROM ${table}`,
    '),',
    'identities AS (',
    '  -- Blank and blocked values are never identities; a value seen twice keeps its first time',
    '  -- and its first place in the sequence.',
    '  SELECT "canonical_segment_id", "type", "value", MIN("added_at") AS "added_at", MIN("seq") AS "seq"',
    '  FROM source_rows',
    `  WHERE "value" IS NOT NULL AND "added_at" IS NOT NULL AND NOT ${q.fullMatch('"value"', '\\s*')}`,
    ...blockedTest.map((t) => `    AND NOT ${t}`),
    '  GROUP BY "canonical_segment_id", "type", "value"',
    '),',
    'members AS (',
    '  SELECT DISTINCT "canonical_segment_id" FROM identities',
    `  WHERE ${inList('"type"', membership)}`,
    '),',
    'planned AS (',
    '  SELECT i."canonical_segment_id", i."type", i."value", i."added_at", i."seq",',
    `    ${caseOf((_t, step) => q.lit(step.strategy))} AS "strategy",`,
    `    ${caseOf((t, step) => q.lit(step.mapTo[t] ?? t))} AS "map_to",`,
    `    ${caseOf((_t, _s, index) => String(index))} AS "step",`,
    `    ${sameRow} AS "row_key"${canEmpty ? ',' : ''}`,
    ...(canEmpty
      ? [
          '    -- A value the destination normalises to nothing is chosen, then left out of its row.',
          `    ${caseOf((t, step) => emptyTest(step, t) ?? 'FALSE')} AS "emptied"`,
        ]
      : []),
    '  FROM identities i',
    '  JOIN members m ON m."canonical_segment_id" = i."canonical_segment_id"',
    `  WHERE ${inList('i."type"', planTypes)}`,
    '),',
    'ranked AS (',
    '  -- first = oldest, last = newest; a tie on time goes by value, in code-point order, and one on',
    '  -- both (the same value under two types of one step) by seq. Of values of one type the',
    '  -- destination treats as one row (twins), only the first is sent; equal values of two types',
    '  -- are two sends, so the type is part of the twin key.',
    '  SELECT p.*,',
    `    ROW_NUMBER() OVER (PARTITION BY "canonical_segment_id", "step" ORDER BY "added_at" ASC, ${q.binary('"value"')} ASC, "seq" ASC) AS "oldest_rank",`,
    `    ROW_NUMBER() OVER (PARTITION BY "canonical_segment_id", "step" ORDER BY "added_at" DESC, ${q.binary('"value"')} DESC, "seq" DESC) AS "newest_rank",`,
    `    ROW_NUMBER() OVER (PARTITION BY "canonical_segment_id", "step", "type", "row_key" ORDER BY "added_at" ASC, ${q.binary('"value"')} ASC) AS "twin_rank"`,
    '  FROM planned p',
    ')',
    'SELECT "canonical_segment_id", "type", "value", "map_to"',
    'FROM ranked',
    `WHERE ${canEmpty ? 'NOT "emptied" AND (' : ''}("strategy" = 'all' AND "twin_rank" = 1) OR ("strategy" = 'first' AND "oldest_rank" = 1) OR ("strategy" = 'last' AND "newest_rank" = 1)${canEmpty ? ')' : ''}`,
    `ORDER BY "canonical_segment_id", "step", "added_at", ${q.binary('"value"')};`,
  ];
  return q.finish(lines.join('\n')) + '\n';
}

interface Quoting {
  ident(name: string): string;
  /** The physical column name as the warehouse stores it. */
  column(name: string): string;
  lit(value: string): string;
  fullMatch(expr: string, pattern: string): string;
  /** An expression ordering strings by code point regardless of the database collation. */
  binary(expr: string): string;
  comment(text: string): string;
  /** Rewrites the internal `"name"` spelling of generated names into the dialect's own. */
  finish(sql: string): string;
}

function assertNoNul(value: string): void {
  // No dialect can carry U+0000 inside a text literal; refusing beats silently truncating.
  if (value.includes('\u0000')) {
    throw new RangeError('toSql: a name or value in the config contains a NUL character (U+0000).');
  }
}

function doubleQuoted(name: string): string {
  assertNoNul(name);
  return `"${name.replaceAll('"', '""')}"`;
}

function quoting(dialect: SqlDialect): Quoting {
  // A comment carries the destination id for the reader; anything but printable ASCII is escaped
  // so no character can end the comment early in any dialect.
  const comment = (text: string): string =>
    JSON.stringify(text).replace(
      /[^\x20-\x7e]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  switch (dialect) {
    case 'duckdb':
      return {
        ident: doubleQuoted,
        column: (n) => n,
        lit: (v) => (assertNoNul(v), `'${v.replaceAll("'", "''")}'`),
        fullMatch: (e, p) => `regexp_full_match(${e}, ${quoting('duckdb').lit(p)})`,
        binary: (e) => e,
        comment,
        finish: (sql) => sql,
      };
    case 'postgres': {
      // An E'' literal means the same whatever standard_conforming_strings is set to.
      const lit = (v: string): string => {
        assertNoNul(v);
        return v.includes('\\')
          ? `E'${v.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`
          : `'${v.replaceAll("'", "''")}'`;
      };
      return {
        ident: doubleQuoted,
        column: (n) => n,
        lit,
        fullMatch: (e, p) => `(${e} ~ ${lit(`^(${p})$`)})`,
        binary: (e) => `${e} COLLATE "C"`,
        comment,
        finish: (sql) => sql,
      };
    }
    case 'snowflake': {
      // Snowflake reads backslash escapes inside '' literals, so backslashes are doubled too.
      const lit = (v: string): string => {
        assertNoNul(v);
        return `'${v.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
      };
      return {
        ident: (n) => doubleQuoted(/^[A-Za-z_][A-Za-z0-9_$]*$/.test(n) ? n.toUpperCase() : n),
        // Profiles Sync creates unquoted (so upper-case) column names in Snowflake.
        column: (n) => n.toUpperCase(),
        lit,
        // REGEXP_LIKE matches the whole subject already.
        fullMatch: (e, p) => `REGEXP_LIKE(${e}, ${lit(`(${p})`)})`,
        binary: (e) => `COLLATE(${e}, 'utf8')`,
        comment,
        finish: (sql) => sql,
      };
    }
    case 'bigquery': {
      const lit = (v: string): string => {
        assertNoNul(v);
        const escaped = v
          .replaceAll('\\', '\\\\')
          .replaceAll("'", "\\'")
          .replaceAll('\n', '\\n')
          .replaceAll('\r', '\\r');
        return `'${escaped}'`;
      };
      const ident = (n: string): string => {
        assertNoNul(n);
        return `\`${n.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('\n', '\\n')}\``;
      };
      return {
        ident,
        column: (n) => n,
        lit,
        fullMatch: (e, p) => `REGEXP_CONTAINS(${e}, ${lit(`^(${p})$`)})`,
        binary: (e) => e,
        comment,
        // Generated names are plain words, so turning "x" into `x` outside literals is safe; the
        // replacement skips quoted literals, which may hold double quotes of their own.
        finish: (sql) =>
          rewriteOutsideLiterals(sql, (chunk) => chunk.replace(/"([a-z_]+)"/g, '`$1`')),
      };
    }
    default:
      throw new RangeError(
        `toSql: unknown dialect "${String(dialect)}"; expected one of ${SQL_DIALECTS.join(', ')}.`,
      );
  }
}

/** Applies `fn` to the parts of a BigQuery statement outside '…' literals, comments and `…`. */
function rewriteOutsideLiterals(sql: string, fn: (chunk: string) => string): string {
  let out = '';
  let chunkStart = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '`') {
      out += fn(sql.slice(chunkStart, i));
      let j = i + 1;
      while (j < sql.length && sql[j] !== ch) j += sql[j] === '\\' ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
      chunkStart = i;
    } else if (ch === '-' && sql[i + 1] === '-') {
      out += fn(sql.slice(chunkStart, i));
      const end = sql.indexOf('\n', i);
      const j = end === -1 ? sql.length : end;
      out += sql.slice(i, j);
      i = j;
      chunkStart = i;
    } else {
      i++;
    }
  }
  return out + fn(sql.slice(chunkStart));
}
