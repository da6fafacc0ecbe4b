/**
 * Built-in sample profiles: one profile's identities each, written the way a source hands them
 * over (a Profile API `/external_ids` page, or a plain identity list), so they go through
 * `parseIdentities` exactly like pasted or imported input.
 *
 * Data only: no DOM, so the demo console, the extension and the core's tests can all import it.
 * The cases are the ones where ID Sync is easy to get wrong; `docs/simulation-rules.md` explains
 * the rules each one exercises.
 */

/** One item of a Profile API `/external_ids` response (fields beyond `id`, `type` and
 * `created_at` are what the API sends and what `parseIdentities` must ignore). */
export interface ExternalIdItem {
  id: string;
  type: string;
  collection: 'users' | 'accounts';
  encoding: 'none';
  source_id: string;
  created_at: string;
  first_message_id?: string;
}

/** A Profile API `/external_ids` page. */
export interface ExternalIdsPage {
  data: ExternalIdItem[];
  cursor: { url: string; has_more: boolean; next: string };
}

/** The simpler shape: a plain list of identities. */
export interface IdentityListItem {
  type: string;
  id: string;
  created_at: string;
}

export interface SampleProfile {
  /** Stable id, used in URLs, tests and the sample picker. */
  id: string;
  title: string;
  /** One line: what the sample shows. */
  shows: string;
  /** The identities as a source gives them. */
  input: ExternalIdsPage | IdentityListItem[];
}

const SPACE_PATH = '/v1/spaces/spa_demo/collections/users/profiles';

/** Wraps plain identities in a Profile API page, with the extra fields the API carries. */
function page(
  items: Array<[type: string, id: string, createdAt: string]>,
  options: { hasMore?: boolean; lookup?: string } = {},
): ExternalIdsPage {
  const lookup = options.lookup ?? `${items[0]?.[0] ?? 'user_id'}:${items[0]?.[1] ?? ''}`;
  const data = items.map(([type, id, createdAt], index): ExternalIdItem => {
    const item: ExternalIdItem = {
      id,
      type,
      collection: type === 'group_id' ? 'accounts' : 'users',
      encoding: 'none',
      source_id: index % 2 === 0 ? 'srcWeb01' : 'srcIos01',
      created_at: createdAt,
    };
    // The API sends first_message_id only sometimes; keep both forms in the samples.
    if (index % 3 === 0) item.first_message_id = `m-${String(index + 1).padStart(3, '0')}`;
    return item;
  });
  const url = `${SPACE_PATH}/${encodeURIComponent(lookup)}/external_ids`;
  return {
    data,
    cursor: options.hasMore
      ? { url, has_more: true, next: 'c2VxOjEwMA' }
      : { url, has_more: false, next: '' },
  };
}

function list(items: Array<[type: string, id: string, createdAt: string]>): IdentityListItem[] {
  return items.map(([type, id, createdAt]) => ({ type, id, created_at: createdAt }));
}

/** The base profile of the worked examples in `docs/simulation-rules.md`. */
const BASE_PROFILE: Array<[string, string, string]> = [
  ['user_id', 'u1', '2024-01-01T00:00:00Z'],
  ['email', 'a@x.com', '2024-01-02T00:00:00Z'],
  ['email', 'b@x.com', '2024-02-01T00:00:00Z'],
  ['email', 'c@x.com', '2024-03-01T00:00:00Z'],
  ['anonymous_id', 'an1', '2023-12-31T00:00:00Z'],
  ['anonymous_id', 'an2', '2024-01-15T00:00:00Z'],
  ['ios.idfa', 'IDFA-1', '2024-01-10T00:00:00Z'],
  ['phone', '+15551230001', '2024-02-10T00:00:00Z'],
];

export const SAMPLE_PROFILES: readonly SampleProfile[] = Object.freeze([
  {
    id: 'base-profile',
    title: 'Base profile P',
    shows:
      'One user_id, three emails, two anonymous ids, an IDFA and a custom phone: the profile ' +
      'of the worked examples.',
    input: page(BASE_PROFILE),
  },
  {
    id: 'many-emails',
    title: 'Many emails',
    shows:
      'Seven emails on one user: Default Setup and `all` send one event per email; `last` ' +
      'sends one.',
    input: page([
      ['user_id', 'u-many', '2023-05-01T08:00:00Z'],
      ['email', 'first@example.com', '2023-05-01T08:00:01Z'],
      ['email', 'work@example.org', '2023-06-12T14:30:00Z'],
      ['email', 'old.school@example.net', '2023-08-03T09:15:00Z'],
      ['email', 'billing@example.com', '2023-11-20T17:45:00Z'],
      ['email', 'newsletter@example.com', '2024-02-14T07:00:00Z'],
      ['email', 'support@example.org', '2024-05-30T12:00:00Z'],
      ['email', 'latest@example.com', '2024-09-09T09:09:09Z'],
    ]),
  },
  {
    id: 'merged-profile',
    title: 'Merged profile',
    shows:
      'Two profiles merged: the union of their identities, two user_ids over the limit of one, ' +
      'and an email older than the first one this profile had.',
    input: page([
      ['user_id', 'crm-1001', '2024-03-01T10:00:00Z'],
      ['email', 'jo@example.com', '2024-03-01T10:00:00Z'],
      ['anonymous_id', 'anon-web-1', '2024-02-28T22:10:00Z'],
      // Everything below arrived with the merge on 2024-06-01; created_at keeps the time each
      // value was first attached on the other profile.
      ['user_id', 'crm-0042', '2022-11-05T09:00:00Z'],
      ['email', 'joanna@example.org', '2022-11-05T09:00:00Z'],
      ['anonymous_id', 'anon-app-7', '2022-10-30T18:00:00Z'],
      ['ios.idfa', '6D92078A-8246-4BA4-AE5B-76104861E7DC', '2023-01-12T08:00:00Z'],
    ]),
  },
  {
    id: 'mobile-only',
    title: 'Mobile only',
    shows:
      'Only advertising and device ids: nothing is sent unless Send Mobile IDs is on (or the ' +
      'rows map them).',
    input: page(
      [
        ['ios.idfa', '1E2DFA89-496A-47FD-9941-DF1FC4E6484A', '2024-04-01T12:00:00Z'],
        ['ios.id', 'B14D7C3A-2F70-4E6B-9C0A-3D1E5B7A9F20', '2024-04-01T12:00:00Z'],
        ['android.idfa', '38400000-8cf0-11bd-b23e-10b96e40000d', '2024-04-03T08:30:00Z'],
        ['android.push_token', 'fcm-token-9f8e7d6c5b4a', '2024-04-03T08:30:05Z'],
      ],
      { lookup: 'ios.idfa:1E2DFA89-496A-47FD-9941-DF1FC4E6484A' },
    ),
  },
  {
    id: 'anonymous-only',
    title: 'Anonymous only',
    shows:
      'Three anonymous ids and nothing else: not an audience member unless Include Anonymous ' +
      'Users is on, then one event per anonymous id.',
    input: list([
      ['anonymous_id', '5c1d9e2a-0b7f-4c3e-8a6d-1f2e3d4c5b6a', '2024-06-01T09:00:00Z'],
      ['anonymous_id', 'a7f3b1c9-2d4e-4f60-9b8a-7c6d5e4f3a2b', '2024-06-15T19:20:00Z'],
      ['anonymous_id', 'e0d1c2b3-a495-4867-b8c9-d0e1f2a3b4c5', '2024-07-02T06:45:00Z'],
    ]),
  },
  {
    id: 'hashed-and-raw',
    title: 'Hashed and raw values mixed',
    shows:
      'An email already SHA-256 hashed beside raw ones, with stray case and spaces: list ' +
      'destinations pass a 64-hex value through or hash it again.',
    input: list([
      ['user_id', 'u-hash', '2024-01-05T00:00:00Z'],
      [
        'email',
        'fe9733fcc96501276776fc927df08a395835461a2c5b12c65ebab3454877e227',
        '2024-01-06T00:00:00Z',
      ],
      ['email', ' Pat@Example.com ', '2024-02-06T00:00:00Z'],
      ['email', 'PAT.WORK@EXAMPLE.ORG', '2024-03-06T00:00:00Z'],
      ['phone', '+1 (555) 123-0001', '2024-03-07T00:00:00Z'],
    ]),
  },
  {
    id: 'zero-idfa',
    title: 'All-zero IDFA',
    shows:
      'An IDFA of all zeros (what iOS reports when tracking is denied): a blocked value, never ' +
      'an identity, beside a real one.',
    input: page([
      ['user_id', 'u-att', '2024-02-01T00:00:00Z'],
      ['email', 'att@example.com', '2024-02-01T00:00:01Z'],
      ['ios.idfa', '00000000-0000-0000-0000-000000000000', '2024-02-02T00:00:00Z'],
      ['ios.idfa', '7A3C2F1E-9B8D-4E6F-A5C4-B3D2E1F0A9B8', '2024-03-02T00:00:00Z'],
    ]),
  },
  {
    id: 'blocked-values',
    title: 'Blocked values',
    shows:
      'Placeholder values (-1, null, anonymous, zeros, blank) that identity resolution blocks, ' +
      'next to IDFA-1, which is not blocked.',
    input: list([
      ['user_id', '-1', '2024-01-01T00:00:00Z'],
      ['user_id', 'u-real', '2024-01-02T00:00:00Z'],
      ['email', 'null', '2024-01-03T00:00:00Z'],
      ['email', 'anonymous', '2024-01-04T00:00:00Z'],
      ['email', '   ', '2024-01-05T00:00:00Z'],
      ['email', 'real@example.com', '2024-01-06T00:00:00Z'],
      ['anonymous_id', '0000', '2024-01-07T00:00:00Z'],
      ['ios.idfa', 'IDFA-1', '2024-01-08T00:00:00Z'],
    ]),
  },
  {
    id: 'equal-timestamps',
    title: 'Equal timestamps',
    shows:
      'Three emails added in the same second: `first` and `last` fall to the tie-break, which ' +
      'the settings panel can switch.',
    input: list([
      ['user_id', 'u-tie', '2024-05-05T05:05:05Z'],
      ['email', 'zed@example.com', '2024-05-05T05:05:05Z'],
      ['email', 'amy@example.com', '2024-05-05T05:05:05Z'],
      ['email', 'max@example.com', '2024-05-05T05:05:05Z'],
    ]),
  },
  {
    id: 'nanosecond-timestamps',
    title: 'Nanosecond timestamps',
    shows:
      'Two emails 9 ns apart: the newer one wins only when times are compared at full ' +
      'precision, not rounded to milliseconds.',
    input: page([
      ['user_id', 'u-ns', '2024-03-01T09:00:00Z'],
      ['email', 'x@example.com', '2024-03-01T10:00:00.123456789Z'],
      ['email', 'y@example.com', '2024-03-01T10:00:00.12345678Z'],
    ]),
  },
  {
    id: 'custom-phone',
    title: 'Custom phone identifier',
    shows: 'A `phone` custom identifier: Default Setup never sends it; a Customized row can.',
    input: page([
      ['user_id', 'u-phone', '2024-01-01T00:00:00Z'],
      ['email', 'caller@example.com', '2024-01-01T00:00:00Z'],
      ['phone', '+15551230001', '2024-02-10T00:00:00Z'],
      ['phone', '+15551239999', '2024-04-10T00:00:00Z'],
    ]),
  },
  {
    id: 'gmail-dots-tags',
    title: 'Gmail dots and +tags',
    shows:
      'Gmail and Googlemail addresses with dots and +tags: Segment and Google normalise them ' +
      'differently before hashing.',
    input: list([
      ['user_id', 'u-gmail', '2024-01-01T00:00:00Z'],
      ['email', ' Ann.B.Smith@gmail.com ', '2024-01-02T00:00:00Z'],
      ['email', 'john.doe+promo@googlemail.com', '2024-01-03T00:00:00Z'],
      ['email', 'j.o.h.n.doe@gmail.com', '2024-01-04T00:00:00Z'],
      ['email', 'ann.b.smith+news@example.com', '2024-01-05T00:00:00Z'],
    ]),
  },
  {
    id: 'international-phones',
    title: 'International phones',
    shows:
      'Phones written several ways and countries: the shipped formatter and an E.164-aware ' +
      'reading give different hashes.',
    input: list([
      ['user_id', 'u-intl', '2024-01-01T00:00:00Z'],
      ['email', 'intl@example.com', '2024-01-01T00:00:01Z'],
      ['phone', '+49 30 1234567', '2024-01-02T00:00:00Z'],
      ['phone', '+44 7400 123456', '2024-01-03T00:00:00Z'],
      ['phone', '0033 1 23 45 67 89', '2024-01-04T00:00:00Z'],
      ['phone', '(415) 555-0132', '2024-01-05T00:00:00Z'],
      ['phone', '(000) 000-0000', '2024-01-06T00:00:00Z'],
    ]),
  },
  {
    id: 'incomplete-page',
    title: 'Incomplete page',
    shows:
      'A Profile API page with more to read (cursor.has_more): simulated as given, with a ' +
      'warning that first and last may change.',
    input: page(
      [
        ['user_id', 'u-paged', '2024-01-01T00:00:00Z'],
        ['email', 'page1-a@example.com', '2024-01-02T00:00:00Z'],
        ['email', 'page1-b@example.com', '2024-01-03T00:00:00Z'],
      ],
      { hasMore: true },
    ),
  },
]);

/** The sample with this id, or undefined. */
export function findSampleProfile(id: string): SampleProfile | undefined {
  return SAMPLE_PROFILES.find((s) => s.id === id);
}
