/**
 * Reading, creating and saving the config document.
 *
 * `parseConfig` checks structure only: shape, types, unknown keys, strategy values, and filling a
 * missing `mapTo`. Counts, uniqueness and destination rules are `lintConfig`'s, so a document that
 * breaks them (a fourth All, a sixth row) still loads and shows its errors where they are.
 */
import { defaultKeyFor, findDestination } from './catalog.js';
import { describePath, finding, hasErrors, rowLabel } from './findings.js';
import { findDuplicateKeys, locateJsonError } from './json-locate.js';
import {
  CONFIG_KEY_ORDER,
  CONNECTION_KEY_ORDER,
  IdSyncConfig as IdSyncConfigSchema,
  ROW_KEY_ORDER,
} from './schema.js';
import type { ConnectionSettings } from './schema.js';
import type { Destination, Finding, IdSyncConfig } from './types.js';
import { z } from './zod-setup.js';

export type ParseConfigResult =
  { ok: true; config: IdSyncConfig; findings: Finding[] } | { ok: false; findings: Finding[] };

export interface ParseConfigOptions {
  /**
   * The catalog id of the destination being edited. Required for a Public API connection object,
   * which does not carry it; for a document, a different id only raises a warning.
   */
  destination?: string;
}

type Json = Record<string, unknown>;

/**
 * The keys a Public API audience-destination object may carry besides its rows: the create input
 * has `destination` (the workspace's destination instance `{ id, type }`), the create output wraps
 * it in `connection`, and both have the destination-specific `connectionSettings`.
 */
const CONNECTION_OBJECT_KEYS = [
  'idSyncConfiguration',
  'connectionSettings',
  'destination',
  'connection',
] as const;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[_\-\s]/g, '');
}

/** A new document for a destination, with the defaults a new audience connection has. */
export function createConfig(
  destination: string | Destination,
  overrides: Partial<Omit<IdSyncConfig, 'version' | 'destination' | 'connectionSettings'>> & {
    connectionSettings?: Partial<ConnectionSettings>;
  } = {},
): IdSyncConfig {
  const entry = typeof destination === 'string' ? findDestination(destination) : destination;
  const id = typeof destination === 'string' ? destination : destination.id;

  const settings = Object.entries(entry?.settings ?? {});
  const destinationSettings =
    overrides.destinationSettings ??
    (settings.length > 0
      ? Object.fromEntries(settings.map(([key, s]) => [key, s.default]))
      : undefined);

  const config: IdSyncConfig = {
    version: 1,
    destination: id,
    setup: overrides.setup ?? 'default',
    idSyncConfiguration: (overrides.idSyncConfiguration ?? []).map((row) => ({ ...row })),
    connectionSettings: {
      sendIdentify: false,
      // Event destinations receive Track calls unless told otherwise; list destinations read
      // membership from the same Track calls, but a new connection there starts with nothing on.
      sendTrack: entry?.kind === 'event',
      sendMobileIds: false,
      includeAnonymousUsers: false,
      ...overrides.connectionSettings,
    },
  };
  if (destinationSettings !== undefined) config.destinationSettings = { ...destinationSettings };
  return config;
}

/**
 * The saved form of a document: keys in the order of the contract's interface, two-space indent,
 * trailing newline. Parsing a saved file and serialising it again gives the same bytes.
 */
export function serializeConfig(config: IdSyncConfig): string {
  const ordered: Json = {};
  for (const key of CONFIG_KEY_ORDER) {
    if (key === 'idSyncConfiguration') {
      ordered[key] = config.idSyncConfiguration.map((row) => pick(row, ROW_KEY_ORDER));
    } else if (key === 'connectionSettings') {
      ordered[key] = pick(config.connectionSettings, CONNECTION_KEY_ORDER);
    } else if (key === 'destinationSettings') {
      if (config.destinationSettings !== undefined)
        ordered[key] = { ...config.destinationSettings };
    } else {
      ordered[key] = config[key];
    }
  }
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function pick<T extends object>(value: T, keys: readonly (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) out[key] = value[key];
  return out;
}

/** Reads a config document (or a Public API connection object) from outside. Structure only. */
export function parseConfig(input: unknown, options: ParseConfigOptions = {}): ParseConfigResult {
  let value = input;

  let duplicates: Finding[] = [];
  if (typeof input === 'string') {
    const read = readJson(input);
    if (!read.ok) return { ok: false, findings: [read.finding] };
    value = read.value;
    duplicates = read.duplicates;
  }

  if (!isObject(value)) return { ok: false, findings: [finding('not-an-object', [], value)] };

  // A connection object has no `version`; a document that merely lost its version still has its
  // own `setup` or a catalog id in `destination`, and is reported as a document missing a key.
  const isDocument =
    'version' in value || 'setup' in value || typeof value.destination === 'string';
  const result = isDocument ? readDocument(value, options) : readConnectionObject(value, options);
  // A repeated key means the text says two things and JSON.parse silently kept the last: the
  // rest is still checked, but the document is not accepted until the user picks one.
  return duplicates.length === 0
    ? result
    : { ok: false, findings: [...duplicates, ...result.findings] };
}

function readJson(
  text: string,
): { ok: true; value: unknown; duplicates: Finding[] } | { ok: false; finding: Finding } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, finding: finding('json-empty', []) };

  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const where = locateJsonError(body);
    const reason = where?.reason ?? (error instanceof Error ? error.message : String(error));
    return {
      ok: false,
      finding: finding('json-malformed', [], reason, where?.line ?? 1, where?.column ?? 1),
    };
  }
  const duplicates = findDuplicateKeys(body).map((d) =>
    finding(
      'json-duplicate-key',
      [...d.path, d.key],
      d.key,
      d.path.length === 0 ? 'the document' : describePath(d.path),
      d.line,
      d.firstLine,
    ),
  );
  return { ok: true, value, duplicates };
}

function readDocument(raw: Json, options: ParseConfigOptions): ParseConfigResult {
  const findings: Finding[] = [];
  const destinationId = typeof raw.destination === 'string' ? raw.destination : undefined;

  const candidate: Json = { ...raw };
  if (Array.isArray(raw.idSyncConfiguration)) {
    candidate.idSyncConfiguration = fillMapTo(raw.idSyncConfiguration, destinationId, findings);
  }

  const result = validate(candidate, findings, CONFIG_KEY_ORDER);
  if (!result.ok) return result;

  if (options.destination !== undefined && options.destination !== result.config.destination) {
    findings.push(
      finding(
        'destination-mismatch',
        ['destination'],
        result.config.destination,
        options.destination,
      ),
    );
  }
  return result;
}

function readConnectionObject(raw: Json, options: ParseConfigOptions): ParseConfigResult {
  const findings: Finding[] = [];

  for (const key of Object.keys(raw)) {
    if ((CONNECTION_OBJECT_KEYS as readonly string[]).includes(key)) continue;
    findings.push(unknownKey(key, [], CONNECTION_OBJECT_KEYS, 'the Public API connection object'));
  }

  if (options.destination === undefined || options.destination === '') {
    findings.push(finding('api-destination-missing', ['destination']));
  }

  // Absent (or null) means the connection uses Default Setup. The API's own outputs always carry
  // the array, empty for Default Setup, so an empty array reads the same way.
  const rows = raw.idSyncConfiguration;
  const isDefault =
    rows === undefined || rows === null || (Array.isArray(rows) && rows.length === 0);
  const destinationId = options.destination ?? '';

  const candidate: Json = {
    ...createConfig(destinationId),
    setup: isDefault ? 'default' : 'customized',
    idSyncConfiguration: Array.isArray(rows)
      ? fillMapTo(rows, destinationId, findings)
      : isDefault
        ? []
        : rows,
  };

  findings.push(
    finding(
      'api-connection-settings-not-mapped',
      ['connectionSettings'],
      raw.connectionSettings !== undefined && raw.connectionSettings !== null,
    ),
  );

  return validate(candidate, findings, CONNECTION_OBJECT_KEYS);
}

/** Rows with a missing or null `mapTo` get the destination's key for their identifier. */
function fillMapTo(rows: unknown[], destinationId: string | undefined, findings: Finding[]) {
  const destination = destinationId === undefined ? undefined : findDestination(destinationId);

  return rows.map((row, index) => {
    if (!isObject(row) || (row.mapTo !== undefined && row.mapTo !== null)) return row;
    if (typeof row.externalId !== 'string') return row;

    const key = defaultKeyFor(destination, row.externalId);
    const fromCatalog = destination?.keyFor[row.externalId] !== undefined;
    findings.push(
      finding(
        'mapto-filled',
        ['idSyncConfiguration', index, 'mapTo'],
        rowLabel(index, row.externalId),
        key,
        fromCatalog,
      ),
    );
    return { ...row, mapTo: key };
  });
}

function validate(
  candidate: Json,
  findings: Finding[],
  topLevelKeys: readonly string[],
): ParseConfigResult {
  const result = z.safeParse(IdSyncConfigSchema, candidate);
  if (result.success) {
    // Errors found before the schema ran (an unknown key of a connection object, a missing
    // destination) fail the read just as schema errors do.
    return hasErrors(findings)
      ? { ok: false, findings }
      : { ok: true, config: result.data, findings };
  }

  for (const issue of result.error.issues) {
    findings.push(...translateIssue(issue, candidate, topLevelKeys));
  }
  return { ok: false, findings };
}

type Issue = z.core.$ZodIssue;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function acceptedKeysAt(path: Finding['path'], topLevelKeys: readonly string[]): readonly string[] {
  if (path.length === 0) return topLevelKeys;
  if (path[0] === 'idSyncConfiguration' && path.length === 2) return ROW_KEY_ORDER;
  if (path[0] === 'connectionSettings' && path.length === 1) return CONNECTION_KEY_ORDER;
  return [];
}

function unknownKey(
  key: string,
  path: Finding['path'],
  accepted: readonly string[],
  where: string,
): Finding {
  const suggestion = accepted.find((k) => normaliseKey(k) === normaliseKey(key));
  return finding('unknown-key', [...path, key], key, where, accepted, suggestion);
}

const EXPECTED_WORDS: Record<string, string> = {
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'an object of text values',
  number: 'a number',
};

const EXPECTED_AT: Record<string, string> = {
  version: 'the number 1',
  destination: 'a catalog id such as "braze"',
  setup: '"default" or "customized"',
  idSyncConfiguration: 'a list of identifier rows (empty for Default Setup)',
  connectionSettings:
    'an object with sendIdentify, sendTrack, sendMobileIds and includeAnonymousUsers',
  externalId: 'a Segment identifier type such as "email"',
  strategy: '"first", "last" or "all"',
  mapTo: 'the destination identifier key, such as "email"',
};

function translateIssue(issue: Issue, root: Json, topLevelKeys: readonly string[]): Finding[] {
  const path = issue.path.filter(
    (p): p is string | number => typeof p === 'string' || typeof p === 'number',
  );
  const found = valueAt(root, path);
  const last = path[path.length - 1];
  const where = describePath(path);

  if (issue.code === 'unrecognized_keys') {
    const accepted = acceptedKeysAt(path, topLevelKeys);
    const place = path.length === 0 ? 'the document' : where;
    return issue.keys.map((key) => unknownKey(key, path, accepted, place));
  }

  if (last === 'strategy' && path[0] === 'idSyncConfiguration' && found !== undefined) {
    const index = path[1] as number;
    const externalId = valueAt(root, ['idSyncConfiguration', index, 'externalId']);
    return [
      finding('strategy-invalid', path, rowLabel(index, externalId as string | undefined), found),
    ];
  }
  if (path.length === 1 && last === 'version' && found !== undefined) {
    return [finding('version-unsupported', path, found)];
  }
  if (path.length === 1 && last === 'setup' && found !== undefined) {
    return [finding('setup-invalid', path, found)];
  }

  const expected =
    (typeof last === 'string' ? EXPECTED_AT[last] : undefined) ??
    (issue.code === 'invalid_type' ? EXPECTED_WORDS[issue.expected] : undefined) ??
    (typeof last === 'number' ? 'an identifier row object' : 'a valid value');

  const inRow = path[0] === 'idSyncConfiguration' && typeof path[1] === 'number';
  if (found === undefined) {
    const name = inRow ? capitalise(where) : `The key "${path.join('.')}"`;
    return [finding('missing-key', path, name, expected)];
  }
  const name = inRow ? capitalise(where) : `"${path.join('.')}"`;
  return [finding('wrong-type', path, name, expected, found)];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
