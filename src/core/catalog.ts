/**
 * The built-in destination catalog. Keys, defaults and settings follow each destination's public
 * documentation; docs/destinations.md restates them with their sources.
 */
import type { Destination } from './types.js';

/** The 11 identifier types every Segment space has since October 2020. */
export const DEFAULT_IDENTIFIER_TYPES = [
  'user_id',
  'email',
  'anonymous_id',
  'android.id',
  'android.idfa',
  'android.push_token',
  'ga_client_id',
  'group_id',
  'ios.id',
  'ios.idfa',
  'ios.push_token',
] as const;

/** What the studio offers when the host names no identifiers: the defaults plus `phone`, the
 * custom identifier Segment's own documentation uses as its example. */
export const STANDARD_IDENTIFIERS: readonly string[] = [...DEFAULT_IDENTIFIER_TYPES, 'phone'];

/** Mobile advertising ids, gated by the Send Mobile IDs connection setting. */
export const MOBILE_AD_ID_TYPES = ['ios.idfa', 'android.idfa'] as const;

const GENERIC_EVENT_KEY_FOR: Record<string, string> = {
  user_id: 'user_id',
  email: 'email',
  anonymous_id: 'anonymous_id',
  phone: 'phone',
  'ios.idfa': 'ios_idfa',
  'android.idfa': 'android_idfa',
  'ios.id': 'ios_id',
  'android.id': 'android_id',
  'ios.push_token': 'ios_push_token',
  'android.push_token': 'android_push_token',
  ga_client_id: 'ga_client_id',
  group_id: 'group_id',
};

// Event destinations start from the Public API's documented default: last email and last user_id.
const EVENT_DEFAULT_ROWS = [
  { externalId: 'user_id', strategy: 'last', mapTo: 'user_id' },
  { externalId: 'email', strategy: 'last', mapTo: 'email' },
] as const;

const CATALOG: Destination[] = [
  {
    id: 'facebook-custom-audiences',
    name: 'Facebook Custom Audiences',
    kind: 'list',
    keys: [
      'EMAIL',
      'MADID',
      'FN',
      'LN',
      'PHONE',
      'GEN',
      'DOBY',
      'DOBM',
      'DOBD',
      'ST',
      'CT',
      'ZIP',
      'COUNTRY',
    ],
    freeText: false,
    keyFor: { email: 'EMAIL', 'ios.idfa': 'MADID', 'android.idfa': 'MADID', phone: 'PHONE' },
    defaultRows: [{ externalId: 'email', strategy: 'last', mapTo: 'EMAIL' }],
  },
  {
    id: 'facebook-custom-audiences-actions',
    name: 'Facebook Custom Audiences (Actions)',
    kind: 'list',
    keys: [
      'EXTERN_ID',
      'EMAIL',
      'PHONE',
      'DOBY',
      'DOBM',
      'DOBD',
      'LN',
      'FN',
      'FI',
      'GEN',
      'CT',
      'ST',
      'ZIP',
      'COUNTRY',
      'MADID',
    ],
    // Segment's ID Sync page names the classic Facebook Custom Audiences and Google Ads
    // Remarketing Lists as the only destinations with a dropdown; the Actions one takes free text,
    // with its schema columns as suggestions.
    freeText: true,
    keyFor: {
      user_id: 'EXTERN_ID',
      email: 'EMAIL',
      phone: 'PHONE',
      'ios.idfa': 'MADID',
      'android.idfa': 'MADID',
    },
    defaultRows: [
      { externalId: 'user_id', strategy: 'last', mapTo: 'EXTERN_ID' },
      { externalId: 'email', strategy: 'last', mapTo: 'EMAIL' },
    ],
  },
  {
    id: 'google-ads-remarketing-lists',
    name: 'Google Ads Remarketing Lists',
    kind: 'list',
    keys: ['email', 'phone', 'mobile_id'],
    freeText: false,
    keyFor: {
      email: 'email',
      phone: 'phone',
      'ios.idfa': 'mobile_id',
      'android.idfa': 'mobile_id',
    },
    defaultRows: [{ externalId: 'email', strategy: 'last', mapTo: 'email' }],
    settings: { matcher: { values: ['email', 'mobile_id'], default: 'email' } },
  },
  {
    id: 'google-customer-match',
    name: 'Google Customer Match (Customer Match User List)',
    kind: 'list',
    keys: ['email', 'phone', 'crm_id', 'mobile_id'],
    freeText: true,
    keyFor: {
      email: 'email',
      phone: 'phone',
      user_id: 'crm_id',
      'ios.idfa': 'mobile_id',
      'android.idfa': 'mobile_id',
    },
    defaultRows: [
      { externalId: 'email', strategy: 'last', mapTo: 'email' },
      { externalId: 'phone', strategy: 'last', mapTo: 'phone' },
    ],
    settings: {
      externalIdType: {
        values: ['CONTACT_INFO', 'CRM_ID', 'MOBILE_ADVERTISING_ID'],
        default: 'CONTACT_INFO',
      },
    },
  },
  {
    id: 'snap-audiences',
    name: 'Snap Audiences',
    kind: 'list',
    keys: ['email', 'phone', 'ios_idfa', 'android_idfa'],
    // Free text like every Actions destination; lint holds the email and mobile-id keys fixed.
    freeText: true,
    keyFor: {
      email: 'email',
      phone: 'phone',
      'ios.idfa': 'ios_idfa',
      'android.idfa': 'android_idfa',
    },
    defaultRows: [{ externalId: 'email', strategy: 'last', mapTo: 'email' }],
  },
  {
    id: 'braze',
    name: 'Braze',
    kind: 'event',
    keys: ['user_id', 'email', 'anonymous_id', 'braze_id', 'phone', 'ios_idfa', 'android_idfa'],
    freeText: true,
    keyFor: { ...GENERIC_EVENT_KEY_FOR, braze_id: 'braze_id' },
    defaultRows: EVENT_DEFAULT_ROWS.map((r) => ({ ...r })),
  },
  {
    id: 'destination-function',
    name: 'Destination Function',
    kind: 'event',
    keys: ['user_id', 'email', 'anonymous_id', 'phone', 'ios_idfa', 'android_idfa'],
    freeText: true,
    keyFor: { ...GENERIC_EVENT_KEY_FOR },
    defaultRows: EVENT_DEFAULT_ROWS.map((r) => ({ ...r })),
  },
];

export const destinations: readonly Destination[] = Object.freeze(CATALOG);

/** The catalog entry for an id, or undefined. */
export function findDestination(id: string): Destination | undefined {
  return destinations.find((d) => d.id === id);
}

/** The key a destination uses for a Segment identifier: its own default, else the identifier. */
export function defaultKeyFor(destination: Destination | undefined, externalId: string): string {
  return destination?.keyFor[externalId] ?? externalId;
}
