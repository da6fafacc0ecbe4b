/**
 * The rules of a parsed config that are not structure: counts, uniqueness, destination rules and
 * what Segment will do with the config. Every finding points at the row (or setting) it concerns,
 * so the editor can show it next to that row. docs/findings.md lists the codes with their sources.
 */
import {
  DEFAULT_IDENTIFIER_TYPES,
  MOBILE_AD_ID_TYPES,
  destinations,
  findDestination,
} from './catalog.js';
import { finding, invisibleCharacters, rowLabel, withoutInvisible } from './findings.js';
import type { Destination, Finding, IdSyncConfig, IdSyncRow } from './types.js';

export interface LintContext {
  /**
   * The audience's own settings, as the host knows them. `key` is the audience key, which Identify
   * traits and Track properties use for the membership flag; optional, as older hosts pass only
   * Include Anonymous Users.
   */
  audience?: { key?: string; includeAnonymousUsers: boolean };
  /** A description of a destination outside the built-in catalog (matched by `id`). */
  destination?: Destination;
}

/** Segment's Public API takes at most five `idSyncConfiguration` items. */
export const MAX_ROWS = 5;
/** Segment's ID Sync page: at most three identifiers may use the All strategy. */
export const MAX_ALL_ROWS = 3;

const DEFAULT_TYPES: readonly string[] = DEFAULT_IDENTIFIER_TYPES;
// Spaces created before October 2020 also have these as default (not custom) identifier types.
const LEGACY_DEFAULT_TYPES: readonly string[] = ['cross_domain_id', 'braze_id'];
const MOBILE_TYPES: readonly string[] = MOBILE_AD_ID_TYPES;

const SNAP_MOBILE_KEYS: Record<string, string> = {
  'ios.idfa': 'ios_idfa',
  'android.idfa': 'android_idfa',
};

/**
 * Keys no row may fill. Track properties carry the membership as `audience_key` (the audience key)
 * beside `<audience key>: true|false`, so a row there would lose its value or the membership; the
 * prototype names are not fields at all to JavaScript objects (`__proto__` is dropped on
 * assignment, `constructor` is already "in" every object), so a destination or a tool reading the
 * payload in JavaScript loses them.
 */
const MEMBERSHIP_KEYS: readonly string[] = ['audience_key'];
const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** What a Segment identifier holds, as far as a list destination's columns care. */
type ValueKind = 'email' | 'phone' | 'mobile' | 'other';

/**
 * One column of a fixed-schema list destination: which kind of value it takes and how Segment
 * sends it. Each column is normalised for its own kind (an email lower-cased, a phone reduced to
 * digits) and then hashed, except the id columns the destination sends as given.
 */
interface ColumnRule {
  takes: ValueKind;
  sent: 'hashed' | 'clear';
  /** Only these identifier types (Snap reads each mobile ad id from its own column). */
  types?: readonly string[];
  /**
   * An id column (Facebook's EXTERN_ID, Customer Match's crm_id): any identifier that is not an
   * email, phone or mobile ad id; an email or phone there is allowed but sent in clear text.
   */
  idColumn?: boolean;
}

const HASHED_OTHER: ColumnRule = { takes: 'other', sent: 'hashed' };

/**
 * Which identifiers may feed which column, per destination. The columns and how each is
 * normalised and hashed come from the destinations' Segment documentation pages (and the Actions
 * destinations' source), restated in docs/destinations.md. The table lives here rather than in
 * the catalog because it guards the simulator's normalisation, which is keyed by catalog id too:
 * a destination a host describes has neither.
 */
const KEY_RULES: Readonly<Record<string, Readonly<Record<string, ColumnRule>>>> = {
  'facebook-custom-audiences': {
    EMAIL: { takes: 'email', sent: 'hashed' },
    MADID: { takes: 'mobile', sent: 'clear' },
    PHONE: { takes: 'phone', sent: 'hashed' },
    FN: HASHED_OTHER,
    LN: HASHED_OTHER,
    GEN: HASHED_OTHER,
    DOBY: HASHED_OTHER,
    DOBM: HASHED_OTHER,
    DOBD: HASHED_OTHER,
    ST: HASHED_OTHER,
    CT: HASHED_OTHER,
    ZIP: HASHED_OTHER,
    COUNTRY: HASHED_OTHER,
  },
  'facebook-custom-audiences-actions': {
    EXTERN_ID: { takes: 'other', sent: 'clear', idColumn: true },
    EMAIL: { takes: 'email', sent: 'hashed' },
    PHONE: { takes: 'phone', sent: 'hashed' },
    DOBY: HASHED_OTHER,
    DOBM: HASHED_OTHER,
    DOBD: HASHED_OTHER,
    LN: HASHED_OTHER,
    FN: HASHED_OTHER,
    FI: HASHED_OTHER,
    GEN: HASHED_OTHER,
    CT: HASHED_OTHER,
    ST: HASHED_OTHER,
    ZIP: HASHED_OTHER,
    COUNTRY: HASHED_OTHER,
    MADID: { takes: 'mobile', sent: 'clear' },
  },
  'google-ads-remarketing-lists': {
    email: { takes: 'email', sent: 'hashed' },
    phone: { takes: 'phone', sent: 'hashed' },
    mobile_id: { takes: 'mobile', sent: 'hashed' },
  },
  'google-customer-match': {
    email: { takes: 'email', sent: 'hashed' },
    phone: { takes: 'phone', sent: 'hashed' },
    crm_id: { takes: 'other', sent: 'clear', idColumn: true },
    mobile_id: { takes: 'mobile', sent: 'clear' },
  },
  'snap-audiences': {
    email: { takes: 'email', sent: 'hashed' },
    phone: { takes: 'phone', sent: 'hashed' },
    ios_idfa: { takes: 'mobile', sent: 'hashed', types: ['ios.idfa'] },
    android_idfa: { takes: 'mobile', sent: 'hashed', types: ['android.idfa'] },
  },
};

/**
 * The kind of value an identifier type holds. A phone is `phone` (the custom identifier Segment's
 * docs use as their example) or a custom type whose name says phone (`phone_number`); a default
 * identifier type never holds one.
 */
function valueKind(externalId: string): ValueKind {
  if (externalId === 'email') return 'email';
  if (MOBILE_TYPES.includes(externalId)) return 'mobile';
  if (!DEFAULT_TYPES.includes(externalId) && externalId.includes('phone')) return 'phone';
  return 'other';
}

/**
 * The longest identifier type or destination key accepted without a warning, in characters.
 * Segment documents no limit for either field. Real ones are short names (the longest in the
 * built-in catalog has 12 characters), so 200 leaves room for any real naming scheme while
 * flagging a value that is more likely a pasted paragraph, token or file than a field name.
 */
export const MAX_NAME_LENGTH = 200;

/** The first invisible character of `text` (see findings.ts) and its 1-based position. */
function firstInvisible(text: string): { character: string; position: number } | undefined {
  return invisibleCharacters(text)[0];
}

/** True when nothing but white space and invisible characters is left. */
function blank(text: string): boolean {
  return withoutInvisible(text).trim() === '';
}

/** Length in characters (code points), as a person counts them. */
function lengthOf(text: string): number {
  return Array.from(text).length;
}

type RowPath = (field?: keyof IdSyncRow) => Finding['path'];

/** Counts, uniqueness and destination rules of a parsed config. */
export function lintConfig(config: IdSyncConfig, context: LintContext = {}): Finding[] {
  const findings: Finding[] = [];
  const destination =
    context.destination && context.destination.id === config.destination
      ? context.destination
      : findDestination(config.destination);
  // A host may hand over a config that never went through parseConfig; read it defensively.
  const rows = Array.isArray(config.idSyncConfiguration) ? config.idSyncConfiguration : [];

  if (!destination) {
    findings.push(
      finding(
        'unknown-destination',
        ['destination'],
        config.destination,
        destinations.map((d) => d.id),
      ),
    );
  } else {
    findings.push(...lintDestinationSettings(config, destination));
  }

  if (config.setup === 'default') {
    // Rows have no effect in Default Setup, so their own rules would only be noise.
    if (rows.length > 0)
      findings.push(finding('default-setup-with-rows', ['idSyncConfiguration'], rows.length));
  } else if (rows.length === 0) {
    findings.push(finding('customized-without-rows', ['idSyncConfiguration']));
  } else {
    findings.push(...lintRows(rows, config, destination, context.audience?.key));
  }

  findings.push(...lintConnection(config, destination, context));
  return findings;
}

function lintRows(
  rows: readonly IdSyncRow[],
  config: IdSyncConfig,
  destination: Destination | undefined,
  audienceKey: string | undefined,
): Finding[] {
  const findings: Finding[] = [];
  const firstWithId = new Map<string, number>();
  const firstWithKey = new Map<string, number>();
  let allCount = 0;
  const totalAll = rows.filter((r) => r.strategy === 'all').length;

  rows.forEach((row, index) => {
    const at: RowPath = (field) =>
      field === undefined ? ['idSyncConfiguration', index] : ['idSyncConfiguration', index, field];
    const label = rowLabel(index, row.externalId);
    const id = row.externalId;
    const key = row.mapTo;

    if (index >= MAX_ROWS) findings.push(finding('too-many-rows', at(), label, rows.length));

    if (row.strategy === 'all') {
      allCount++;
      if (allCount > MAX_ALL_ROWS)
        findings.push(finding('too-many-all', at('strategy'), label, totalAll));
    }

    const idHidden = firstInvisible(id);
    if (blank(id)) {
      findings.push(finding('empty-identifier', at('externalId'), label));
    } else if (/\s/.test(id)) {
      findings.push(finding('identifier-whitespace', at('externalId'), label, id));
    } else if (idHidden) {
      findings.push(
        finding(
          'identifier-invisible-character',
          at('externalId'),
          label,
          id,
          idHidden.character,
          idHidden.position,
        ),
      );
    } else if (id !== id.toLowerCase()) {
      findings.push(finding('identifier-not-lowercase', at('externalId'), label, id));
    }
    if (lengthOf(id) > MAX_NAME_LENGTH) {
      findings.push(
        finding('identifier-too-long', at('externalId'), label, lengthOf(id), MAX_NAME_LENGTH),
      );
    }

    if (blank(key)) {
      findings.push(finding('empty-key', at('mapTo'), label));
    } else {
      if (key !== key.trim()) findings.push(finding('key-whitespace', at('mapTo'), label, key));
      // Surrounding white space has its own finding; a control character inside still counts.
      const hidden = firstInvisible(key.trim());
      if (hidden) {
        findings.push(
          finding(
            'key-invisible-character',
            at('mapTo'),
            label,
            key,
            hidden.character,
            hidden.position + lengthOf(key) - lengthOf(key.trimStart()),
          ),
        );
      }
    }
    if (lengthOf(key) > MAX_NAME_LENGTH) {
      findings.push(finding('key-too-long', at('mapTo'), label, lengthOf(key), MAX_NAME_LENGTH));
    }

    if (id.trim() !== '') {
      const first = firstWithId.get(id);
      if (first === undefined) firstWithId.set(id, index);
      else
        findings.push(
          finding('duplicate-identifier', at('externalId'), label, id, rowLabel(first, id)),
        );
    }
    if (key.trim() !== '') {
      const first = firstWithKey.get(key);
      if (first === undefined) firstWithKey.set(key, index);
      else {
        findings.push(
          finding(
            'duplicate-key',
            at('mapTo'),
            label,
            key,
            rowLabel(first, rows[first].externalId),
          ),
        );
      }
    }

    if (MOBILE_TYPES.includes(id) && !config.connectionSettings.sendMobileIds) {
      findings.push(finding('mobile-id-dropped', at('externalId'), label));
    }

    if (id.trim() !== '' && !DEFAULT_TYPES.includes(id) && !LEGACY_DEFAULT_TYPES.includes(id)) {
      findings.push(finding('custom-identifier-written-back', at('externalId'), label));
    }

    const reserved = reservedKey(key, destination, audienceKey);
    if (reserved) {
      findings.push(finding('key-reserved', at('mapTo'), label, key, reserved));
    } else if (destination && key.trim() !== '') {
      findings.push(...lintKey(row, label, at, destination));
    }
  });

  if (destination?.id === 'google-ads-remarketing-lists') {
    findings.push(...lintGoogleAdsRemarketingLists(rows));
  }
  return findings;
}

/** Why a row may not fill this key, if it may not: see MEMBERSHIP_KEYS and PROTOTYPE_KEYS. */
function reservedKey(
  key: string,
  destination: Destination | undefined,
  audienceKey: string | undefined,
): 'prototype' | 'membership' | 'audience' | undefined {
  if (PROTOTYPE_KEYS.includes(key)) return 'prototype';
  if (destination?.kind !== 'event') return undefined;
  if (MEMBERSHIP_KEYS.includes(key)) return 'membership';
  if (audienceKey !== undefined && audienceKey !== '' && key === audienceKey) return 'audience';
  return undefined;
}

/** The destination's key rules for one row: its own fixed keys first, then its key list. */
function lintKey(row: IdSyncRow, label: string, at: RowPath, destination: Destination): Finding[] {
  const id = row.externalId;
  const key = row.mapTo;

  if (destination.id === 'snap-audiences') {
    if (id === 'email' && key !== 'email') {
      return [finding('snap-email-key', at('mapTo'), label, key, true)];
    }
    if (id !== 'email' && key === 'email') {
      return [finding('snap-email-key', at('mapTo'), label, key, false)];
    }
    const mobileKey = SNAP_MOBILE_KEYS[id];
    if (mobileKey !== undefined && key !== mobileKey) {
      return [finding('snap-mobile-key', at('mapTo'), label, key, mobileKey)];
    }
  }

  if (
    destination.id === 'google-ads-remarketing-lists' &&
    !DEFAULT_TYPES.includes(id) &&
    key !== 'phone'
  ) {
    return [finding('garl-trait-to-phone', at('mapTo'), label, key)];
  }

  const mismatch = lintKeyAccepts(row, label, at, destination);
  if (mismatch) return [mismatch];

  if (destination.keys.includes(key)) return [];

  if (!destination.freeText) {
    return [
      finding('key-not-offered', at('mapTo'), label, key, destination.name, destination.keys),
    ];
  }
  // Event destinations take any trait or property name; list destinations have fixed columns,
  // and Segment warns that data sent to a key the destination lacks may not be delivered.
  if (destination.kind === 'list' && destination.keys.length > 0) {
    return [finding('key-not-listed', at('mapTo'), label, key, destination.name, destination.keys)];
  }
  return [];
}

/**
 * Whether the row's identifier fits the column it goes to, on the destinations whose columns are
 * fixed (KEY_RULES). A swapped key is worse than a lost value: an email in Facebook's MADID goes
 * out unhashed, a phone in EMAIL is hashed as an email and never matches.
 */
function lintKeyAccepts(
  row: IdSyncRow,
  label: string,
  at: RowPath,
  destination: Destination,
): Finding | undefined {
  const columns = KEY_RULES[destination.id];
  if (columns === undefined || !Object.hasOwn(columns, row.mapTo)) return undefined;

  const id = row.externalId;
  const key = row.mapTo;
  // A malformed identifier has its own error; judging its kind would only add noise.
  if (blank(id) || /\s/.test(id) || firstInvisible(id) || id !== id.toLowerCase()) {
    return undefined;
  }
  const column = columns[key];
  const kind = valueKind(id);
  const fits = kind === column.takes && (column.types === undefined || column.types.includes(id));
  if (fits) return undefined;

  const own = ownColumn(columns, destination, id, kind);
  const value = kind === 'other' ? `the ${id} value` : VALUE_WORDS[kind];
  if (column.idColumn && (kind === 'email' || kind === 'phone')) {
    return finding('key-clear-text', at('mapTo'), label, key, destination.name, value, own);
  }
  let outcome: string;
  if (column.sent === 'clear' && kind !== 'other' && kind !== 'mobile') {
    outcome = `would go unhashed, in clear text, in ${key}`;
  } else if (column.sent === 'clear') outcome = `would go in ${key}, where it never matches`;
  else if (column.takes === 'other')
    outcome = `would be hashed into ${key}, where it never matches`;
  else outcome = `would be hashed as ${KIND_WORDS[column.takes]} in ${key}, where it never matches`;
  return finding(
    'key-identifier-mismatch',
    at('mapTo'),
    label,
    key,
    destination.name,
    acceptedBy(column),
    `${value} ${outcome}`,
    own,
  );
}

const VALUE_WORDS: Record<Exclude<ValueKind, 'other'>, string> = {
  email: 'the email',
  phone: 'the phone number',
  mobile: 'the mobile ad ID',
};

const KIND_WORDS: Record<Exclude<ValueKind, 'other'>, string> = {
  email: 'an email',
  phone: 'a phone number',
  mobile: 'a mobile ad ID',
};

/** The identifiers a column takes, in words. */
function acceptedBy(column: ColumnRule): string {
  if (column.types) return column.types.join(' or ');
  switch (column.takes) {
    case 'email':
      return 'email';
    case 'phone':
      return 'a phone identifier (phone, or a custom identifier whose name contains "phone")';
    case 'mobile':
      return MOBILE_AD_ID_TYPES.join(' or ');
    default:
      return 'identifiers other than an email, a phone or a mobile ad ID';
  }
}

/** The column an identifier belongs in on this destination, if one takes it. */
function ownColumn(
  columns: Readonly<Record<string, ColumnRule>>,
  destination: Destination,
  id: string,
  kind: ValueKind,
): string | undefined {
  const fits = (name: string): boolean => {
    const c = columns[name];
    return c.takes === kind && (c.types === undefined || c.types.includes(id));
  };
  const byDefault = destination.keyFor[id];
  if (byDefault !== undefined && Object.hasOwn(columns, byDefault) && fits(byDefault)) {
    return byDefault;
  }
  // An "other" identifier fits many trait columns; only its default key names the right one.
  if (kind === 'other') return undefined;
  return Object.keys(columns).find(fits);
}

/**
 * Google Ads Remarketing Lists: every row carries the email, plus at most one more identifier
 * (Google's per-request limits, as Segment's page for the destination explains).
 */
function lintGoogleAdsRemarketingLists(rows: readonly IdSyncRow[]): Finding[] {
  const findings: Finding[] = [];

  if (!rows.some((r) => r.externalId === 'email')) {
    findings.push(finding('garl-email-required', ['idSyncConfiguration']));
  }

  const extras = rows
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => row.externalId !== 'email' && row.externalId.trim() !== '');
  for (const { row, index } of extras.slice(1)) {
    findings.push(
      finding(
        'garl-one-extra-identifier',
        ['idSyncConfiguration', index],
        rowLabel(index, row.externalId),
        rowLabel(extras[0].index, extras[0].row.externalId),
      ),
    );
  }
  return findings;
}

function lintDestinationSettings(config: IdSyncConfig, destination: Destination): Finding[] {
  const findings: Finding[] = [];
  const declared = destination.settings ?? {};

  for (const [key, value] of Object.entries(config.destinationSettings ?? {})) {
    const setting = declared[key];
    if (setting === undefined) {
      findings.push(
        finding(
          'setting-unknown',
          ['destinationSettings', key],
          key,
          destination.name,
          Object.keys(declared),
        ),
      );
    } else if (!setting.values.includes(value)) {
      findings.push(
        finding(
          'setting-value-invalid',
          ['destinationSettings', key],
          key,
          value,
          destination.name,
          setting.values,
        ),
      );
    }
  }
  return findings;
}

function lintConnection(
  config: IdSyncConfig,
  destination: Destination | undefined,
  context: LintContext,
): Finding[] {
  const findings: Finding[] = [];
  const settings = config.connectionSettings;

  if (destination?.kind === 'event' && !settings.sendIdentify && !settings.sendTrack) {
    findings.push(finding('nothing-sent', ['connectionSettings'], destination.name));
  }

  const audience = context.audience;
  if (audience?.key !== undefined && audience.key.trim() === '') {
    findings.push(finding('audience-key-empty', []));
  }
  if (audience && audience.includeAnonymousUsers !== settings.includeAnonymousUsers) {
    findings.push(
      finding(
        'anonymous-users-differs',
        ['connectionSettings', 'includeAnonymousUsers'],
        settings.includeAnonymousUsers,
        audience.includeAnonymousUsers,
      ),
    );
  }
  return findings;
}
