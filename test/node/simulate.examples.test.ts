/**
 * The worked examples of docs/simulation-rules.md, one test each, with whole expected payloads.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../src/core/simulate/index.js';
import { RULES } from '../../src/core/simulate/rules.js';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../src/core/parse-config.js';
import { parseIdentities } from '../../src/core/identities.js';
import { sha256Hex } from '../../src/core/simulate/index.js';
import { lintConfig } from '../../src/core/lint.js';
import type { SimulationResult } from '../../src/core/types.js';
import { EMPTY_SHA256, P, config, identify, row, track } from './support/simulate-fixtures.js';

const FN = 'destination-function';
const codes = (r: SimulationResult): string[] => r.findings.map((f) => f.code);

describe('simulate: worked examples', () => {
  it('X1: Default Setup with Send Track sends one Track per email, no custom id, anonymousId or IDFA', async () => {
    const result = await simulate({
      identities: P,
      config: config(FN, 'default'),
      audienceKey: 'vip',
    });

    assert.deepEqual(result.events, [
      track({ userId: 'u1', email: 'a@x.com' }),
      track({ userId: 'u1', email: 'b@x.com' }),
      track({ userId: 'u1', email: 'c@x.com' }),
    ]);
    assert.deepEqual(result.rows, []);
    assert.deepEqual(result.selection, {
      user_id: ['u1'],
      email: ['a@x.com', 'b@x.com', 'c@x.com'],
    });
    assert.deepEqual(result.eventRules[0], [
      'A1',
      'R26',
      'F2',
      'F3',
      'E1',
      'E2',
      'E4',
      'Q4',
      'Q6',
      'Q11',
    ]);
    assert.ok(codes(result).includes('simulate-custom-not-default'));
    assert.ok(codes(result).includes('simulate-anonymous-excluded'));
    assert.ok(codes(result).includes('simulate-mobile-id-gated'));
  });

  it('X2: Default Setup with Send Identify sends one Identify per email with traits.email', async () => {
    const result = await simulate({
      identities: P,
      config: config(FN, 'default', { sendIdentify: true, sendTrack: false }),
      audienceKey: 'vip',
    });

    assert.deepEqual(result.events, [
      identify({ userId: 'u1', email: 'a@x.com' }),
      identify({ userId: 'u1', email: 'b@x.com' }),
      identify({ userId: 'u1', email: 'c@x.com' }),
    ]);
  });

  it('X3: Default Setup with both calls sends Identify then Track for each email in order', async () => {
    const result = await simulate({
      identities: P,
      config: config(FN, 'default', { sendIdentify: true }),
      audienceKey: 'vip',
    });

    assert.deepEqual(result.events, [
      identify({ userId: 'u1', email: 'a@x.com' }),
      track({ userId: 'u1', email: 'a@x.com' }),
      identify({ userId: 'u1', email: 'b@x.com' }),
      track({ userId: 'u1', email: 'b@x.com' }),
      identify({ userId: 'u1', email: 'c@x.com' }),
      track({ userId: 'u1', email: 'c@x.com' }),
    ]);
    assert.ok(result.eventRules.every((r) => r.includes('F8') && r.includes('Q19')));
  });

  it('X4: user_id last and email last send one Track with the newest email', async () => {
    const result = await simulate({
      identities: P,
      config: config(FN, [row('user_id', 'last'), row('email', 'last')]),
      audienceKey: 'vip',
    });

    assert.deepEqual(result.events, [track({ userId: 'u1', email: 'c@x.com' })]);
    assert.deepEqual(result.selection, { user_id: ['u1'], email: ['c@x.com'] });
    assert.ok(result.eventRules[0].includes('R13'));
  });

  it('X5: email first sends the oldest email', async () => {
    const result = await simulate({
      identities: P,
      config: config(FN, [row('user_id', 'last'), row('email', 'first')]),
      audienceKey: 'vip',
    });

    assert.deepEqual(result.events, [track({ userId: 'u1', email: 'a@x.com' })]);
  });

  it('X6: email all sends one Track per email', async () => {
    const result = await simulate({
      identities: P,
      config: config(FN, [row('user_id', 'last'), row('email', 'all')]),
      audienceKey: 'vip',
    });

    assert.deepEqual(result.events, [
      track({ userId: 'u1', email: 'a@x.com' }),
      track({ userId: 'u1', email: 'b@x.com' }),
      track({ userId: 'u1', email: 'c@x.com' }),
    ]);
    assert.ok(result.eventRules.every((r) => r.includes('F7') && r.includes('F2')));
  });

  it('X7: four rows on all are rejected and simulate to nothing', async () => {
    const parsed = parseConfig({
      ...config(FN, [
        row('user_id', 'all'),
        row('email', 'all'),
        row('anonymous_id', 'all'),
        row('phone', 'all'),
      ]),
    });
    assert.equal(parsed.ok, true);
    if (!parsed.ok) return;

    const lint = lintConfig(parsed.config);
    const result = await simulate({ identities: P, config: parsed.config, audienceKey: 'vip' });

    assert.ok(lint.some((f) => f.severity === 'error' && f.code === 'too-many-all'));
    assert.deepEqual(result.events, []);
    assert.deepEqual(result.rows, []);
    assert.ok(result.findings.some((f) => f.code === 'too-many-all'));
  });

  it('X8: six rows are rejected (five at most) and simulate to nothing', async () => {
    const parsed = parseConfig(
      config(FN, [
        row('user_id', 'last'),
        row('email', 'last'),
        row('anonymous_id', 'first'),
        row('phone', 'last'),
        row('ios.idfa', 'last', 'ios_idfa'),
        row('android.idfa', 'last', 'android_idfa'),
      ]),
    );
    assert.equal(parsed.ok, true);
    if (!parsed.ok) return;

    const result = await simulate({ identities: P, config: parsed.config, audienceKey: 'vip' });

    assert.ok(lintConfig(parsed.config).some((f) => f.code === 'too-many-rows'));
    assert.deepEqual(result.events, []);
    assert.ok(result.findings.some((f) => f.severity === 'error' && f.code === 'too-many-rows'));
  });

  it('X9: a custom phone row lands in properties.phone on Track and traits.phone on Identify', async () => {
    const rows = [row('user_id', 'last'), row('phone', 'last')];
    const onTrack = await simulate({ identities: P, config: config(FN, rows), audienceKey: 'vip' });
    const onIdentify = await simulate({
      identities: P,
      config: config(FN, rows, { sendIdentify: true, sendTrack: false }),
      audienceKey: 'vip',
    });

    assert.deepEqual(onTrack.events, [track({ userId: 'u1' }, { phone: '+15551230001' })]);
    assert.deepEqual(onIdentify.events, [identify({ userId: 'u1' }, { phone: '+15551230001' })]);
    assert.ok(onTrack.eventRules[0].includes('E3'));
  });

  it('X10: an ios.idfa row is dropped with a warning when Send Mobile IDs is off, sent when on', async () => {
    const rows = [row('user_id', 'last'), row('ios.idfa', 'last', 'ios_idfa')];
    const off = await simulate({ identities: P, config: config(FN, rows), audienceKey: 'vip' });
    const on = await simulate({
      identities: P,
      config: config(FN, rows, { sendMobileIds: true }),
      audienceKey: 'vip',
    });

    assert.deepEqual(off.events, [track({ userId: 'u1' })]);
    const warning = off.findings.find(
      (f) => f.path.join('.') === 'idSyncConfiguration.1.externalId',
    );
    assert.equal(warning?.severity, 'warning');
    assert.match(warning?.message ?? '', /Send Mobile IDs/);
    assert.deepEqual(on.events, [track({ userId: 'u1' }, { ios_idfa: 'IDFA-1' })]);
  });

  it('X11: with only an ios.idfa row and Send Mobile IDs off, nothing is sent and a warning says why', async () => {
    const result = await simulate({
      identities: P,
      config: config(FN, [row('ios.idfa', 'last', 'ios_idfa')]),
      audienceKey: 'vip',
    });

    assert.deepEqual(result.events, []);
    assert.ok(codes(result).includes('simulate-nothing-to-send'));
    assert.ok(result.findings.some((f) => /Send Mobile IDs/.test(f.message)));
  });

  it('X12: a re-sync sends only what is new and never retracts', async () => {
    const d = { type: 'email', id: 'd@x.com', createdAt: '2024-04-01T00:00:00Z' };
    const lastRows = [row('user_id', 'last'), row('email', 'last')];
    const firstRows = [row('user_id', 'last'), row('email', 'first')];
    const run = (rows: ReturnType<typeof row>[] | 'default') =>
      simulate({
        identities: [...P, d],
        previous: P,
        config: config(FN, rows),
        audienceKey: 'vip',
      });

    const onLast = await run(lastRows);
    const onFirst = await run(firstRows);
    const onDefault = await run('default');

    assert.deepEqual(onLast.events, [track({ userId: 'u1', email: 'd@x.com' })]);
    assert.ok(onLast.eventRules[0].includes('F6') && onLast.eventRules[0].includes('Q10'));
    assert.deepEqual(onFirst.events, []);
    assert.ok(codes(onFirst).includes('simulate-resync-nothing-new'));
    assert.deepEqual(onDefault.events, [track({ userId: 'u1', email: 'd@x.com' })]);
  });

  it('X13: Google Ads Remarketing Lists Default Setup sends only the newest email, hashed', async () => {
    const result = await simulate({
      identities: P,
      config: config('google-ads-remarketing-lists', 'default', {}, { matcher: 'email' }),
      audienceKey: 'vip',
    });

    assert.deepEqual(result.events, []);
    assert.deepEqual(result.rows, [
      { email: '050e252cb12ac15091a9ecf0a57774b1a9b2587e33eb903c534a4e7dbe5b90d5' },
    ]);
    assert.deepEqual(result.selection, { email: ['c@x.com'] });
    assert.ok(result.rowRules[0].includes('R27'));
  });

  it('X14: Google Ads Remarketing Lists takes email plus one more identifier, not two', async () => {
    const GARL = 'google-ads-remarketing-lists';
    const two = parseConfig(
      config(GARL, [
        row('email', 'last'),
        row('phone', 'last'),
        row('ios.idfa', 'last', 'mobile_id'),
      ]),
    );
    const one = parseConfig(config(GARL, [row('email', 'last'), row('phone', 'last')]));
    assert.ok(two.ok && one.ok);
    if (!two.ok || !one.ok) return;

    const rejected = await simulate({ identities: P, config: two.config, audienceKey: 'vip' });
    const accepted = await simulate({ identities: P, config: one.config, audienceKey: 'vip' });

    assert.ok(lintConfig(two.config).some((f) => f.code === 'garl-one-extra-identifier'));
    assert.deepEqual(rejected.rows, []);
    assert.ok(rejected.findings.some((f) => f.code === 'garl-one-extra-identifier'));
    assert.deepEqual(
      lintConfig(one.config).filter((f) => f.severity === 'error'),
      [],
    );
    assert.deepEqual(accepted.rows, [
      { email: sha256Hex('c@x.com'), phone: sha256Hex('+15551230001') },
    ]);
  });

  it('X15: Facebook Custom Audiences (Actions) hashes EMAIL and PHONE and keeps EXTERN_ID and MADID', async () => {
    const identities = [
      { type: 'user_id', id: 'u1', createdAt: '2024-01-01T00:00:00Z' },
      { type: 'email', id: ' A@X.com ', createdAt: '2024-01-02T00:00:00Z' },
      { type: 'phone', id: '+1 (555) 123-0001', createdAt: '2024-01-03T00:00:00Z' },
      { type: 'ios.idfa', id: 'IDFA-1', createdAt: '2024-01-04T00:00:00Z' },
    ];
    const result = await simulate({
      identities,
      config: config(
        'facebook-custom-audiences-actions',
        [
          row('user_id', 'last', 'EXTERN_ID'),
          row('email', 'last', 'EMAIL'),
          row('phone', 'last', 'PHONE'),
          row('ios.idfa', 'last', 'MADID'),
        ],
        { sendMobileIds: true },
      ),
      audienceKey: 'vip',
    });

    assert.deepEqual(result.rows, [
      {
        EXTERN_ID: 'u1',
        EMAIL: '478abec7430569163161dfea8513b8ce89d05f559456a26e945c66e1fe55a29d',
        PHONE: '9d172aa5632ef6384e7da4be64f6d968e610d8fbb10016d5e6d13631f3f422ad',
        DOBY: '',
        DOBM: '',
        DOBD: '',
        LN: '',
        FN: '',
        FI: '',
        GEN: '',
        CT: '',
        ST: '',
        ZIP: '',
        COUNTRY: '',
        MADID: 'IDFA-1',
      },
    ]);
    assert.deepEqual(Object.keys(result.rows[0]).slice(0, 3), ['EXTERN_ID', 'EMAIL', 'PHONE']);
    const madid = result.findings.find((f) => f.code === 'simulate-madid-case');
    assert.match(madid?.message ?? '', /not lower-case/);
  });

  it('X16: a Journeys step to a list destination sends the entry row and never a removal', async () => {
    const GARL = config('google-ads-remarketing-lists', 'default');
    const entry = await simulate({
      identities: P,
      config: GARL,
      audienceKey: 'vip',
      journey: true,
    });
    const exit = await simulate({
      identities: P,
      config: GARL,
      audienceKey: 'vip',
      journey: true,
      transition: 'exited',
    });

    assert.deepEqual(entry.rows, [{ email: sha256Hex('c@x.com') }]);
    assert.deepEqual(exit.rows, []);
    assert.ok(codes(exit).includes('simulate-journey-no-removal'));
  });

  it('X17: the documentation explains when a config change takes effect', () => {
    const doc = readFileSync(new URL('../../docs/simulation-rules.md', import.meta.url), 'utf8');

    assert.match(doc, /^## When a change takes effect/m);
    assert.match(doc, /about five minutes/);
    assert.match(doc, /no history/i);
  });

  it("X18: Google Customer Match removes the first gmail dot as Segment ships it and warns with Google's rule", async () => {
    const identities = [
      { type: 'email', id: ' Ann.B.Smith@gmail.com ', createdAt: '2024-01-02T00:00:00Z' },
    ];
    const cfg = config('google-customer-match', [row('email', 'all')]);
    const shipped = await simulate({ identities, config: cfg, audienceKey: 'vip' });
    const google = await simulate({
      identities,
      config: cfg,
      audienceKey: 'vip',
      settings: { gmail: 'google' },
    });

    assert.deepEqual(shipped.rows, [
      { email: '410c2a978d83189ebc72588233af109867a4b3b38ce4d9f6f95fc23653b1cbb0' },
    ]);
    const warning = shipped.findings.find((f) => f.code === 'simulate-gmail-readings-differ');
    assert.match(warning?.message ?? '', /annbsmith@gmail\.com/);
    assert.match(
      warning?.message ?? '',
      /083e44bb8c5c4b52c11b2af96311a4fb10b6fb701a6f574aa140142d91e1d8ca/,
    );
    assert.deepEqual(google.rows, [
      { email: '083e44bb8c5c4b52c11b2af96311a4fb10b6fb701a6f574aa140142d91e1d8ca' },
    ]);
  });

  it('X19: Google Customer Match prefixes the default country code and warns with the E.164 reading', async () => {
    const identities = [{ type: 'phone', id: '+49 30 1234567', createdAt: '2024-01-02T00:00:00Z' }];
    const cfg = config(
      'google-customer-match',
      [row('user_id', 'last', 'crm_id'), row('phone', 'last')],
      {},
      {
        externalIdType: 'CONTACT_INFO',
      },
    );
    const withUser = [
      { type: 'user_id', id: 'u1', createdAt: '2024-01-01T00:00:00Z' },
      ...identities,
    ];
    const phoneOnly = config('google-customer-match', [row('phone', 'last')]);

    const shipped = await simulate({ identities: withUser, config: phoneOnly, audienceKey: 'vip' });
    const e164 = await simulate({
      identities: withUser,
      config: phoneOnly,
      audienceKey: 'vip',
      settings: { phoneFormat: 'e164' },
    });
    const contactList = await simulate({ identities: withUser, config: cfg, audienceKey: 'vip' });

    assert.deepEqual(shipped.rows, [
      { phone: '8f1e23d4f70037067ae2d894a50eb0592b05d16c4fb9b7becb46ef5ff2de8cc0' },
    ]);
    const warning = shipped.findings.find((f) => f.code === 'simulate-phone-readings-differ');
    assert.match(warning?.message ?? '', /\+49301234567/);
    assert.match(
      warning?.message ?? '',
      /74bd805bcc47f8603082430ca056311389e38b74fcdfbc32bcb5c6a9269ff3bf/,
    );
    assert.deepEqual(e164.rows, [
      { phone: '74bd805bcc47f8603082430ca056311389e38b74fcdfbc32bcb5c6a9269ff3bf' },
    ]);
    assert.deepEqual(contactList.rows, [
      { phone: '8f1e23d4f70037067ae2d894a50eb0592b05d16c4fb9b7becb46ef5ff2de8cc0' },
    ]);
    assert.ok(codes(contactList).includes('simulate-column-not-sent'));
  });

  it('X20: Facebook Custom Audiences (classic) leaves a PHONE that normalises to nothing empty', async () => {
    const identities = [
      { type: 'email', id: 'lee@example.com', createdAt: '2024-01-02T00:00:00Z' },
      { type: 'phone', id: '(000) 000-0000', createdAt: '2024-01-03T00:00:00Z' },
    ];
    const result = await simulate({
      identities,
      config: config('facebook-custom-audiences', [
        row('email', 'last', 'EMAIL'),
        row('phone', 'last', 'PHONE'),
      ]),
      audienceKey: 'vip',
    });

    assert.deepEqual(result.rows, [
      { EMAIL: '556740ed46f084c7e3f36626b254bd181c24a6388512feff832302d9d05a8f87', PHONE: '' },
    ]);
    assert.ok(codes(result).includes('simulate-column-empty'));
    assert.ok(!JSON.stringify(result).includes(EMPTY_SHA256));
  });

  it('X21: times are ordered at full precision, so the nanosecond-later email is the last one', async () => {
    const identities = [
      { type: 'email', id: 'x@example.com', createdAt: '2024-03-01T10:00:00.123456789Z' },
      { type: 'email', id: 'y@example.com', createdAt: '2024-03-01T10:00:00.12345678Z' },
    ];
    const result = await simulate({
      identities,
      config: config(FN, [row('email', 'last')]),
      audienceKey: 'vip',
    });

    assert.deepEqual(result.events, [track({ email: 'x@example.com' })]);
  });

  it('X22: a user_identifiers row without timestamp is ordered by received_at, with a finding', async () => {
    const csv = [
      'CANONICAL_SEGMENT_ID,TYPE,VALUE,SEQ,RECEIVED_AT,UUID_TS,TIMESTAMP',
      'csid_1,user_id,u1,1,2024-01-01 00:00:01,2024-01-01 00:00:02,2024-01-01 00:00:00',
      'csid_1,email,old@x.com,2,2024-05-01 00:00:00,2024-05-01 00:00:01,',
      'csid_1,email,new@x.com,3,2024-04-01 00:00:01,2024-04-01 00:00:02,2024-04-01 00:00:00',
    ].join('\n');

    const parsed = parseIdentities(csv);
    const result = await simulate({
      identities: parsed.identities,
      config: config(FN, [row('email', 'last')]),
      audienceKey: 'vip',
    });

    assert.deepEqual(parsed.identities[1], {
      type: 'email',
      id: 'old@x.com',
      createdAt: '2024-05-01 00:00:00',
    });
    const fallback = parsed.findings.find((f) => f.code === 'identity-time-fallback');
    assert.deepEqual(fallback?.path, ['line', 3, 'timestamp']);
    assert.deepEqual(result.events, [track({ email: 'old@x.com' })]);
  });

  it('X23: Customized Setup with zero rows sends what Default Setup sends, with a warning', async () => {
    const result = await simulate({ identities: P, config: config(FN, []), audienceKey: 'vip' });

    assert.deepEqual(result.events, [
      track({ userId: 'u1', email: 'a@x.com' }),
      track({ userId: 'u1', email: 'b@x.com' }),
      track({ userId: 'u1', email: 'c@x.com' }),
    ]);
    const warning = result.findings.find((f) => f.code === 'customized-without-rows');
    assert.match(warning?.message ?? '', /default identifiers/);
    assert.ok(result.eventRules[0].includes('Q26'));
  });

  it('X24: a Profile API page with more to come is simulated as given, with a warning', async () => {
    const page = {
      data: [
        {
          id: 'u1',
          type: 'user_id',
          created_at: '2024-01-01T00:00:00Z',
          source_id: 's',
          collection: 'users',
          encoding: 'none',
        },
        {
          id: 'a@x.com',
          type: 'email',
          created_at: '2024-01-02T00:00:00.123456Z',
          first_message_id: 'm',
        },
      ],
      cursor: {
        url: '/v1/spaces/spa/collections/users/profiles/user_id:u1/external_ids',
        has_more: true,
        next: 'c2',
      },
    };

    const parsed = parseIdentities(page);
    const result = await simulate({
      identities: parsed.identities,
      config: config(FN, [row('user_id', 'last'), row('email', 'last')]),
      audienceKey: 'vip',
    });

    assert.deepEqual(parsed.findings, [
      {
        severity: 'warning',
        code: 'identities-incomplete',
        message:
          'This is one page of a longer identity list (cursor.has_more is true): it is simulated as given, and first/last may change once every page is read.',
        path: ['cursor', 'has_more'],
      },
    ]);
    assert.deepEqual(result.events, [track({ userId: 'u1', email: 'a@x.com' })]);
  });

  it('X25: a Segment identifier in two rows is an error; a missing mapTo is filled with a warning; a UI label is not a strategy', async () => {
    const twice = parseConfig(config(FN, [row('email', 'last'), row('email', 'all', 'email_2')]));
    const noMapTo = parseConfig({
      ...config('facebook-custom-audiences', []),
      idSyncConfiguration: [{ externalId: 'email', strategy: 'last' }],
    });
    const label = parseConfig({
      ...config(FN, []),
      idSyncConfiguration: [{ externalId: 'email', strategy: 'Last added', mapTo: 'email' }],
    });

    assert.ok(twice.ok);
    if (!twice.ok) return;
    const result = await simulate({ identities: P, config: twice.config, audienceKey: 'vip' });
    assert.ok(
      result.findings.some((f) => f.code === 'duplicate-identifier' && f.severity === 'error'),
    );
    assert.deepEqual(result.events, []);

    assert.ok(noMapTo.ok);
    if (noMapTo.ok) {
      assert.equal(noMapTo.config.idSyncConfiguration[0].mapTo, 'EMAIL');
      assert.ok(
        noMapTo.findings.some((f) => f.code === 'mapto-filled' && f.severity === 'warning'),
      );
    }

    assert.equal(label.ok, false);
    const strategy = label.findings.find((f) => f.code === 'strategy-invalid');
    assert.match(strategy?.message ?? '', /first/);
    assert.match(strategy?.message ?? '', /last/);
    assert.match(strategy?.message ?? '', /all/);
  });

  it('cites only rules the project defines', async () => {
    const result = await simulate({
      identities: P,
      config: config(FN, 'default', {
        sendIdentify: true,
        includeAnonymousUsers: true,
        sendMobileIds: true,
      }),
      audienceKey: 'vip',
      transition: 'exited',
    });

    const cited = new Set(result.eventRules.flat());
    assert.ok(cited.size > 0);
    for (const id of cited) assert.ok(RULES[id], `${id} is defined`);
  });
});
