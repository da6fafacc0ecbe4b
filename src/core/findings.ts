/**
 * Every finding the config rules can raise: its stable code, its severity and the sentence that
 * explains it. The rules (`parse-config.ts`, `lint.ts`, `public-api.ts`) decide *when*; this module
 * decides *what is said*, so one rule speaks the same way in the editor, the CLI and an export.
 * docs/findings.md lists every code with when it fires, what to do and the public source.
 */
import type { Finding } from './types.js';

export type Severity = Finding['severity'];
export type FindingPath = Finding['path'];

const ACCEPTED_STRATEGIES = '"first", "last" or "all"';

/** The longest piece of user text a message repeats in full. */
const MAX_SHOWN = 80;

/**
 * User text as a message shows it: in full up to MAX_SHOWN characters, else its start and its
 * length, so a pasted 10,000-character key does not turn one finding into a wall of text.
 */
export function abbreviate(text: string, max = MAX_SHOWN): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1)}… (${text.length.toLocaleString('en')} characters)`;
}

/** "Identifier 2 (email)": the row as the editor names it ("Identifier N", N from 1). */
export function rowLabel(index: number, externalId?: string): string {
  const id =
    typeof externalId === 'string' && externalId.trim() !== ''
      ? ` (${escapeInvisible(abbreviate(externalId))})`
      : '';
  return `Identifier ${index + 1}${id}`;
}

/** Where a path points, in words: "Identifier 2's strategy", "connectionSettings.sendTrack". */
export function describePath(path: FindingPath): string {
  if (path.length === 0) return 'the document';

  const [head, index, ...rest] = path;
  if (head === 'idSyncConfiguration' && typeof index === 'number') {
    const row = `Identifier ${index + 1}`;
    return rest.length === 0 ? row : `${row}'s ${rest.join('.')}`;
  }

  return path.join('.');
}

/**
 * Characters a reader cannot see that still change a text: C0 and C1 control characters (NUL
 * included), the bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E–U+200F,
 * U+202A–U+202E, U+2066–U+2069) and the zero-width characters (U+200B–U+200D, U+2060–U+2064,
 * U+FEFF). A name or value holding one looks like another on screen (U+202E even reverses the
 * text after it).
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');
const INVISIBLE_ONE = new RegExp(`^${INVISIBLE.source}$`);

/** Every invisible character of `text`, as "U+202E", with its 1-based position in code points. */
export function invisibleCharacters(text: string): { character: string; position: number }[] {
  // One scan that usually finds nothing; only a text with a hit is walked character by character.
  if (!INVISIBLE.test(text)) return [];

  const found: { character: string; position: number }[] = [];
  let position = 0;
  for (const c of text) {
    position++;
    if (INVISIBLE_ONE.test(c)) {
      const code = c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      found.push({ character: `U+${code}`, position });
    }
  }
  return found;
}

/** `text` without its invisible characters. */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE_ALL, '');
}

/**
 * `text` with every control, bidirectional and zero-width character written as a `\u` escape
 * (four hex digits), so a message shows the hidden character instead of letting it reorder or
 * hide the text around it.
 */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A name in double quotes with its hidden characters escaped (see escapeInvisible). */
function quoteVisibly(text: string): string {
  return escapeInvisible(JSON.stringify(text));
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}

/** The strategy a UI label or a near miss stands for: "Last Added" is `last`, "ALL" is `all`. */
export function strategyFromLabel(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;

  const word = value
    .trim()
    .toLowerCase()
    .replace(/\s+added$/, '');
  return ['first', 'last', 'all'].includes(word) ? word : undefined;
}

const RULES = {
  // ---- parseConfig: structure ----
  'json-malformed': {
    severity: 'error',
    message: (reason: string, line: number, column: number) =>
      `The text is not valid JSON: ${reason} at line ${line}, column ${column}.`,
  },
  'json-duplicate-key': {
    severity: 'error',
    message: (key: string, where: string, line: number, firstLine: number) =>
      `The key ${quoteVisibly(key)} appears twice in ${where}: at line ${firstLine} and again at ` +
      `line ${line}. JSON keeps only the last value and silently drops the first; keep one.`,
  },
  'json-empty': {
    severity: 'error',
    message: () => 'The text is empty: a config is a JSON object such as {"version": 1, …}.',
  },
  'not-an-object': {
    severity: 'error',
    message: (found: unknown) =>
      `A config must be a JSON object (a document with "version": 1, or a Public API ` +
      `connection object); found ${kindOf(found)}.`,
  },
  'unknown-key': {
    severity: 'error',
    message: (key: string, where: string, accepted: readonly string[], suggestion?: string) =>
      `Unknown key "${key}" in ${where}: remove it` +
      (suggestion ? ` or rename it to "${suggestion}"` : '') +
      `. Accepted keys there: ${quoteList(accepted)}.`,
  },
  'missing-key': {
    severity: 'error',
    message: (where: string, expected: string) => `${where} is missing: it must be ${expected}.`,
  },
  'wrong-type': {
    severity: 'error',
    message: (where: string, expected: string, found: unknown) =>
      `${where} must be ${expected}; found ${kindOf(found)}.`,
  },
  'version-unsupported': {
    severity: 'error',
    message: (found: unknown) =>
      `"version" is ${kindOf(found)}, but this version of idsync-studio reads version 1 ` +
      `documents only. Set "version": 1 if the document was written for it.`,
  },
  'setup-invalid': {
    severity: 'error',
    message: (found: unknown) =>
      `"setup" must be "default" (Default Setup) or "customized" (Customized Setup); found ` +
      `${kindOf(found)}.`,
  },
  'strategy-invalid': {
    severity: 'error',
    message: (row: string, found: unknown) => {
      const meant = strategyFromLabel(found);
      const hint = meant ? ` Screen labels are not values: here that is "${meant}".` : '';
      const shown = typeof found === 'string' ? JSON.stringify(found) : kindOf(found);
      return `${row}: strategy ${shown} is not accepted; use ${ACCEPTED_STRATEGIES}.${hint}`;
    },
  },
  'mapto-filled': {
    severity: 'warning',
    message: (row: string, key: string, fromCatalog: boolean) =>
      `${row} had no destination identifier (mapTo), so it is set to "${key}"` +
      (fromCatalog
        ? `, the destination's default key for this identifier.`
        : `, the identifier itself, because the destination has no default key for it.`) +
      ' Check it before saving; saved documents always carry mapTo.',
  },
  'api-destination-missing': {
    severity: 'error',
    message: () =>
      'This is a Public API connection object (it has no "version"), and the API does not say ' +
      'which destination it belongs to. Pass the catalog id as the destination option (for ' +
      'example "braze").',
  },
  'api-connection-settings-not-mapped': {
    severity: 'warning',
    message: (present: boolean) =>
      (present
        ? "The Public API's connectionSettings are specific to each destination and are not read " +
          'into Send Identify, Send Track, Send Mobile IDs or Include Anonymous Users. '
        : 'A Public API connection object does not carry Send Identify, Send Track, Send Mobile ' +
          'IDs or Include Anonymous Users. ') +
      'Those four keep their defaults here: set them to match the connection in Segment.',
  },
  'destination-mismatch': {
    severity: 'warning',
    message: (inDocument: string, expected: string) =>
      `This document is for "${inDocument}", but it is being opened for "${expected}". ` +
      "Its keys and rules are checked against the document's own destination.",
  },

  // ---- lintConfig: counts and uniqueness ----
  'too-many-rows': {
    severity: 'error',
    message: (row: string, count: number) =>
      `${row} is over the limit: Segment's Public API takes at most five identifiers per ` +
      `destination, and this config has ${count}. Remove ${count - 5 === 1 ? 'one' : count - 5}.`,
  },
  'too-many-all': {
    severity: 'error',
    message: (row: string, count: number) =>
      `${row}: Segment allows at most three identifiers on All, and this config has ${count}. ` +
      'Change this one to Last added or First added.',
  },
  'duplicate-identifier': {
    severity: 'error',
    message: (row: string, externalId: string, first: string) =>
      `${row} repeats "${externalId}", already in ${first}: a Segment identifier can appear in ` +
      'one row only, because Segment keeps one strategy per identifier. Remove one of the rows.',
  },
  'duplicate-key': {
    severity: 'error',
    message: (row: string, key: string, first: string) =>
      `${row} sends to "${key}", which ${first} already fills: a destination identifier can ` +
      'be filled by one row only. Choose another key or remove one of the rows.',
  },
  'identifier-not-lowercase': {
    severity: 'error',
    message: (row: string, externalId: string) =>
      `${row}: Segment identifier types are lower-case, so "${externalId}" matches nothing. ` +
      `Use "${externalId.toLowerCase()}".`,
  },
  'identifier-whitespace': {
    severity: 'error',
    message: (row: string, externalId: string) =>
      `${row}: the Segment identifier ${JSON.stringify(externalId)} has spaces around or inside ` +
      'it; identifier types never do. Remove the spaces.',
  },
  'key-whitespace': {
    severity: 'error',
    message: (row: string, key: string) =>
      `${row}: the destination identifier ${JSON.stringify(key)} starts or ends with a space, ` +
      'so the destination would not recognise it. Remove the spaces.',
  },
  'identifier-invisible-character': {
    severity: 'error',
    message: (row: string, externalId: string, character: string, position: number) =>
      `${row}: the Segment identifier ${quoteVisibly(externalId)} holds the invisible ` +
      `character ${character} at position ${position}; it looks like another type but never ` +
      'matches one. Retype the identifier.',
  },
  'key-invisible-character': {
    severity: 'error',
    message: (row: string, key: string, character: string, position: number) =>
      `${row}: the destination identifier ${quoteVisibly(key)} holds the invisible character ` +
      `${character} at position ${position}; the key reads like another one but names a ` +
      'different field. Retype the key.',
  },
  'identifier-too-long': {
    severity: 'warning',
    message: (row: string, length: number, limit: number) =>
      `${row}: the Segment identifier is ${length} characters long, over ${limit}. Identifier ` +
      'types are short names; check that nothing else was pasted into the field.',
  },
  'key-too-long': {
    severity: 'warning',
    message: (row: string, length: number, limit: number) =>
      `${row}: the destination identifier is ${length} characters long, over ${limit}. ` +
      'Destination keys are short field names; check that nothing else was pasted into the field.',
  },
  'empty-identifier': {
    severity: 'error',
    message: (row: string) => `${row} has no Segment identifier. Choose one, or remove the row.`,
  },
  'empty-key': {
    severity: 'error',
    message: (row: string) =>
      `${row} has no destination identifier. Enter the key the destination expects, or ` +
      'remove the row.',
  },
  'mobile-id-dropped': {
    severity: 'warning',
    message: (row: string) =>
      `${row} will be dropped: Segment sends mobile advertising IDs only when the connection's ` +
      'Send Mobile IDs setting is on, and it is off. Turn it on in Segment, or remove the row.',
  },

  // ---- lintConfig: destination rules ----
  'unknown-destination': {
    severity: 'error',
    message: (id: string, known: readonly string[]) =>
      `"${id}" is not a destination idsync-studio knows, so its keys and rules cannot be ` +
      `checked. Use one of ${quoteList(known)}, or give the destination's description.`,
  },
  'key-not-offered': {
    severity: 'error',
    message: (row: string, key: string, destination: string, keys: readonly string[]) => {
      const near = keys.find((k) => k.toLowerCase() === key.toLowerCase());
      return (
        `${row}: "${key}" is not in ${destination}'s list of identifiers, and that list is ` +
        `fixed. Choose one of ${quoteList(keys)}` +
        (near ? ` (keys are case-sensitive: "${near}").` : '.')
      );
    },
  },
  'key-not-listed': {
    severity: 'warning',
    message: (row: string, key: string, destination: string, keys: readonly string[]) =>
      `${row}: "${key}" is not one of the keys ${destination} is known to read ` +
      `(${quoteList(keys)}). Segment does not check it, and data sent to a key the ` +
      'destination does not have may not be delivered.',
  },
  'garl-email-required': {
    severity: 'error',
    message: () =>
      'Google Ads Remarketing Lists needs an email row in Customized Setup: every row Segment ' +
      'sends to it carries the email. Add email (to "email").',
  },
  'garl-one-extra-identifier': {
    severity: 'error',
    message: (row: string, first: string) =>
      `${row} is one identifier too many: Google Ads Remarketing Lists takes email plus at ` +
      `most one more identifier, and ${first} is already that one. Remove one of them.`,
  },
  'garl-trait-to-phone': {
    severity: 'error',
    message: (row: string, key: string) =>
      `${row} is a mapped trait sent to "${key}": Google Ads Remarketing Lists accepts a ` +
      'mapped trait only into "phone". Map it to "phone", or remove the row.',
  },
  'snap-email-key': {
    severity: 'error',
    message: (row: string, key: string, isEmail: boolean) =>
      isEmail
        ? `${row} goes to "${key}", but Snap Audiences reads the email only from the fixed key ` +
          '"email". Map it to "email".'
        : `${row} goes to "email", which Snap Audiences keeps for the email identifier. ` +
          'Choose another key.',
  },
  'snap-mobile-key': {
    severity: 'error',
    message: (row: string, key: string, expected: string) =>
      `${row} goes to "${key}", but Snap Audiences reads this mobile ad ID only from ` +
      `"${expected}" (with underscores). Map it to "${expected}".`,
  },
  'key-reserved': {
    severity: 'error',
    message: (row: string, key: string, why: 'prototype' | 'membership' | 'audience') =>
      `${row} goes to ${quoteVisibly(key)}, ` +
      (why === 'prototype'
        ? 'a name JavaScript objects keep for themselves: the value would be dropped or turn ' +
          'into something else wherever the payload is read in JavaScript.'
        : why === 'membership'
          ? 'which Track calls already use for the audience key (properties.audience_key), so ' +
            'the value and the membership would overwrite each other.'
          : 'the audience key itself: traits and properties carry the membership (true or ' +
            'false) under that name, so the value would be dropped.') +
      ' Choose another key.',
  },
  'key-identifier-mismatch': {
    severity: 'error',
    message: (
      row: string,
      key: string,
      destination: string,
      accepted: string,
      consequence: string,
      own?: string,
    ) =>
      `${row} goes to "${key}", but ${key} on ${destination} takes only ${accepted}: ` +
      `${consequence}. ` +
      (own ? `Map it to "${own}".` : 'Choose a key that takes it, or remove the row.'),
  },
  'key-clear-text': {
    severity: 'warning',
    message: (row: string, key: string, destination: string, value: string, own?: string) =>
      `${row} goes to "${key}", which ${destination} sends as given: ${value} would go ` +
      `unhashed, in clear text, in ${key}. ${key} is meant for an id of your own, such as ` +
      'user_id' +
      (own ? `; map this identifier to "${own}", where it is hashed.` : '.'),
  },
  'setting-unknown': {
    severity: 'error',
    message: (key: string, destination: string, declared: readonly string[]) =>
      `"${key}" is not a setting of ${destination}` +
      (declared.length > 0
        ? `; it declares ${quoteList(declared)}.`
        : ', which has no destination settings.') +
      ' Remove it.',
  },
  'setting-value-invalid': {
    severity: 'error',
    message: (key: string, value: string, destination: string, values: readonly string[]) =>
      `${destination}'s setting "${key}" cannot be "${value}"; use one of ${quoteList(values)}.`,
  },

  // ---- lintConfig: what Segment will do ----
  'default-setup-with-rows': {
    severity: 'warning',
    message: (count: number) =>
      `Default Setup ignores the ${count === 1 ? 'identifier row' : `${count} identifier rows`} ` +
      "in this config: Segment sends the destination's default identifiers and never sends " +
      'custom identifiers. Switch to Customized Setup to use them, or remove them.',
  },
  'customized-without-rows': {
    severity: 'warning',
    message: () =>
      'Customized Setup has no identifier rows, so Segment syncs the default identifiers, as ' +
      'in Default Setup. Add identifiers to choose what is sent.',
  },
  'custom-identifier-written-back': {
    severity: 'warning',
    message: (row: string) =>
      `${row} is a custom identifier: when ID Sync sends it, Segment also adds its values to ` +
      'profiles as traits and identifiers. Segment recommends mapping such properties with ' +
      "the destination's Actions mappings instead.",
  },
  'nothing-sent': {
    severity: 'warning',
    message: (destination: string) =>
      `Send Identify and Send Track are both off, so nothing is sent to ${destination}. ` +
      'Turn at least one on in Segment.',
  },
  'audience-key-empty': {
    severity: 'warning',
    message: () =>
      'The audience key is empty. Segment gives every audience a key (the snake_case of its name), ' +
      'and Identify traits and Track properties carry the membership under it; pass the real key.',
  },
  'anonymous-users-differs': {
    severity: 'warning',
    message: (inConfig: boolean, onAudience: boolean) =>
      `Include Anonymous Users is ${inConfig ? 'on' : 'off'} here but ` +
      `${onAudience ? 'on' : 'off'} on the audience. It is the audience's own setting, chosen ` +
      'when the audience is created, and decides who is a member at all: change it on the ' +
      'audience in Segment, not in this config.',
  },

  // ---- toPublicApi ----
  'api-default-on-create': {
    severity: 'warning',
    message: (zeroRows: boolean) =>
      (zeroRows ? 'Customized Setup has no rows, so t' : 'T') +
      "he body leaves out idSyncConfiguration, and Segment applies the destination's default " +
      '(the last or all values of email and user_id, depending on the destination).',
  },
  'api-default-on-update': {
    severity: 'error',
    message: (zeroRows: boolean) =>
      (zeroRows ? 'Customized Setup has no rows' : 'This config uses Default Setup') +
      ', but an update cannot return a connection to Default Setup through the Public API: an ' +
      'empty idSyncConfiguration changes nothing. Make this change in the Segment app.',
  },
  'api-toggles-not-sent': {
    severity: 'warning',
    message: (settings: string) =>
      'The Public API body does not carry Send Identify, Send Track, Send Mobile IDs or ' +
      `Include Anonymous Users. Set them on the connection in Segment (${settings}).`,
  },
  'api-destination-settings-not-sent': {
    severity: 'warning',
    message: (keys: readonly string[]) =>
      `The destination settings ${quoteList(keys)} are not part of the body: the Public API's ` +
      'connectionSettings are replaced whole on update, so set them in Segment.',
  },
} satisfies Record<string, { severity: Severity; message: (...args: never[]) => string }>;

export type FindingCode = keyof typeof RULES;

/** Every code a config finding can carry. Stable: tools and saved reports rely on them. */
export const FINDING_CODES: readonly FindingCode[] = Object.freeze(
  Object.keys(RULES) as FindingCode[],
);

/** The severity a code always has. */
export function severityOf(code: FindingCode): Severity {
  return RULES[code].severity;
}

/** Builds the finding for a code, with its fixed severity and its message. */
export function finding<C extends FindingCode>(
  code: C,
  path: FindingPath,
  ...args: Parameters<(typeof RULES)[C]['message']>
): Finding {
  const build = RULES[code].message as (...a: unknown[]) => string;
  // Row labels and lists are short already; a long string argument is user text to abbreviate.
  const shown = args.map((a) =>
    typeof a === 'string' && a.length > MAX_SHOWN * 2 ? abbreviate(a) : a,
  );
  return { severity: RULES[code].severity as Severity, code, message: build(...shown), path };
}

/** True when any finding is an error. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
