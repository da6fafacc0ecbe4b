/**
 * The simulator's switches. Each one is a point where Segment's documentation is silent or
 * contradicts itself; the default is the project's reading (docs/simulation-rules.md gives the
 * reasons), and the UI renders every switch from SETTING_DESCRIPTORS so a user can change it.
 */
import type { Finding, SimulationSettings } from '../types.js';
import { ContentMemo } from './memo.js';

/**
 * Blocked values Segment's identity-resolution settings suggest. Each pattern must match the whole
 * value as written, so `IDFA-1` is not blocked by `^-1$`.
 */
export const DEFAULT_BLOCKED_VALUES: readonly string[] = [
  '^[0-]*$',
  '^-1$',
  '^null$',
  '^anonymous$',
];

/** Identity-resolution value limits: one user_id per profile, five of every other type. */
export const DEFAULT_LIMITS: Readonly<Record<string, number>> = { user_id: 1 };
export const DEFAULT_LIMIT = 5;

export const DEFAULT_SETTINGS: Readonly<SimulationSettings> = Object.freeze({
  tieBreak: 'value',
  combination: 'cartesian',
  alwaysIncludeUserId: false,
  defaultProfile: 'destination',
  exitIncludesAnonymousIds: true,
  exitScope: 'union',
  copyEmailToProperties: false,
  mobileIdGate: 'both',
  resync: 'delta',
  gmail: 'segment',
  phoneFormat: 'segment',
  defaultCountryCode: '1',
  garlMobileIds: 'hashed',
  blockedValues: [...DEFAULT_BLOCKED_VALUES],
  limits: { ...DEFAULT_LIMITS },
  defaultLimit: DEFAULT_LIMIT,
  spaceId: 'spa_sim',
  computationId: 'aud_sim',
} satisfies SimulationSettings);

interface DescriptorBase<K extends keyof SimulationSettings> {
  key: K;
  label: string;
  help: string;
  /** The rule of docs/simulation-rules.md this switch interprets. */
  rule: string;
}

export type SettingDescriptor =
  | (DescriptorBase<keyof SimulationSettings> & {
      kind: 'choice';
      options: { value: string; label: string }[];
    })
  | (DescriptorBase<keyof SimulationSettings> & { kind: 'boolean' })
  | (DescriptorBase<keyof SimulationSettings> & { kind: 'text'; pattern?: string })
  | (DescriptorBase<keyof SimulationSettings> & { kind: 'number' })
  | (DescriptorBase<keyof SimulationSettings> & { kind: 'patterns' })
  | (DescriptorBase<keyof SimulationSettings> & { kind: 'limits' });

/** Every switch with its label, help text, options and the rule it interprets, in display order. */
export const SETTING_DESCRIPTORS: readonly SettingDescriptor[] = [
  {
    key: 'combination',
    kind: 'choice',
    label: 'Combination model',
    help: 'How several identifier types combine into events or rows: every combination of the selected values (one send each), or one send per selected value carrying only that identifier plus the user id.',
    rule: 'Q4',
    options: [
      { value: 'cartesian', label: 'Every combination (cartesian)' },
      { value: 'per-value', label: 'One send per value' },
    ],
  },
  {
    key: 'tieBreak',
    kind: 'choice',
    label: 'Tie-break for first / last',
    help: 'When two values of a type were added at the same instant: order them by value (code point) or keep the order of the input.',
    rule: 'Q1',
    options: [
      { value: 'value', label: 'By value' },
      { value: 'input-order', label: 'By input order' },
    ],
  },
  {
    key: 'defaultProfile',
    kind: 'choice',
    label: 'Default Setup identifiers',
    help: "Which identifiers Default Setup sends: the destination's documented default, or one of the known default profiles for every destination.",
    rule: 'Q6',
    options: [
      { value: 'destination', label: "The destination's own default" },
      {
        value: 'generic',
        label: 'Every value of user_id and email (plus anonymous and mobile ids)',
      },
      {
        value: 'most-recent',
        label: 'Most recently added value of the matcher (Google Ads Remarketing Lists)',
      },
      { value: 'email-only', label: 'Every email only (Yahoo, Snap)' },
    ],
  },
  {
    key: 'alwaysIncludeUserId',
    kind: 'boolean',
    label: 'Always include userId',
    help: 'In Customized Setup, also put the most recent user_id in userId when user_id is not one of the rows.',
    rule: 'Q5',
  },
  {
    key: 'copyEmailToProperties',
    kind: 'boolean',
    label: 'Also copy email to properties.email',
    help: 'Track events keep email in context.traits.email; some Actions mappings read properties.email instead.',
    rule: 'Q8',
  },
  {
    key: 'mobileIdGate',
    kind: 'choice',
    label: 'Send Mobile IDs gate for ID Sync rows',
    help: 'Which mobile advertising ids in ID Sync rows need Send Mobile IDs on. Default Setup always needs it for its own mobile ids.',
    rule: 'Q9',
    options: [
      { value: 'both', label: 'iOS and Android ad ids' },
      { value: 'ios-only', label: 'iOS IDFA only (the literal documentation)' },
      { value: 'off', label: 'None (the Snap Audiences reading)' },
    ],
  },
  {
    key: 'exitScope',
    kind: 'choice',
    label: 'Exit scope',
    help: 'Exits send every combination of: the Default Setup identifiers plus the configured rows, or the configured rows only.',
    rule: 'Q7',
    options: [
      { value: 'union', label: 'Default identifiers plus configured rows' },
      { value: 'configured', label: 'Configured rows only' },
    ],
  },
  {
    key: 'exitIncludesAnonymousIds',
    kind: 'boolean',
    label: 'Exits include anonymous ids',
    help: 'Exit events are also sent for every anonymous_id on the profile.',
    rule: 'Q7',
  },
  {
    key: 'resync',
    kind: 'choice',
    label: 'Re-sync',
    help: 'When a new identity arrives on a profile already in the audience: send only combinations not sent before, or every current combination again.',
    rule: 'Q10',
    options: [
      { value: 'delta', label: 'Only what is new' },
      { value: 'full', label: 'Everything again' },
    ],
  },
  {
    key: 'gmail',
    kind: 'choice',
    label: 'Gmail normalisation',
    help: "Before hashing for Google Customer Match: remove the first dot of a gmail.com local part as Segment's code does, or apply Google's rule (every dot removed, +tag dropped).",
    rule: 'Q20',
    options: [
      { value: 'segment', label: 'As Segment ships it' },
      { value: 'google', label: "Google's rule" },
    ],
  },
  {
    key: 'phoneFormat',
    kind: 'choice',
    label: 'Phone formatting',
    help: "Before hashing: digits with the default country code prefixed unless already there (Segment's formatter), or an E.164-aware reading that honours a leading + or 00.",
    rule: 'Q21',
    options: [
      { value: 'segment', label: 'As Segment ships it' },
      { value: 'e164', label: 'E.164-aware' },
    ],
  },
  {
    key: 'defaultCountryCode',
    kind: 'text',
    pattern: '^[1-9][0-9]{0,2}$',
    label: 'Default country code',
    help: 'Country calling code (digits, no +) used when formatting phone numbers.',
    rule: 'Q21',
  },
  {
    key: 'garlMobileIds',
    kind: 'choice',
    label: 'Google Ads Remarketing Lists mobile ids',
    help: 'Whether mobile ids sent to Google Ads Remarketing Lists are lower-cased and hashed, or sent as clear text.',
    rule: 'Q23',
    options: [
      { value: 'hashed', label: 'Hashed' },
      { value: 'clear', label: 'Clear text' },
    ],
  },
  {
    key: 'blockedValues',
    kind: 'patterns',
    label: 'Blocked values',
    help: 'Regular expressions; a value that matches one as a whole is never an identity.',
    rule: 'Q13',
  },
  {
    key: 'limits',
    kind: 'limits',
    label: 'Value limits per type',
    help: 'Identity-resolution limits; a profile with more values of a type gets a warning.',
    rule: 'Q12',
  },
  {
    key: 'defaultLimit',
    kind: 'number',
    label: 'Limit for other types',
    help: 'The value limit of every type not listed above.',
    rule: 'Q12',
  },
  {
    key: 'spaceId',
    kind: 'text',
    label: 'Space id',
    help: 'context.personas.space_id and namespace of the simulated events.',
    rule: 'E4',
  },
  {
    key: 'computationId',
    kind: 'text',
    label: 'Computation id',
    help: 'context.personas.computation_id of the simulated events.',
    rule: 'E4',
  },
];

/** The settings in force: the defaults with the caller's valid values laid over, plus findings. */
export function resolveSettings(partial: Partial<SimulationSettings> | undefined): {
  settings: SimulationSettings;
  findings: Finding[];
} {
  const settings: SimulationSettings = {
    ...DEFAULT_SETTINGS,
    blockedValues: [...DEFAULT_SETTINGS.blockedValues],
    limits: { ...DEFAULT_SETTINGS.limits },
  };
  const findings: Finding[] = [];

  if (partial === undefined) return { settings, findings };

  const reject = (key: string, why: string): void => {
    findings.push({
      severity: 'warning',
      code: 'setting-invalid',
      message: `Setting ${key} ${why}; the default is used instead.`,
      path: ['settings', key],
    });
  };
  const target = settings as unknown as Record<string, unknown>;

  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined) continue;
    const descriptor = SETTING_DESCRIPTORS.find((d) => d.key === key);
    if (!descriptor) {
      reject(key, 'is not a simulator setting');
      continue;
    }
    switch (descriptor.kind) {
      case 'choice': {
        const allowed = descriptor.options.map((o) => o.value);
        if (typeof value === 'string' && allowed.includes(value)) target[key] = value;
        else reject(key, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
        break;
      }
      case 'boolean':
        if (typeof value === 'boolean') target[key] = value;
        else reject(key, 'must be true or false');
        break;
      case 'text': {
        const fits = descriptor.pattern ? new RegExp(descriptor.pattern).test(String(value)) : true;
        if (typeof value === 'string' && value !== '' && fits) target[key] = value;
        else
          reject(key, `must be text${descriptor.pattern ? ` matching ${descriptor.pattern}` : ''}`);
        break;
      }
      case 'number':
        if (typeof value === 'number' && Number.isInteger(value) && value > 0) target[key] = value;
        else reject(key, 'must be a whole number above 0');
        break;
      case 'patterns':
        settings.blockedValues = readPatterns(value, findings);
        break;
      case 'limits':
        settings.limits = readLimits(value, findings);
        break;
    }
  }

  return { settings, findings };
}

function readPatterns(value: unknown, findings: Finding[]): string[] {
  if (!Array.isArray(value)) {
    findings.push({
      severity: 'warning',
      code: 'setting-invalid',
      message: 'Setting blockedValues must be a list of regular expressions; the default is used.',
      path: ['settings', 'blockedValues'],
    });
    return [...DEFAULT_BLOCKED_VALUES];
  }

  return value.filter((pattern, index) => {
    const usable = typeof pattern === 'string' && compileBlocked(pattern) !== undefined;
    if (!usable) {
      findings.push({
        severity: 'warning',
        code: 'setting-invalid',
        message: `Blocked value ${JSON.stringify(pattern)} is not a valid regular expression and is ignored.`,
        path: ['settings', 'blockedValues', index],
      });
    }
    return usable;
  });
}

function readLimits(value: unknown, findings: Finding[]): Record<string, number> {
  const limits: Record<string, number> = {};

  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    findings.push({
      severity: 'warning',
      code: 'setting-invalid',
      message: 'Setting limits must map identifier types to whole numbers; the default is used.',
      path: ['settings', 'limits'],
    });
    return { ...DEFAULT_LIMITS };
  }

  for (const [type, limit] of Object.entries(value)) {
    if (typeof limit === 'number' && Number.isInteger(limit) && limit > 0) limits[type] = limit;
    else
      findings.push({
        severity: 'warning',
        code: 'setting-invalid',
        message: `Limit for ${type} must be a whole number above 0; it is ignored.`,
        path: ['settings', 'limits', type],
      });
  }

  return limits;
}

/** A usable blocked-value pattern with its compiled form. */
export interface BlockedPattern {
  pattern: string;
  regex: RegExp;
}

/** Resolved settings with what every profile needs from them, worked out once. */
export interface PreparedSettings {
  settings: Readonly<SimulationSettings>;
  /** The `setting-invalid` findings; copy them before handing them out. */
  findings: readonly Finding[];
  /** The blocked-value patterns that compile, in the order given. */
  blocked: readonly BlockedPattern[];
  /**
   * One expression that matches a value whenever a group-free pattern of `blocked` matches it
   * as a whole, so most values are cleared by one test instead of one per pattern.
   */
  blockedAny: RegExp | undefined;
  /** The patterns `blockedAny` does not cover, in order. */
  blockedRest: readonly BlockedPattern[];
}

const preparedByObject = new ContentMemo<PreparedSettings>();
let preparedDefaults: PreparedSettings | undefined;

/**
 * `resolveSettings` plus the compiled blocked-value patterns, kept per settings object (and once
 * for "no settings") so a batch does not resolve and compile them for every profile. A settings
 * object changed in place since the last call is resolved again (see memo.ts).
 */
export function prepareSettings(
  partial: Partial<SimulationSettings> | undefined,
): PreparedSettings {
  if (partial === undefined) {
    preparedDefaults ??= buildPrepared(undefined);
    return preparedDefaults;
  }

  const memoisable = typeof partial === 'object' && partial !== null;
  const kept = memoisable ? preparedByObject.get(partial) : undefined;
  if (kept !== undefined) return kept;

  const prepared = buildPrepared(partial);
  if (memoisable) preparedByObject.set(partial, prepared);
  return prepared;
}

function buildPrepared(partial: Partial<SimulationSettings> | undefined): PreparedSettings {
  const { settings, findings } = resolveSettings(partial);
  const blocked: BlockedPattern[] = [];
  for (const pattern of settings.blockedValues) {
    const regex = compileBlocked(pattern);
    if (regex !== undefined) blocked.push({ pattern, regex });
  }

  // Only patterns without groups, alternation or escapes are merged: wrapping such a pattern in
  // a group of its own cannot change what it matches, and it holds no backreference that the
  // merge would renumber.
  const simple = blocked.filter((b) => !/[()|\\]/.test(b.pattern));
  const blockedAny =
    simple.length > 1 ? compileBlocked(simple.map((b) => `(?:${b.pattern})`).join('|')) : undefined;
  const blockedRest = blockedAny ? blocked.filter((b) => !simple.includes(b)) : blocked;
  return { settings, findings, blocked, blockedAny, blockedRest };
}

/**
 * The first blocked pattern (in the order given) that `value` matches as a whole, if any.
 */
export function firstBlocked(value: string, prepared: PreparedSettings): string | undefined {
  // No merged pattern matches: only the others can, and they keep their order among themselves.
  const candidates =
    prepared.blockedAny === undefined || prepared.blockedAny.test(value)
      ? prepared.blocked
      : prepared.blockedRest;
  for (const b of candidates) if (b.regex.test(value)) return b.pattern;
  return undefined;
}

/** A blocked-value pattern as a regular expression that must match the whole value. */
export function compileBlocked(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return undefined;
  }
}

/** The first blocked pattern a value matches as a whole, if any. */
export function blockedBy(value: string, patterns: readonly string[]): string | undefined {
  return patterns.find((p) => compileBlocked(p)?.test(value));
}

/** The value limit of a type under the settings. */
export function limitFor(
  type: string,
  limits: Readonly<Record<string, number>>,
  defaultLimit: number,
): number {
  return limits[type] ?? defaultLimit;
}
