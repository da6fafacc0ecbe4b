/**
 * `simulate` keeps what depends only on the config, the destination descriptor and the settings
 * per object, so a batch does not redo it for every profile. These tests hold it to its rule: a
 * result is always the one a never-seen copy of the same request gives, whatever the host did to
 * the objects in between.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simulateSync } from '../../src/core/simulate/index.js';
import { findDestination } from '../../src/core/catalog.js';
import type {
  Destination,
  SimulationRequest,
  SimulationResult,
  SimulationSettings,
} from '../../src/core/types.js';
import { P, config, row } from './support/simulate-fixtures.js';

const FN = 'destination-function';

/** The result for deep copies of the request's objects, which no earlier call has seen. */
function fresh(request: SimulationRequest): SimulationResult {
  return simulateSync(structuredClone(request));
}

function request(): SimulationRequest {
  return {
    identities: P,
    config: config(FN, [row('user_id', 'last'), row('email', 'all')], {
      sendIdentify: true,
      sendTrack: true,
    }),
  };
}

describe('simulate with objects reused across calls', () => {
  describe('when the config is changed in place after a call', () => {
    it('reflects a connection setting turned off', () => {
      const req = request();
      const before = simulateSync(req);

      req.config.connectionSettings.sendTrack = false;
      const after = simulateSync(req);

      assert.equal(before.events.filter((e) => e.type === 'track').length, 3);
      assert.deepEqual(after, fresh(req));
      assert.equal(after.events.filter((e) => e.type === 'track').length, 0);
    });

    it('reflects a row strategy changed', () => {
      const req = request();
      simulateSync(req);

      req.config.idSyncConfiguration[1].strategy = 'first';
      const after = simulateSync(req);

      assert.deepEqual(after, fresh(req));
      assert.deepEqual(after.selection.email, ['a@x.com']);
    });

    it('reflects a row added to the same array', () => {
      const req = request();
      simulateSync(req);

      req.config.idSyncConfiguration.push(row('phone', 'last'));
      const after = simulateSync(req);

      assert.deepEqual(after, fresh(req));
      assert.deepEqual(after.selection.phone, ['+15551230001']);
    });

    it('reflects a key added to the config object', () => {
      const req = request();
      simulateSync(req);

      req.config.destinationSettings = { unknown: 'x' };
      const after = simulateSync(req);

      assert.deepEqual(after, fresh(req));
      assert.ok(after.findings.some((f) => f.code === 'setting-unknown'));
    });

    it('reflects a change back to the content of an earlier call', () => {
      const req = request();
      const first = simulateSync(req);
      req.config.connectionSettings.sendIdentify = false;
      simulateSync(req);

      req.config.connectionSettings.sendIdentify = true;
      const again = simulateSync(req);

      assert.deepEqual(again, first);
    });
  });

  describe('when the settings change', () => {
    it('gives each settings object its own result under one config', () => {
      const req = request();
      const perValue: Partial<SimulationSettings> = { combination: 'per-value' };
      const spaced: Partial<SimulationSettings> = { spaceId: 'spa_other' };

      const a = simulateSync({ ...req, settings: perValue });
      const b = simulateSync({ ...req, settings: spaced });
      const c = simulateSync(req);

      assert.deepEqual(a, fresh({ ...req, settings: perValue }));
      assert.deepEqual(b, fresh({ ...req, settings: spaced }));
      assert.deepEqual(c, fresh(req));
      assert.notDeepEqual(a.events, c.events);
      assert.notDeepEqual(b.events, c.events);
    });

    it('reflects a settings object changed in place', () => {
      const req = request();
      const settings: Partial<SimulationSettings> = { blockedValues: ['^a@x\\.com$'] };
      const before = simulateSync({ ...req, settings });

      settings.blockedValues = ['^b@x\\.com$'];
      const after = simulateSync({ ...req, settings });

      assert.deepEqual(before.selection.email, ['b@x.com', 'c@x.com']);
      assert.deepEqual(after, fresh({ ...req, settings }));
      assert.deepEqual(after.selection.email, ['a@x.com', 'c@x.com']);
    });

    it('reflects a blocked pattern changed inside the same array', () => {
      const req = request();
      const settings: Partial<SimulationSettings> = { blockedValues: ['^a@x\\.com$'] };
      simulateSync({ ...req, settings });

      settings.blockedValues?.splice(0, 1, '^c@x\\.com$');
      const after = simulateSync({ ...req, settings });

      assert.deepEqual(after.selection.email, ['a@x.com', 'b@x.com']);
    });
  });

  describe('when the destination descriptor is changed in place', () => {
    it('reflects its new kind', () => {
      const own: Destination = {
        ...structuredClone(findDestination(FN) as Destination),
        id: 'own',
      };
      const req = { ...request(), destination: own };
      req.config.destination = 'own';
      const before = simulateSync(req);

      own.name = 'Own list';
      own.kind = 'list';
      own.keys = ['email'];
      own.keyFor = { email: 'email' };
      const after = simulateSync(req);

      assert.ok(before.events.length > 0);
      assert.deepEqual(after, fresh(req));
      assert.equal(after.events.length, 0);
      assert.ok(after.rows.length > 0);
    });
  });

  describe('when a caller changes a result', () => {
    it('leaves the findings and rules of the next result as they were', () => {
      const req = request();
      req.config.idSyncConfiguration.push(row('crm_id', 'last'));
      const first = simulateSync(req);
      const expected = structuredClone(first);

      for (const f of first.findings) {
        f.message = 'changed';
        f.path.push('changed');
      }
      for (const rules of first.eventRules) rules.push('changed');
      const second = simulateSync(req);

      assert.ok(expected.findings.length > 0);
      assert.deepEqual(second, expected);
    });
  });

  describe('when the config is not plain data', () => {
    it('simulates a config whose rows are class instances on every call', () => {
      class Row {
        constructor(
          public externalId: string,
          public strategy: 'first' | 'last' | 'all',
          public mapTo: string,
        ) {}
      }
      const req = request();
      req.config.idSyncConfiguration = [new Row('email', 'all', 'email')];
      simulateSync(req);

      req.config.idSyncConfiguration[0].strategy = 'last';
      const after = simulateSync(req);

      assert.deepEqual(after.selection.email, ['c@x.com']);
    });
  });
});
