/**
 * The warehouse SQL and the TypeScript simulator must select the same identifier values. Both run
 * here on the same few thousand generated profiles (ties on time, duplicates, blocked and blank
 * values, backfilled rows without a timestamp, mobile ids behind Send Mobile IDs): the DuckDB SQL
 * over an in-memory `user_identifiers` table, and `simulate(...).selection` over the same rows
 * read back through the streaming CSV reader.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

import { createBatchReader, type BatchProfile } from '../../src/core/batch/index.js';
import { simulate } from '../../src/core/simulate/index.js';
import { toSql } from '../../src/core/sql.js';
import type { IdSyncConfig, IdSyncRow } from '../../src/core/types.js';

/** A small deterministic generator (mulberry32), so a failure reproduces exactly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROFILES = 3000;

interface Row {
  id: string;
  type: string;
  value: string;
  receivedAt: string;
  timestamp: string;
}

/** Few distinct times, so ties on time are common and the value tie-break matters. */
const TIMES = [
  '2024-01-01 00:00:00',
  '2024-01-01 00:00:00.000001',
  '2024-01-01 00:00:00.5',
  '2024-02-01 12:00:00',
  '2024-03-01 08:30:00.123456',
];

const VALUE_POOLS: Record<string, string[]> = {
  user_id: ['u1', 'u2', 'U3', 'u10'],
  email: ['a@x.com', 'b@x.com', 'B@x.com', 'c@y.org', 'null', ' ', ''],
  anonymous_id: ['an1', 'an2', 'anonymous', '0000', '-1'],
  'ios.idfa': ['IDFA-1', 'idfa-2', '0-0-0'],
  'android.idfa': ['aaid-1', 'aaid-2'],
  // The last three are empty after a list destination's phone normalisation.
  phone: ['+15551230001', '+15551230002', '-1', '  0', '(0) 0', '+00-'],
  ga_client_id: ['ga1', 'ga2'],
};

/**
 * Values that occur under several types (the same string as ios.idfa and android.idfa, as email and
 * user_id, …): equal values of two types are two identities, never twins of one another.
 */
const SHARED_VALUES = ['é', 'shared-1'];

function generateRows(): Row[] {
  const next = random(20241204);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  const rows: Row[] = [];
  const types = Object.keys(VALUE_POOLS);
  for (let p = 0; p < PROFILES; p++) {
    const id = `p${String(p).padStart(5, '0')}`;
    const count = Math.floor(next() * 7);
    for (let i = 0; i < count; i++) {
      const type = pick(types);
      const time = pick(TIMES);
      // One row in six is backfilled: no timestamp, so received_at orders it.
      const backfilled = next() < 1 / 6;
      rows.push({
        id,
        type,
        // One value in five comes from the pool shared by every type.
        value: next() < 1 / 5 ? pick(SHARED_VALUES) : pick(VALUE_POOLS[type]),
        receivedAt: backfilled ? time : pick(TIMES),
        timestamp: backfilled ? '' : time,
      });
    }
  }
  return rows;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) || value.trim() !== value || value === ''
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

function toCsv(rows: Row[]): string {
  const lines = ['canonical_segment_id,type,value,seq,received_at,uuid_ts,timestamp'];
  rows.forEach((r, i) =>
    lines.push(
      [r.id, r.type, r.value, String(i), r.receivedAt, r.receivedAt, r.timestamp]
        .map(csvField)
        .join(','),
    ),
  );
  return lines.join('\n') + '\n';
}

const connection = {
  sendIdentify: false,
  sendTrack: true,
  sendMobileIds: false,
  includeAnonymousUsers: false,
};

function config(
  destination: string,
  rows: IdSyncRow[],
  overrides: Partial<IdSyncConfig['connectionSettings']> = {},
  destinationSettings?: Record<string, string>,
): IdSyncConfig {
  return {
    version: 1,
    destination,
    setup: rows.length > 0 ? 'customized' : 'default',
    idSyncConfiguration: rows,
    connectionSettings: { ...connection, ...overrides },
    ...(destinationSettings ? { destinationSettings } : {}),
  };
}

const row = (externalId: string, strategy: IdSyncRow['strategy'], mapTo: string): IdSyncRow => ({
  externalId,
  strategy,
  mapTo,
});

const HOSTILE = `x'); DROP TABLE user_identifiers; --"\`\\`;

const CONFIGS: Array<[name: string, config: IdSyncConfig]> = [
  [
    'Customized last user_id, first email, all phone',
    config('braze', [
      row('user_id', 'last', 'user_id'),
      row('email', 'first', 'email'),
      row('phone', 'all', 'phone'),
    ]),
  ],
  [
    'Customized with ios.idfa while Send Mobile IDs is off',
    config('braze', [row('email', 'last', 'email'), row('ios.idfa', 'last', 'ios_idfa')]),
  ],
  [
    'Customized with both mobile ids and Send Mobile IDs on',
    config(
      'destination-function',
      [
        row('ios.idfa', 'first', 'ios_idfa'),
        row('android.idfa', 'all', 'android_idfa'),
        row('anonymous_id', 'last', 'anon'),
      ],
      { sendMobileIds: true, includeAnonymousUsers: true },
    ),
  ],
  [
    'Customized with a hostile destination key',
    config('braze', [row('email', 'all', HOSTILE), row('ga_client_id', 'last', 'ga')]),
  ],
  ['Default Setup, generic event destination', config('braze', [])],
  [
    'Default Setup with anonymous users and mobile ids',
    config('braze', [], { includeAnonymousUsers: true, sendMobileIds: true }),
  ],
  [
    'Default Setup, Facebook Custom Audiences',
    config('facebook-custom-audiences', [], { sendMobileIds: true }),
  ],
  [
    'Default Setup, Google Ads Remarketing Lists by email',
    config('google-ads-remarketing-lists', []),
  ],
  [
    'Default Setup, Google Ads Remarketing Lists by mobile id',
    config('google-ads-remarketing-lists', [], { sendMobileIds: true }, { matcher: 'mobile_id' }),
  ],
  ['Default Setup, Snap Audiences', config('snap-audiences', [])],
  [
    'Customized, Snap Audiences with every email and the last phone',
    config('snap-audiences', [row('email', 'all', 'email'), row('phone', 'last', 'phone')]),
  ],
  [
    'Customized, Google Customer Match with the first phone',
    config('google-customer-match', [
      row('user_id', 'all', 'crm_id'),
      row('phone', 'first', 'phone'),
    ]),
  ],
  [
    'Customized, Facebook Custom Audiences (Actions)',
    config(
      'facebook-custom-audiences-actions',
      [
        row('user_id', 'first', 'EXTERN_ID'),
        row('email', 'all', 'EMAIL'),
        row('android.idfa', 'last', 'MADID'),
      ],
      { sendMobileIds: true },
    ),
  ],
];

type Selection = Record<string, string[]>;

/** Values in code-point order: the SQL's order inside a type may differ from the simulator's. */
function normalised(selection: Selection): Selection {
  return Object.fromEntries(
    Object.entries(selection)
      .filter(([, values]) => values.length > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([type, values]) => [type, [...values].sort()]),
  );
}

describe('idsync sql (DuckDB) against simulate', () => {
  let dir: string;
  let db: DuckDBInstance;
  let duck: DuckDBConnection;
  let profiles: BatchProfile[];

  before(async () => {
    const rows = generateRows();
    dir = mkdtempSync(join(tmpdir(), 'idsync-sql-'));
    const csvPath = join(dir, 'user_identifiers.csv');
    const csv = toCsv(rows);
    writeFileSync(csvPath, csv);

    db = await DuckDBInstance.create(':memory:');
    duck = await db.connect();
    await duck.run(
      `CREATE TABLE user_identifiers AS SELECT * FROM read_csv('${csvPath.replaceAll("'", "''")}', header = true, all_varchar = true)`,
    );
    // Profiles Sync types: times are timestamps, an empty timestamp is NULL.
    await duck.run(`CREATE OR REPLACE TABLE user_identifiers AS SELECT
      canonical_segment_id, type, COALESCE(value, '') AS value, CAST(seq AS BIGINT) AS seq,
      CAST(received_at AS TIMESTAMP) AS received_at, CAST(uuid_ts AS TIMESTAMP) AS uuid_ts,
      CAST(NULLIF("timestamp", '') AS TIMESTAMP) AS "timestamp" FROM user_identifiers`);

    const reader = createBatchReader('user-identifiers');
    const out = reader.push(csv);
    const end = reader.end();
    assert.deepEqual([...out.bad, ...end.bad], []);
    profiles = [...out.profiles, ...end.profiles];
  });

  after(() => {
    duck?.closeSync();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads every generated profile back from the CSV', () => {
    assert.ok(profiles.length > PROFILES * 0.8, `only ${profiles.length} profiles`);
  });

  for (const [name, cfg] of CONFIGS) {
    it(`selects the same values as simulate: ${name}`, async () => {
      const result = await duck.runAndReadAll(toSql(cfg, { dialect: 'duckdb' }));
      const fromSql = new Map<string, Selection>();
      const keys = new Map<string, string>();
      for (const r of result.getRowObjectsJS()) {
        const id = String(r.canonical_segment_id);
        const selection = fromSql.get(id) ?? {};
        (selection[String(r.type)] ??= []).push(String(r.value));
        fromSql.set(id, selection);
        keys.set(`${String(r.type)}`, String(r.map_to));
      }

      let compared = 0;
      let sending = 0;
      for (const profile of profiles) {
        const simulated = await simulate({ identities: profile.identities, config: cfg });
        const expected = normalised(simulated.selection);
        const actual = normalised(fromSql.get(profile.key) ?? {});
        assert.deepEqual(actual, expected, `profile ${profile.key} under ${name}`);
        compared++;
        if (Object.keys(expected).length > 0) sending++;
      }
      assert.equal(compared, profiles.length);
      // The corpus must exercise the config: a config that sends nothing proves nothing.
      assert.ok(sending > profiles.length / 10, `only ${sending} profiles send under ${name}`);
      for (const r of cfg.idSyncConfiguration) {
        if (keys.has(r.externalId)) assert.equal(keys.get(r.externalId), r.mapTo);
      }
    });
  }

  it('leaves the table in place after running SQL built from a hostile key', async () => {
    const count = await duck.runAndReadAll('SELECT COUNT(*) AS n FROM user_identifiers');

    assert.ok(Number(count.getRowObjectsJS()[0].n) > 0);
  });
});
