/**
 * The worked examples of docs/simulation-rules.md, one test each, with whole expected payloads.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../src/core/simulate/index.js';
import { parseConfig } from '../../src/core/parse-config.js';
import { lintConfig } from '../../src/core/lint.js';
import type { SimulationResult } from '../../src/core/types.js';
import { P, config, identify, row, track } from './support/simulate-fixtures.js';

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
});
