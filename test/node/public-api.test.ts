import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createConfig, parseConfig } from '../../src/core/parse-config.js';
import { toPublicApi } from '../../src/core/public-api.js';
import type { Finding, IdSyncConfig } from '../../src/core/types.js';

function codes(findings: Finding[]): string[] {
  return findings.map((f) => f.code);
}

const customized: IdSyncConfig = createConfig('google-ads-remarketing-lists', {
  setup: 'customized',
  idSyncConfiguration: [
    { externalId: 'email', strategy: 'last', mapTo: 'email' },
    { externalId: 'phone', strategy: 'last', mapTo: 'phone' },
  ],
});

describe('toPublicApi', () => {
  describe('when the config uses Customized Setup', () => {
    for (const mode of ['create', 'update'] as const) {
      it(`puts the rows with mapTo in the ${mode} body and nothing else`, () => {
        const { body, findings } = toPublicApi(customized, { mode });

        assert.deepEqual(body, {
          idSyncConfiguration: [
            { externalId: 'email', strategy: 'last', mapTo: 'email' },
            { externalId: 'phone', strategy: 'last', mapTo: 'phone' },
          ],
        });
        assert.deepEqual(codes(findings), [
          'api-toggles-not-sent',
          'api-destination-settings-not-sent',
        ]);
        assert.ok(findings.every((f) => f.severity === 'warning'));
      });
    }

    it('says which toggle values to set in Segment', () => {
      const config = createConfig('braze', {
        setup: 'customized',
        idSyncConfiguration: [{ externalId: 'email', strategy: 'all', mapTo: 'email' }],
        connectionSettings: { sendIdentify: true, sendMobileIds: true },
      });

      const { findings } = toPublicApi(config, { mode: 'create' });

      assert.deepEqual(codes(findings), ['api-toggles-not-sent']);
      assert.deepEqual(findings[0].path, ['connectionSettings']);
      assert.match(findings[0].message, /Send Identify on, Send Track on, Send Mobile IDs on/);
    });
  });

  describe('when the config uses Default Setup', () => {
    const config = createConfig('braze');

    it('on create, leaves idSyncConfiguration out and explains the default', () => {
      const { body, findings } = toPublicApi(config, { mode: 'create' });

      assert.deepEqual(body, {});
      assert.deepEqual(codes(findings), ['api-default-on-create', 'api-toggles-not-sent']);
      assert.equal(findings[0].severity, 'warning');
      assert.match(findings[0].message, /destination's default/);
    });

    it('on update, is an error because an empty list changes nothing', () => {
      const { body, findings } = toPublicApi(config, { mode: 'update' });

      assert.deepEqual(body, {});
      assert.equal(findings[0].code, 'api-default-on-update');
      assert.equal(findings[0].severity, 'error');
      assert.deepEqual(findings[0].path, ['setup']);
    });

    it('treats Customized Setup without rows the same way', () => {
      const empty = { ...config, setup: 'customized' as const };

      assert.deepEqual(toPublicApi(empty, { mode: 'create' }).body, {});
      assert.equal(
        toPublicApi(empty, { mode: 'update' }).findings[0].code,
        'api-default-on-update',
      );
    });
  });

  describe('when the config has lint errors', () => {
    it('returns them as error findings with their paths', () => {
      const config = createConfig('braze', {
        setup: 'customized',
        idSyncConfiguration: ['user_id', 'email', 'anonymous_id', 'ios.id'].map((id) => ({
          externalId: id,
          strategy: 'all' as const,
          mapTo: id,
        })),
      });

      const { findings } = toPublicApi(config, { mode: 'create' });
      const errors = findings.filter((f) => f.severity === 'error');

      assert.deepEqual(codes(errors), ['too-many-all']);
      assert.deepEqual(errors[0].path, ['idSyncConfiguration', 3, 'strategy']);
    });
  });

  describe('a Public API connection object in, a body out', () => {
    const connection = {
      destination: { id: 'dst_abc', type: 'FACEBOOK_CUSTOM_AUDIENCES' },
      idSyncConfiguration: [
        { externalId: 'email', strategy: 'last' },
        { externalId: 'ios.idfa', strategy: 'all', mapTo: null },
      ],
      connectionSettings: { customAudienceName: 'VIP buyers' },
    };

    for (const mode of ['create', 'update'] as const) {
      it(`carries the rows, mapTo filled, into the ${mode} body`, () => {
        const parsed = parseConfig(connection, { destination: 'facebook-custom-audiences' });
        assert.ok(parsed.ok);

        const { body, findings } = toPublicApi(parsed.config, { mode });

        assert.deepEqual(body, {
          idSyncConfiguration: [
            { externalId: 'email', strategy: 'last', mapTo: 'EMAIL' },
            { externalId: 'ios.idfa', strategy: 'all', mapTo: 'MADID' },
          ],
        });
        assert.deepEqual(codes(findings), ['api-toggles-not-sent']);
      });
    }

    it('reads a connection in Default Setup back to a create body without the field', () => {
      const parsed = parseConfig({ idSyncConfiguration: [] }, { destination: 'snap-audiences' });
      assert.ok(parsed.ok);

      const { body } = toPublicApi(parsed.config, { mode: 'create' });

      assert.deepEqual(body, {});
    });
  });
});
