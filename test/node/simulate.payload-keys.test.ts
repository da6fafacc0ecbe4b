/**
 * Where row keys and the audience key meet in a payload: nothing a row sends may vanish without a
 * finding, whatever its key is called.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { simulate } from '../../src/core/simulate/index.js';
import type { SimulationResult } from '../../src/core/types.js';
import { P, config, row } from './support/simulate-fixtures.js';

const FN = 'destination-function';
const BOTH = { sendIdentify: true, sendTrack: true };

function memberships(result: SimulationResult): string[] {
  return result.findings
    .filter((f) => f.code.startsWith('simulate-audience-key') || f.code.endsWith('audience-key'))
    .map((f) => `${f.code} ${JSON.stringify(f.path)}`);
}

describe('simulate: payload keys', () => {
  describe('when a row key is a name every JavaScript object inherits', () => {
    for (const key of ['toString', 'hasOwnProperty', 'valueOf']) {
      it(`places the value under "${key}" in traits and properties`, async () => {
        const result = await simulate({
          identities: P,
          config: config(FN, [row('user_id', 'last'), row('phone', 'last', key)], BOTH),
          audienceKey: 'vip',
        });

        const [identify, track] = result.events as Array<Record<string, Record<string, unknown>>>;
        assert.ok(Object.hasOwn(identify.traits, key));
        assert.equal(identify.traits[key], '+15551230001');
        assert.ok(Object.hasOwn(track.properties, key));
        assert.equal(track.properties[key], '+15551230001');
      });
    }
  });

  describe('when the audience key is "__proto__"', () => {
    it('keeps the membership flag as an own key that survives JSON', async () => {
      const result = await simulate({
        identities: P,
        config: config(FN, [row('user_id', 'last')], BOTH),
        audienceKey: '__proto__',
      });

      const json = JSON.parse(JSON.stringify(result.events)) as Array<Record<string, object>>;
      assert.equal(JSON.stringify(json[0].traits), '{"__proto__":true}');
      assert.equal(
        JSON.stringify(json[1].properties),
        '{"audience_key":"__proto__","__proto__":true}',
      );
    });
  });

  describe('when a row key is the audience key', () => {
    it('keeps the flag and says the value is not placed', async () => {
      const result = await simulate({
        identities: P,
        config: config(FN, [row('user_id', 'last'), row('phone', 'last', 'vip')], BOTH),
        audienceKey: 'vip',
      });

      assert.deepEqual(memberships(result), [
        'simulate-key-is-audience-key ["idSyncConfiguration",1,"mapTo"]',
      ]);
      assert.match(result.findings.find((f) => f.code.endsWith('audience-key'))!.message, /vip/);
      const [identify] = result.events as Array<Record<string, Record<string, unknown>>>;
      assert.equal(identify.traits.vip, true);
    });

    it('says so for the email of Default Setup when the audience key is "email"', async () => {
      const result = await simulate({
        identities: P,
        config: config(FN, 'default', BOTH),
        audienceKey: 'email',
      });

      assert.deepEqual(memberships(result), ['simulate-key-is-audience-key ["audienceKey"]']);
    });
  });

  describe('when the audience key itself collides or is missing', () => {
    it('says that an audience key "audience_key" replaces the key in Track properties', async () => {
      const result = await simulate({
        identities: P,
        config: config(FN, [row('user_id', 'last')]),
        audienceKey: 'audience_key',
      });

      assert.deepEqual(memberships(result), ['simulate-key-is-audience-key ["audienceKey"]']);
    });

    it('reports an empty audience key', async () => {
      const result = await simulate({
        identities: P,
        config: config(FN, [row('user_id', 'last')]),
        audienceKey: '',
      });

      assert.deepEqual(memberships(result), ['simulate-audience-key-empty ["audienceKey"]']);
    });

    it('is quiet for an ordinary audience key', async () => {
      const result = await simulate({
        identities: P,
        config: config(FN, [row('user_id', 'last'), row('email', 'last')], BOTH),
        audienceKey: 'vip',
      });

      assert.deepEqual(memberships(result), []);
    });
  });
});
