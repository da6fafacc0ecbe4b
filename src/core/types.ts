/**
 * The core's public types. Shapes here are part of the public contract (see README "Core API");
 * the config document itself is inferred from its zod schema in `schema.ts`.
 */
import type { IdSyncConfig, IdSyncRow, Strategy } from './schema.js';

export type { IdSyncConfig, IdSyncRow, Strategy };

/** One problem or notice about a config, an identity list or a simulation. */
export interface Finding {
  severity: 'error' | 'warning';
  /** Stable machine-readable code, listed in docs/findings.md. */
  code: string;
  /** A sentence a person can act on: what is wrong, where, and the rule behind it. */
  message: string;
  /** Where in the input the finding points, e.g. ['idSyncConfiguration', 2, 'strategy']. */
  path: (string | number)[];
}

/** A destination of the built-in catalog (or one a host describes). */
export interface Destination {
  id: string;
  name: string;
  kind: 'event' | 'list';
  /** Destination identifier keys offered: the dropdown, or the suggestions for free text. */
  keys: string[];
  /** True where any key may be typed (suggestions = keys); false for a fixed dropdown. */
  freeText: boolean;
  /** Default destination key per Segment identifier type (fills `mapTo`, Add identifier). */
  keyFor: Record<string, string>;
  /** Rows a new Customized Setup starts from. */
  defaultRows: IdSyncRow[];
  /** The destination's own connection-level settings (`destinationSettings`). */
  settings?: Record<string, { values: string[]; default: string }>;
}

/** One identity of a profile: an external id with the time it was first attached. */
export interface Identity {
  type: string;
  id: string;
  /** As given by the source (RFC 3339, 0 to 9 fractional digits; zone-less means UTC). */
  createdAt: string;
}

export type CombinationModel = 'cartesian' | 'per-value';
export type TieBreak = 'value' | 'input-order';
export type ResyncMode = 'delta' | 'full';
export type MobileIdGate = 'both' | 'ios-only' | 'off';
export type ExitScope = 'union' | 'configured';
/**
 * Default Setup identifier set: the destination's own ('destination'), every value of the default
 * identifiers ('generic'), the most recently added value of the connection's matcher
 * ('most-recent', Google Ads Remarketing Lists) or every email only ('email-only', Yahoo and Snap).
 */
export type DefaultProfile = 'destination' | 'generic' | 'most-recent' | 'email-only';
export type GmailRule = 'segment' | 'google';
export type PhoneFormat = 'segment' | 'e164';
export type GarlMobileIds = 'hashed' | 'clear';

/** The simulator's switches: each is an interpretation where Segment's documentation is silent. */
export interface SimulationSettings {
  /** How `first`/`last` break a tie on `createdAt`. */
  tieBreak: TieBreak;
  /** How several identifier types combine into events. */
  combination: CombinationModel;
  /** Put `userId` on every event even when `user_id` is not a Customized row. */
  alwaysIncludeUserId: boolean;
  /** Default Setup identifier set: the destination's own default, or the generic one. */
  defaultProfile: DefaultProfile;
  /** Exits also carry every anonymous_id of the profile. */
  exitIncludesAnonymousIds: boolean;
  /** Exit scope: Default-Setup types plus configured rows, or configured rows only. */
  exitScope: ExitScope;
  /** Also copy a Track event's email to `properties.email`. */
  copyEmailToProperties: boolean;
  /** Which mobile ids Send Mobile IDs gates. */
  mobileIdGate: MobileIdGate;
  /** What a resync sends when a new identity arrives. */
  resync: ResyncMode;
  /** Gmail local-part normalisation before hashing. */
  gmail: GmailRule;
  /** Phone formatting before hashing. */
  phoneFormat: PhoneFormat;
  /** Default country calling code for phone formatting, digits only (e.g. '1'). */
  defaultCountryCode: string;
  /** Google Ads Remarketing Lists mobile ids: hashed or clear text. */
  garlMobileIds: GarlMobileIds;
  /** Values matching any of these (whole-value) patterns are never identities. */
  blockedValues: string[];
  /** Identity-resolution value limits per type (missing type: `defaultLimit`). */
  limits: Record<string, number>;
  defaultLimit: number;
  /** `context.personas` ids. */
  spaceId: string;
  computationId: string;
}

export interface SimulationRequest {
  identities: Identity[];
  config: IdSyncConfig;
  /** Default 'entered'. */
  transition?: 'entered' | 'exited';
  /** Default 'audience'. */
  audienceKey?: string;
  /** Resync: the identities already synced; only the delta is sent. */
  previous?: Identity[];
  /** A Journeys (v1) step: list destinations never remove. */
  journey?: boolean;
  settings?: Partial<SimulationSettings>;
  /** A destination descriptor for ids outside the built-in catalog. */
  destination?: Destination;
}

/** Why an event or row was sent: rule ids of docs/simulation-rules.md. */
export interface Explained {
  rules: string[];
}

export interface SimulationResult {
  /** Segment-spec identify/track payloads in send order (event destinations). */
  events: Record<string, unknown>[];
  /** Destination-keyed rows, normalised and hashed (list destinations). */
  rows: Record<string, unknown>[];
  /** Per identifier type, the values sent. */
  selection: Record<string, string[]>;
  findings: Finding[];
  /** Parallel to `events`: the rules behind each event. */
  eventRules: string[][];
  /** Parallel to `rows`: the rules behind each row. */
  rowRules: string[][];
  /** False when the profile could not be an audience member at all. */
  eligible: boolean;
}
