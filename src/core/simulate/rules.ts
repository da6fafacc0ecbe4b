/**
 * The rules every simulated event and row cites. Each is restated in the project's words with the
 * public page it comes from; docs/simulation-rules.md explains them at length. Ids starting with
 * R and F restate Segment's documentation, Q marks an interpretation (with a setting where one is
 * possible), E and L describe payload placement and list-destination normalisation.
 */

export interface Rule {
  /** One-line statement in the project's words. */
  statement: string;
  /** Where it comes from: a public Segment page, a public SDK model or "interpretation". */
  source: string;
}

const IDS = 'https://segment.com/docs/engage/trait-activation/id-sync/';
const UED = 'https://segment.com/docs/engage/using-engage-data/';
const EFAQ = 'https://segment.com/docs/engage/faqs/';
const AUD = 'https://segment.com/docs/engage/audiences/';
const IRS = 'https://segment.com/docs/unify/identity-resolution/identity-resolution-settings/';
const PAPI =
  'Segment Public API SDK, model IDSyncConfigurationInput (github.com/segmentio/public-api-sdk-typescript)';
const GARL = 'https://segment.com/docs/connections/destinations/catalog/adwords-remarketing-lists/';

export const RULES: Readonly<Record<string, Rule>> = Object.freeze({
  A1: {
    statement:
      'A profile can be an audience member only with a user_id, email, ios.idfa or android.idfa (or an anonymous_id when the audience includes anonymous users); otherwise nothing is sent.',
    source: AUD,
  },
  R10: {
    statement:
      'Each Customized Setup row maps one Segment identifier to a destination key and carries its own strategy: first added, last added or all.',
    source: IDS,
  },
  R11: {
    statement: 'At most three identifiers may use the all strategy.',
    source: IDS,
  },
  R12: {
    statement: 'The Public API takes at most five identifier rows.',
    source: PAPI,
  },
  R13: {
    statement:
      'first sends only the oldest value of the identifier, last only the most recent, all every value (several events).',
    source: PAPI,
  },
  R16: {
    statement:
      'Mobile advertising ids are sent only when the connection setting Send Mobile IDs is on.',
    source: IDS,
  },
  R23: {
    statement:
      'Audience exits ignore ID Sync and the ID strategy: every combination of identifiers is sent so that removal succeeds.',
    source: IDS,
  },
  R24: {
    statement: 'An exit is sent once per anonymous_id on the profile, to reach every id ever sent.',
    source: 'https://github.com/segmentio/segment-docs/pull/7191 (Segment staff, unmerged)',
  },
  R25: {
    statement: 'A Journeys step never removes a user from a list destination: entries only.',
    source: 'https://segment.com/docs/engage/journeys/v1/send-data/',
  },
  R26: {
    statement:
      'Default Setup sends every value of the default identifiers and never a custom identifier.',
    source: IDS,
  },
  R27: {
    statement:
      'Some destinations have their own default: Google Ads Remarketing Lists sends only the most recently added value of its matcher; Yahoo and Snap Audiences default to email.',
    source: GARL,
  },
  R28: {
    statement:
      'Google Ads Remarketing Lists carries email plus at most one more identifier, and a mapped trait may only go to phone.',
    source: GARL,
  },
  F2: {
    statement: 'Several values of one identifier type give one event per value.',
    source: EFAQ,
  },
  F3: {
    statement: 'Audiences are synced using every user_id on the profile.',
    source: EFAQ,
  },
  F4: {
    statement: 'With anonymous users included, one event is sent per anonymousId on the profile.',
    source: EFAQ,
  },
  F6: {
    statement: 'A new identity on a profile already in the audience makes Engage sync it again.',
    source: UED,
  },
  F7: {
    statement: 'The all strategy sends several events, one per value.',
    source: PAPI,
  },
  F8: {
    statement: 'Send Identify and Send Track are independent; a connection may send both.',
    source: 'https://segment.com/docs/engage/trait-activation/trait-enrichment/',
  },
  E1: {
    statement:
      'Membership: Identify sets traits.<audience_key> to true on entry and false on exit; Track sends Audience Entered or Audience Exited with properties.audience_key and properties.<audience_key>.',
    source: UED,
  },
  E2: {
    statement: 'Email goes in traits.email on Identify and in context.traits.email on Track.',
    source: UED,
  },
  E3: {
    statement:
      'An identifier mapped by ID Sync lands in traits.<destination key> on Identify and properties.<destination key> on Track.',
    source: 'https://github.com/segmentio/segment-docs/pull/7355 (Segment staff, unmerged)',
  },
  E4: {
    statement:
      'Every event carries context.personas (computation class, id and key, namespace, space id).',
    source: UED,
  },
  E5: {
    statement:
      'Default Setup puts a mobile advertising id in context.device.advertisingId with context.device.type.',
    source: 'https://segment.com/docs/connections/spec/common/',
  },
  L1: {
    statement:
      'Facebook Custom Audiences (classic): EMAIL trimmed, lower-cased and SHA-256 hashed, MADID lower-cased and not hashed, PHONE digits without leading zeros then hashed; Segment hashes even an already hashed value.',
    source:
      'https://segment.com/docs/connections/destinations/catalog/personas-facebook-custom-audiences/',
  },
  L2: {
    statement:
      'Facebook Custom Audiences (Actions): columns in schema order (EXTERN_ID first, MADID last), missing ones empty; EMAIL and PHONE normalised and hashed unless already a SHA-256 hex; EXTERN_ID and MADID sent as given.',
    source:
      'https://segment.com/docs/connections/destinations/catalog/actions-facebook-custom-audiences/',
  },
  L3: {
    statement:
      'Google Ads Remarketing Lists: Segment hashes what it sends; email trimmed and lower-cased, phone formatted with a country code.',
    source: GARL,
  },
  L4: {
    statement:
      'Google Customer Match: email trimmed, lower-cased, gmail dots handled, SHA-256 hashed; phone in E.164 then hashed; CRM and mobile ids trimmed, not hashed; the list type decides which identifiers it takes.',
    source:
      'https://segment.com/docs/connections/destinations/catalog/actions-google-enhanced-conversions/',
  },
  L5: {
    statement:
      'Snap Audiences: email and mobile ids trimmed, lower-cased and SHA-256 hashed; phone without spaces, brackets, + and - and without a leading 00 or 0, then hashed; duplicates removed per batch.',
    source: 'https://segment.com/docs/connections/destinations/catalog/actions-snap-audiences/',
  },
  L6: {
    statement: 'Other list destinations: each value trimmed, lower-cased and SHA-256 hashed.',
    source: 'interpretation',
  },
  Q1: {
    statement:
      'Values are ordered by when they were added, then by value; first is the head and last the tail, whatever the input order.',
    source: 'interpretation (setting "Tie-break")',
  },
  Q2: {
    statement: '"Added" is when the value was first attached to the profile (created_at).',
    source: 'https://segment.com/docs/unify/profile-api/',
  },
  Q4: {
    statement:
      'Several identifier types combine as every combination of their selected values, one send per combination.',
    source: 'interpretation of "all ID combinations" (setting "Combination model")',
  },
  Q5: {
    statement:
      'In Customized Setup only the rows are sent; a user_id row fills userId and an anonymous_id row anonymousId.',
    source: 'interpretation (setting "Always include userId")',
  },
  Q6: {
    statement:
      'Default Setup sends user_id and email (all values), anonymous_id only when anonymous users are included, mobile ids only with Send Mobile IDs, all mobile ids forming one dimension (iOS first).',
    source: 'interpretation of the ID Sync page (setting "Default Setup identifiers")',
  },
  Q7: {
    statement:
      'An exit covers the Default Setup identifiers plus the configured rows, every value, plus every anonymous_id.',
    source: 'interpretation (settings "Exit scope", "Exits include anonymous ids")',
  },
  Q8: {
    statement: 'A Track event keeps email in context.traits.email when its key is email.',
    source: 'interpretation (setting "Also copy email to properties.email")',
  },
  Q9: {
    statement:
      'Send Mobile IDs off drops ios.idfa and android.idfa rows with a warning; with nothing left, nothing is sent.',
    source: 'interpretation (setting "Send Mobile IDs gate")',
  },
  Q10: {
    statement:
      'A re-sync sends only combinations not sent before and never retracts; a merge is a re-sync in which every identity of the merged profile arrives at once.',
    source: 'interpretation of the re-sync notes (setting "Re-sync")',
  },
  Q11: {
    statement: 'Without Include Anonymous Users, Default Setup sends no anonymousId.',
    source: AUD,
  },
  Q12: {
    statement: 'Identities beyond the identity-resolution limits are simulated with a warning.',
    source: IRS,
  },
  Q13: {
    statement: 'Blocked and blank values are never identities; they are dropped with a warning.',
    source: IRS,
  },
  Q14: {
    statement:
      'Identity types are lower-case; values are sent as written, normalised only for lists.',
    source: 'https://segment.com/docs/unify/identity-resolution/externalids/',
  },
  Q16: {
    statement: 'The same type and value twice is one identity, added at the earlier time.',
    source: 'interpretation',
  },
  Q17: {
    statement:
      'Facebook Custom Audiences (classic) Default Setup: one row per email and mobile id combination.',
    source: 'interpretation',
  },
  Q19: {
    statement:
      'Send order: identifier types in row order (Default: user_id, email, anonymous_id, mobile ids), values oldest first, Identify before Track per combination.',
    source: 'interpretation',
  },
  Q20: {
    statement:
      'Gmail addresses: Segment removes the first dot of the local part before hashing; Google removes every dot and the +tag.',
    source: 'interpretation (setting "Gmail normalisation")',
  },
  Q21: {
    statement:
      'Phone numbers: Segment keeps the digits and prefixes the default country code unless they already start with it.',
    source: 'interpretation (settings "Phone formatting", "Default country code")',
  },
  Q22: {
    statement:
      'A column empty after normalisation stays empty with a warning; the hash of an empty string is never sent.',
    source: 'interpretation',
  },
  Q23: {
    statement: 'Google Ads Remarketing Lists mobile ids are lower-cased and hashed.',
    source: `${GARL} (setting "Google Ads Remarketing Lists mobile ids")`,
  },
  Q24: {
    statement:
      'Times are compared at full precision (up to nanoseconds); a time without a zone is UTC.',
    source: 'https://segment.com/docs/unify/profile-api/',
  },
  Q26: {
    statement: 'Customized Setup with no rows sends what Default Setup sends.',
    source: IDS,
  },
});

/** Each rule id's position in RULES; an id that is not a rule sorts before every rule. */
const RANK = new Map(Object.keys(RULES).map((id, index) => [id, index]));

function rankOf(id: string): number {
  return RANK.get(id) ?? -1;
}

function byRank(a: string, b: string): number {
  return rankOf(a) - rankOf(b);
}

/** Rule ids in the order of RULES, each once. */
export function orderRules(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort(byRank);
}
