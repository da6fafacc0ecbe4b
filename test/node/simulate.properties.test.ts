/** Properties of the simulator that must hold for every profile and config. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { simulateSync } from '../../src/core/simulate/index.js';
import { findDestination } from '../../src/core/catalog.js';
import type {
  Identity,
  IdSyncConfig,
  IdSyncRow,
  SimulationSettings,
  Strategy,
} from '../../src/core/types.js';

const TYPES = ['user_id', 'email', 'anonymous_id', 'ios.idfa', 'android.idfa', 'phone'] as const;
const PREFIX: Record<string, string> = {
  user_id: 'u',
  email: 'e',
  anonymous_id: 'an',
  'ios.idfa': 'IOS-',
  'android.idfa': 'AND-',
  phone: '+1555000',
};

/** A few days only, so ties on the time are frequent. */
const time = fc.integer({ min: 1, max: 4 }).map((d) => `2024-01-0${d}T00:00:00Z`);

/** A member profile: always an email, values distinct and never blocked. */
const profile: fc.Arbitrary<Identity[]> = fc
  .record({
    counts: fc.tuple(...TYPES.map(() => fc.integer({ min: 0, max: 3 }))),
    times: fc.array(time, { minLength: 18, maxLength: 18 }),
  })
  .map(({ counts, times }) => {
    const out: Identity[] = [];
    TYPES.forEach((type, t) => {
      const n = type === 'email' ? Math.max(1, counts[t]) : counts[t];
      for (let i = 0; i < n; i++) {
        const id = type === 'email' ? `e${i}@x.com` : `${PREFIX[type]}${i + 1}`;
        out.push({ type, id, createdAt: times[t * 3 + i] });
      }
    });
    return out;
  });

const strategy = fc.constantFrom<Strategy>('first', 'last', 'all');

/** Customized rows for an event destination: distinct types, at most three on all. */
const rows: fc.Arbitrary<IdSyncRow[]> = fc
  .uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 5 })
  .chain((types) =>
    fc.tuple(
      fc.constant(types),
      fc.array(strategy, { minLength: types.length, maxLength: types.length }),
    ),
  )
  .map(([types, strategies]) => {
    let alls = 0;
    return types.map((externalId, i) => {
      let s = strategies[i];
      if (s === 'all' && ++alls > 3) s = 'last';
      const mapTo = findDestination('destination-function')?.keyFor[externalId] ?? externalId;
      return { externalId, strategy: s, mapTo };
    });
  });

const connection = fc
  .record({
    sendIdentify: fc.boolean(),
    sendTrack: fc.boolean(),
    sendMobileIds: fc.boolean(),
    includeAnonymousUsers: fc.boolean(),
  })
  .filter((c) => c.sendIdentify || c.sendTrack);

const settings: fc.Arbitrary<Partial<SimulationSettings>> = fc.record({
  combination: fc.constantFrom('cartesian' as const, 'per-value' as const),
  alwaysIncludeUserId: fc.boolean(),
  exitScope: fc.constantFrom('union' as const, 'configured' as const),
  exitIncludesAnonymousIds: fc.boolean(),
  mobileIdGate: fc.constantFrom('both' as const, 'ios-only' as const, 'off' as const),
  copyEmailToProperties: fc.boolean(),
});

function customized(
  r: IdSyncRow[],
  c: IdSyncConfig['connectionSettings'],
  destination = 'destination-function',
): IdSyncConfig {
  return {
    version: 1,
    destination,
    setup: 'customized',
    idSyncConfiguration: r,
    connectionSettings: c,
  };
}

function byDefault(c: IdSyncConfig['connectionSettings'], destination: string): IdSyncConfig {
  return {
    version: 1,
    destination,
    setup: 'default',
    idSyncConfiguration: [],
    connectionSettings: c,
  };
}

/** Every identifier value an event carries (membership fields excluded). */
function valuesOf(event: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  const context = event.context as Record<string, Record<string, string>>;
  for (const v of [
    event.userId,
    event.anonymousId,
    context.traits?.email,
    context.device?.advertisingId,
  ])
    if (typeof v === 'string') out.add(v);
  const bag = (event.traits ?? event.properties) as Record<string, unknown>;
  for (const [k, v] of Object.entries(bag))
    if (k !== 'audience_key' && typeof v === 'string') out.add(v);
  return out;
}

describe('simulate: properties', () => {
  it('first and last pick exactly one value per type present on the profile', () => {
    fc.assert(
      fc.property(profile, rows, connection, (identities, r, c) => {
        const single = r.map(
          (row) =>
            ({ ...row, strategy: row.strategy === 'all' ? 'first' : row.strategy }) as IdSyncRow,
        );

        const result = simulateSync({
          identities,
          config: customized(single, { ...c, sendMobileIds: true }),
        });

        for (const row of single) {
          const present = identities.some((i) => i.type === row.externalId);
          assert.equal(result.selection[row.externalId]?.length ?? 0, present ? 1 : 0);
        }
      }),
    );
  });

  it('does not depend on the order of the input', () => {
    const arb = profile.chain((p) =>
      fc.tuple(
        fc.constant(p),
        fc.shuffledSubarray(p, { minLength: p.length, maxLength: p.length }),
      ),
    );
    fc.assert(
      fc.property(arb, rows, connection, settings, fc.boolean(), (pair, r, c, s, exit) => {
        const [identities, shuffled] = pair;
        const config = customized(r, c);
        const transition = exit ? ('exited' as const) : ('entered' as const);

        const a = simulateSync({ identities, config, settings: s, transition });
        const b = simulateSync({ identities: shuffled, config, settings: s, transition });

        assert.deepEqual(
          { events: b.events, selection: b.selection, rules: b.eventRules },
          { events: a.events, selection: a.selection, rules: a.eventRules },
        );
      }),
    );
  });

  it('Default Setup never sends a custom identifier', () => {
    const destination = fc.constantFrom(
      'destination-function',
      'braze',
      'facebook-custom-audiences',
      'facebook-custom-audiences-actions',
      'google-ads-remarketing-lists',
      'google-customer-match',
      'snap-audiences',
    );
    fc.assert(
      fc.property(
        profile,
        connection,
        settings,
        destination,
        fc.boolean(),
        (identities, c, s, d, exit) => {
          const result = simulateSync({
            identities,
            config: byDefault(c, d),
            settings: s,
            transition: exit ? 'exited' : 'entered',
          });

          assert.equal(result.selection.phone, undefined);
          const sent = JSON.stringify([result.events, result.rows]);
          for (const i of identities.filter((x) => x.type === 'phone'))
            assert.ok(!sent.includes(i.id));
        },
      ),
    );
  });

  it('an exit covers every combination the entry under the same config could send', () => {
    fc.assert(
      fc.property(profile, rows, connection, settings, (identities, r, c, s) => {
        const config = customized(r, c);

        const entry = simulateSync({ identities, config, settings: s });
        const exit = simulateSync({ identities, config, settings: s, transition: 'exited' });

        for (const sent of entry.events) {
          const values = valuesOf(sent);
          const covered = exit.events.some(
            (e) => e.type === sent.type && [...values].every((v) => valuesOf(e).has(v)),
          );
          assert.ok(covered, `exit covers ${JSON.stringify(sent)}`);
        }
      }),
    );
  });

  it('under cartesian the sends are the product of the dimension sizes times the enabled calls', () => {
    fc.assert(
      fc.property(profile, rows, connection, fc.boolean(), (identities, r, c, useDefault) => {
        const conn = { ...c, sendMobileIds: true };
        const config = useDefault ? byDefault(conn, 'destination-function') : customized(r, conn);
        const count = (type: string): number => identities.filter((i) => i.type === type).length;
        const dimensions = useDefault
          ? [
              count('user_id'),
              count('email'),
              conn.includeAnonymousUsers ? count('anonymous_id') : 0,
              count('ios.idfa') + count('android.idfa'),
            ]
          : r.map((row) =>
              row.strategy === 'all' ? count(row.externalId) : Math.min(1, count(row.externalId)),
            );
        const filled = dimensions.filter((n) => n > 0);
        const calls = Number(conn.sendIdentify) + Number(conn.sendTrack);

        const result = simulateSync({ identities, config, settings: { combination: 'cartesian' } });

        const expected = filled.length === 0 ? 0 : filled.reduce((a, b) => a * b, 1) * calls;
        assert.equal(result.events.length, expected);
      }),
    );
  });
});
