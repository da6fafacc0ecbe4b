/**
 * `idsync`: the command line of idsync-studio (Node 20, no DOM). docs/cli.md is its manual.
 *
 * Exit codes: 0 done; 1 the config (or the export) has error findings; 2 usage error or input
 * that cannot be read, with a message saying what and where.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  BatchSimulator,
  DEFAULT_MAX_IDENTITIES_PER_PROFILE,
  parseJsonDocument,
  profilesFromJson,
  runBatch,
  type BatchFormat,
  type BatchSummary,
  type CsvGrouping,
  type FindingCount,
  type ProfileOutcome,
} from '../core/batch/index.js';
import { describePath, escapeInvisible } from '../core/findings.js';

import { lintConfig } from '../core/lint.js';
import { parseConfig } from '../core/parse-config.js';
import { toPublicApi } from '../core/public-api.js';
import { RULES } from '../core/simulate/rules.js';
import { SQL_DIALECTS, toSql, type SqlDialect } from '../core/sql.js';
import type { Finding, IdSyncConfig } from '../core/types.js';

/** A problem with the command line or its input: exit code 2. */
class UsageError extends Error {}

const HELP: Record<string, string> = {
  main: `idsync: check, simulate and export Segment Engage ID Sync configs

Usage:
  idsync lint CONFIG.json [--json]
  idsync simulate --config CONFIG.json --profiles FILE|- [--transition exited] [--json] [--explain]
  idsync sql --config CONFIG.json --dialect duckdb|postgres|snowflake|bigquery [--table NAME]
  idsync export --public-api create|update CONFIG.json

Run "idsync COMMAND --help" for one command.
Exit codes: 0 ok, 1 findings with errors, 2 usage error or unreadable input.
`,
  lint: `idsync lint CONFIG.json [--json]

Reads a config document (or a Public API connection object) and prints its findings, one per line:
severity, code, where, and what to do. With --json prints them as a JSON array.
Exit 1 when any finding is an error.
`,
  simulate: `idsync simulate --config CONFIG.json --profiles FILE|- [options]

FILE holds profiles, read as a stream; it may be a file, a pipe such as <(zcat export.csv.gz), or
"-" for standard input:
  *.json   one profile (any shape parseIdentities accepts) or an array of profiles
  *.jsonl  one profile per line; Profile API pages, one per line, are recognised by their "data"
           array, and a page with cursor.has_more continues on the next line
  *.csv    a Profiles Sync user_identifiers export; the rows of a profile must be contiguous
           (order the export by canonical_segment_id)
Other names (and standard input) are recognised by their first line.

Options:
  --transition entered|exited   audience transition (default entered)
  --json                        JSONL: one line per profile, per bad line, then the summary
  --explain                     list the rules behind every event and row
  --format jsonl|profile-api|user-identifiers|json   skip format detection (json: one document,
                                read whole, as for *.json)
  --sorted                      the CSV is sorted by canonical_segment_id: every out-of-order
                                row is then detected exactly
  --max-rows-per-profile N      rows (CSV) or page items (Profile API) one profile may have
                                (default ${DEFAULT_MAX_IDENTITIES_PER_PROFILE}); a larger profile is skipped and reported

The rows of the profile being read are held in memory until it ends; the per-profile cap keeps a
broken or unsorted export from exhausting memory. Segment keeps at most 1000 identifier mappings
per profile, so only an export with many duplicate or history rows per profile needs more.

Prints the profiles read, eligible profiles, events and rows under Default Setup and under the
config, the values dropped and why, and the bad lines (which never stop the run).
Exit 1 when the config has error findings; 2 when FILE cannot be read or holds no readable profile.
`,
  sql: `idsync sql --config CONFIG.json --dialect duckdb|postgres|snowflake|bigquery [--table NAME]

Prints SQL that selects, per profile, the identifier values the config sends on audience entry,
over a Profiles Sync user_identifiers table (default name user_identifiers; NAME may be qualified,
e.g. analytics.user_identifiers). Result columns: canonical_segment_id, type, value, map_to.
Exit 1 when the config has error findings.
`,
  export: `idsync export --public-api create|update CONFIG.json

Prints the body of a Segment Public API call that adds (create) or updates (update) the audience
destination connection with this ID Sync config. Findings go to standard error; when any is an
error nothing is printed on standard output and the exit code is 1.
`,
};

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const io: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP.main);
    return command === undefined ? 2 : 0;
  }
  if (!(command in HELP) || command === 'main') {
    throw new UsageError(`Unknown command "${command}". Commands: lint, simulate, sql, export.`);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(HELP[command]);
    return 0;
  }
  switch (command) {
    case 'lint':
      return lint(rest);
    case 'simulate':
      return simulateCommand(rest);
    case 'sql':
      return sql(rest);
    default:
      return exportCommand(rest);
  }
}

function args(
  argv: string[],
  options: Record<string, { type: 'string' | 'boolean' }>,
  command: string,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return {
      values: parsed.values as Record<string, string | boolean | undefined>,
      positionals: parsed.positionals,
    };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. See "idsync ${command} --help".`);
  }
}

function requireString(value: string | boolean | undefined, name: string, command: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new UsageError(`Missing ${name}. See "idsync ${command} --help".`);
  }
  return value;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

function formatFinding(file: string, f: Finding): string {
  const where = f.path.length > 0 ? ` at ${describePath(f.path)}` : '';
  return `${file}: ${f.severity} ${f.code}${where}: ${f.message}\n`;
}

/** Reads, parses and lints a config file. Returns the config only when nothing is an error. */
async function loadConfig(
  path: string,
): Promise<{ config: IdSyncConfig | undefined; findings: Finding[] }> {
  const text = await readText(path, 'config');
  let value: unknown;
  try {
    value = parseJsonDocument(text);
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`);
  }
  const parsed = parseConfig(value);
  if (!parsed.ok) return { config: undefined, findings: parsed.findings };
  const findings = [...parsed.findings, ...lintConfig(parsed.config)];
  const hasError = findings.some((f) => f.severity === 'error');
  return { config: hasError ? undefined : parsed.config, findings };
}

async function lint(argv: string[]): Promise<number> {
  const { values, positionals } = args(argv, { json: { type: 'boolean' } }, 'lint');
  if (positionals.length !== 1) {
    throw new UsageError('Expected exactly one CONFIG.json. See "idsync lint --help".');
  }
  const file = positionals[0];
  const { findings } = await loadConfig(file);
  if (values.json) io.out(JSON.stringify(findings, null, 2) + '\n');
  else if (findings.length === 0) io.out(`${file}: no findings\n`);
  else for (const f of findings) io.out(formatFinding(file, f));
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

async function configOrFail(path: string): Promise<IdSyncConfig | undefined> {
  const { config, findings } = await loadConfig(path);
  for (const f of findings) io.err(formatFinding(path, f));
  return config;
}

async function sql(argv: string[]): Promise<number> {
  const { values, positionals } = args(
    argv,
    { config: { type: 'string' }, dialect: { type: 'string' }, table: { type: 'string' } },
    'sql',
  );
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
  const configPath = requireString(values.config, '--config CONFIG.json', 'sql');
  const dialect = requireString(values.dialect, '--dialect', 'sql');
  if (!(SQL_DIALECTS as readonly string[]).includes(dialect)) {
    throw new UsageError(`Unknown dialect "${dialect}"; expected ${SQL_DIALECTS.join(', ')}.`);
  }
  const config = await configOrFail(configPath);
  if (!config) return 1;
  const table = typeof values.table === 'string' ? values.table : undefined;
  try {
    io.out(toSql(config, { dialect: dialect as SqlDialect, ...(table ? { table } : {}) }));
  } catch (error) {
    throw new UsageError(`${configPath}: ${(error as Error).message}`);
  }
  return 0;
}

async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = args(argv, { 'public-api': { type: 'string' } }, 'export');
  const mode = requireString(values['public-api'], '--public-api create|update', 'export');
  if (mode !== 'create' && mode !== 'update') {
    throw new UsageError(`--public-api must be create or update, not "${mode}".`);
  }
  if (positionals.length !== 1) {
    throw new UsageError('Expected exactly one CONFIG.json. See "idsync export --help".');
  }
  const file = positionals[0];
  const config = await configOrFail(file);
  if (!config) return 1;
  const { body, findings } = toPublicApi(config, { mode });
  for (const f of findings) io.err(formatFinding(file, f));
  if (findings.some((f) => f.severity === 'error')) return 1;
  io.out(JSON.stringify(body, null, 2) + '\n');
  return 0;
}

/** `--max-rows-per-profile N`: a whole number of at least 1. */
function maxRowsOf(value: string | boolean | undefined): number {
  if (value === undefined) return DEFAULT_MAX_IDENTITIES_PER_PROFILE;
  const text = String(value).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(
      `--max-rows-per-profile must be a whole number of at least 1, not "${String(value)}".`,
    );
  }
  return n;
}

function formatOf(
  path: string,
  explicit: string | boolean | undefined,
): BatchFormat | 'auto' | 'json' {
  if (typeof explicit === 'string') {
    if (['jsonl', 'profile-api', 'user-identifiers', 'json'].includes(explicit))
      return explicit as BatchFormat | 'json';
    throw new UsageError(
      `Unknown --format "${explicit}"; expected jsonl, profile-api, user-identifiers or json.`,
    );
  }
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'user-identifiers';
  return 'auto';
}

/**
 * Checks that `--profiles` names something that can be read as a stream: a regular file, a pipe
 * (`<(…)` hands over /dev/fd/N, a FIFO) or a character device such as /dev/stdin on a terminal.
 * "-" is standard input. A directory or a socket is refused with what it is.
 */
async function checkProfilesSource(path: string): Promise<void> {
  if (path === '-') return;

  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new UsageError(`Cannot read profiles ${path}: ${(error as Error).message}`);
  }
  if (info.isFile() || info.isFIFO() || info.isCharacterDevice()) return;
  const what = info.isDirectory() ? 'a directory' : info.isSocket() ? 'a socket' : 'not a file';
  throw new UsageError(
    `Cannot read profiles ${path}: it is ${what}; give a file, a pipe or "-" for standard input.`,
  );
}

function profilesStream(path: string): AsyncIterable<Uint8Array | string> {
  return path === '-' ? process.stdin : createReadStream(path);
}

async function readWhole(path: string): Promise<string> {
  if (path !== '-') return readText(path, 'profiles');

  try {
    const decoder = new TextDecoder();
    let text = '';
    for await (const chunk of process.stdin as AsyncIterable<Uint8Array>)
      text += decoder.decode(chunk, { stream: true });
    return text + decoder.decode();
  } catch (error) {
    throw new UsageError(`Cannot read profiles from standard input: ${(error as Error).message}`);
  }
}

async function simulateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = args(
    argv,
    {
      config: { type: 'string' },
      profiles: { type: 'string' },
      transition: { type: 'string' },
      json: { type: 'boolean' },
      explain: { type: 'boolean' },
      format: { type: 'string' },
      sorted: { type: 'boolean' },
      'max-rows-per-profile': { type: 'string' },
    },
    'simulate',
  );
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
  const configPath = requireString(values.config, '--config CONFIG.json', 'simulate');
  const profilesPath = requireString(values.profiles, '--profiles FILE', 'simulate');
  const transition = values.transition ?? 'entered';
  if (transition !== 'entered' && transition !== 'exited') {
    throw new UsageError(`--transition must be entered or exited, not "${String(transition)}".`);
  }
  const format = formatOf(profilesPath, values.format);
  const grouping: CsvGrouping = values.sorted ? 'sorted' : 'contiguous';
  const maxRows = maxRowsOf(values['max-rows-per-profile']);

  const config = await configOrFail(configPath);
  if (!config) return 1;

  await checkProfilesSource(profilesPath);
  // What messages call the input: its path, or "stdin" for "-".
  const label = profilesPath === '-' ? 'stdin' : profilesPath;

  let explainIndex = 0;
  const onProfile = (outcome: ProfileOutcome): void => {
    if (values.json) io.out(JSON.stringify(profileLine(outcome)) + '\n');
    else if (values.explain) io.out(explainProfile(outcome, ++explainIndex));
  };

  let summary: BatchSummary;
  let detected: string;
  if (format === 'json') {
    // A .json file is one document, read whole (its size is the user's choice); its profiles
    // then go through the same batch summary as streamed input.
    const text = await readWhole(profilesPath);
    let value: unknown;
    try {
      value = parseJsonDocument(text);
    } catch (error) {
      throw new UsageError(`${label}: ${(error as Error).message}`);
    }
    const read = profilesFromJson(value);
    const simulator = new BatchSimulator({ config, transition });
    for (const bad of read.bad) simulator.addBadLine(bad);
    for (const profile of read.profiles) onProfile(await simulator.add(profile));
    summary = simulator.summary();
    detected = 'json';
  } else {
    let run;
    try {
      run = await runBatch(profilesStream(profilesPath), {
        config,
        format,
        transition,
        grouping,
        maxIdentitiesPerProfile: maxRows,
        onProfile,
      });
    } catch (error) {
      throw new UsageError(`Cannot read profiles ${label}: ${(error as Error).message}`);
    }
    summary = run.summary;
    detected = run.format;
  }
  const raise = ` Raise the cap with --max-rows-per-profile N (now ${maxRows}).`;
  for (const bad of summary.badLines.listed) {
    if (values.json) io.out(JSON.stringify({ kind: 'bad-line', ...bad }) + '\n');
    const hint = bad.kind === 'profile-too-large' ? raise : '';
    io.err(`${label}:${bad.line}: ${bad.message}${hint}\n`);
  }
  if (summary.badLines.count > summary.badLines.listed.length) {
    io.err(
      `${label}: ${summary.badLines.count - summary.badLines.listed.length} more bad lines not listed\n`,
    );
  }
  if (values.json) io.out(JSON.stringify({ kind: 'summary', format: detected, ...summary }) + '\n');
  else io.out(formatSummary(summary, label));

  if (summary.profiles === 0 && summary.badLines.count > 0) {
    const tooLarge = summary.badLines.listed.some((bad) => bad.kind === 'profile-too-large');
    io.err(`${label}: no profile could be read.${tooLarge ? raise : ''}\n`);
    return 2;
  }
  return 0;
}

function profileLine(outcome: ProfileOutcome): object {
  const pick = (r: ProfileOutcome['default']): object => ({
    eligible: r.eligible,
    events: r.events,
    rows: r.rows,
    selection: r.selection,
    findings: r.findings,
    eventRules: r.eventRules,
    rowRules: r.rowRules,
  });
  return {
    kind: 'profile',
    profile: outcome.profile.key,
    line: outcome.profile.line,
    inputFindings: outcome.profile.findings,
    default: pick(outcome.default),
    customized: pick(outcome.customized),
  };
}

function explainProfile(outcome: ProfileOutcome, index: number): string {
  const lines = [
    `Profile ${index} (${escapeInvisible(outcome.profile.key)}, line ${outcome.profile.line})`,
  ];
  for (const setup of ['default', 'customized'] as const) {
    const result = outcome[setup];
    const label = setup === 'default' ? 'Default Setup' : 'Config';
    if (!result.eligible)
      lines.push(`  ${label}: not an audience member (no identifier that qualifies)`);
    result.events.forEach((event, i) => {
      lines.push(`  ${label} event ${i + 1}: ${escapeInvisible(JSON.stringify(event))}`);
      for (const rule of result.eventRules[i] ?? []) lines.push(`    ${ruleText(rule)}`);
    });
    result.rows.forEach((row, i) => {
      lines.push(`  ${label} row ${i + 1}: ${escapeInvisible(JSON.stringify(row))}`);
      for (const rule of result.rowRules[i] ?? []) lines.push(`    ${ruleText(rule)}`);
    });
    if (result.events.length + result.rows.length === 0) lines.push(`  ${label}: nothing sent`);
    for (const f of result.findings) lines.push(`  ${label} ${f.severity} ${f.code}: ${f.message}`);
  }
  return lines.join('\n') + '\n';
}

function ruleText(rule: string): string {
  const known = RULES[rule];
  return known ? `${rule}: ${known.statement} (${known.source})` : rule;
}

function formatSummary(s: BatchSummary, file: string): string {
  const pad = (text: string | number, width: number): string => String(text).padStart(width);
  const rows: Array<[string, number, number]> = [
    ['eligible profiles', s.default.eligible, s.customized.eligible],
    ['profiles sending', s.default.sending, s.customized.sending],
    ['events', s.default.events, s.customized.events],
    ['rows', s.default.rows, s.customized.rows],
  ];
  const out = [
    `${file}: ${s.profiles} profiles read, ${s.badLines.count} bad lines; destination ${s.destination}, audience ${s.transition}`,
    ...unreadLines(s),
    '',
    `${''.padEnd(20)}${pad('Default', 12)}${pad('Config', 12)}`,
    ...rows.map(([label, d, c]) => `${label.padEnd(20)}${pad(d, 12)}${pad(c, 12)}`),
    '',
  ];
  const whereOf = (f: FindingCount): string =>
    f.source === 'input' ? 'input' : f.source === 'default' ? 'Default' : 'Config';
  const aboutConfig = s.findings.filter((f) => f.scope === 'config');
  const perProfile = s.findings.filter((f) => f.scope === 'profile');
  if (aboutConfig.length > 0) {
    out.push('About the config itself (once for the run, not per profile):');
    for (const f of aboutConfig) out.push(`  ${whereOf(f)} ${f.severity} ${f.code}: ${f.example}`);
    out.push('');
  }
  if (perProfile.length > 0) {
    out.push(
      'Values dropped and other findings in the profiles (times raised, where, code: first message):',
    );
    for (const f of perProfile) {
      out.push(`  ${pad(f.count, 8)}  ${whereOf(f)} ${f.severity} ${f.code}: ${f.example}`);
    }
    out.push(...overLimitNote(perProfile), '');
  }
  out.push('Sends per profile (Default / Config):');
  for (const b of s.histogram) {
    if (b.default + b.customized > 0)
      out.push(`  ${b.label.padEnd(10)}${pad(b.default, 10)}${pad(b.customized, 10)}`);
  }
  out.push('');
  if (s.heaviest.length > 0) {
    out.push('Heaviest profiles (sends under Default / Config):');
    for (const h of s.heaviest)
      out.push(`  ${escapeInvisible(h.key)} (line ${h.line}): ${h.default} / ${h.customized}`);
    out.push('');
  }
  const limit = s.rateLimit;
  if (limit.seconds) {
    out.push(
      `At the documented rate (${limit.perSecond} ${limit.unit}/s): ${formatDuration(limit.seconds.default)} under Default, ${formatDuration(limit.seconds.customized)} under the config.`,
    );
  } else {
    out.push('No documented rate limit, so no send time is estimated.');
  }
  out.push(`  ${limit.statement}${limit.source ? ` (${limit.source})` : ''}`);
  return out.join('\n') + '\n';
}

/**
 * Reading a profile counts each type's values as the file lists them; the simulator counts them
 * after dropping blocked and malformed values and merging duplicates, with the simulation's
 * limits. So the input count of identity-over-limit can be higher than the Default and Config
 * counts, which are always equal (both setups start from the same identities). Said only when
 * the counts differ.
 */
function overLimitNote(findings: FindingCount[]): string[] {
  const count = (source: FindingCount['source']): number =>
    findings.find((f) => f.source === source && f.code === 'identity-over-limit')?.count ?? 0;
  const input = count('input');
  if (input === count('default') && input === count('customized')) return [];
  return [
    '  identity-over-limit: "input" counts the values of each type as the file lists them;',
    '  Default and Config count them after blocked and malformed values are dropped and',
    '  duplicates merged, as Segment would hold them, so the input count can be higher.',
  ];
}

/** Says how much of the input was never read, so lost profiles are not mistaken for none. */
function unreadLines(s: BatchSummary): string[] {
  const { lines, bytes, atLeast, fromLine } = s.unread;
  if (lines === 0 || fromLine === undefined) return [];
  return [
    `Not read: ${lines} ${lines === 1 ? 'line' : 'lines'} (${atLeast ? 'more than ' : ''}${bytes} bytes) from line ${fromLine} on, ` +
      'where a quoted field is not closed where it should be; the profiles in those lines are ' +
      'neither simulated nor counted above (see the bad lines).',
  ];
}

function formatDuration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A closed pipe (`idsync … | head`) is the reader's choice, not a failure.
  if (error.code === 'EPIPE') process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      io.err(`idsync: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      io.err(
        `idsync: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 2;
    }
  },
);
