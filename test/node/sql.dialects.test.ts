import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SQL_DIALECTS, toSql, type SqlDialect } from '../../src/core/sql.js';
import type { IdSyncConfig } from '../../src/core/types.js';

const hostile = `a'b\\c"d\`e`;

const config: IdSyncConfig = {
  version: 1,
  destination: 'braze',
  setup: 'customized',
  idSyncConfiguration: [
    { externalId: 'user_id', strategy: 'last', mapTo: 'user_id' },
    { externalId: 'email', strategy: 'all', mapTo: hostile },
  ],
  connectionSettings: {
    sendIdentify: false,
    sendTrack: true,
    sendMobileIds: false,
    includeAnonymousUsers: false,
  },
};

/** How each dialect must spell the hostile key as a literal, and the table name. */
const EXPECTED: Record<SqlDialect, { literal: string; table: string; order: RegExp }> = {
  duckdb: { literal: `'a''b\\c"d\`e'`, table: '"an"."user_identifiers"', order: /"value" ASC/ },
  postgres: {
    literal: `E'a''b\\\\c"d\`e'`,
    table: '"an"."user_identifiers"',
    order: /"value" COLLATE "C" ASC/,
  },
  snowflake: {
    literal: `'a''b\\\\c"d\`e'`,
    table: '"AN"."USER_IDENTIFIERS"',
    order: /COLLATE\("value", 'utf8'\) ASC/,
  },
  bigquery: {
    literal: `'a\\'b\\\\c"d\`e'`,
    table: '`an`.`user_identifiers`',
    order: /`value` ASC/,
  },
};

describe('toSql', () => {
  for (const dialect of SQL_DIALECTS) {
    describe(`for ${dialect}`, () => {
      const sql = toSql(config, { dialect, table: 'an.user_identifiers' });

      it('quotes a hostile destination key as one literal', () => {
        assert.ok(sql.includes(`THEN ${EXPECTED[dialect].literal} `), sql);
      });

      it('reads the qualified table with each part quoted', () => {
        assert.ok(sql.includes(`FROM ${EXPECTED[dialect].table}\n`));
      });

      it('breaks ties by value in code-point order', () => {
        assert.match(sql, EXPECTED[dialect].order);
      });

      it('returns exactly the four result columns', () => {
        const q = dialect === 'bigquery' ? '`' : '"';
        const select = `SELECT ${['canonical_segment_id', 'type', 'value', 'map_to'].map((c) => `${q}${c}${q}`).join(', ')}\nFROM ranked`;
        assert.ok(sql.includes(select));
      });
    });
  }

  describe('when a config value holds a NUL character', () => {
    it('refuses with a message instead of truncating', () => {
      const nul = {
        ...config,
        idSyncConfiguration: [{ externalId: 'email', strategy: 'all' as const, mapTo: 'a\u0000b' }],
      };

      assert.throws(() => toSql(nul, { dialect: 'postgres' }), /NUL character/);
    });
  });

  describe('when the dialect is unknown', () => {
    it('names the accepted dialects', () => {
      assert.throws(
        () => toSql(config, { dialect: 'oracle' as SqlDialect }),
        /duckdb, postgres, snowflake, bigquery/,
      );
    });
  });

  describe('when Send Mobile IDs is off', () => {
    it('leaves the mobile-id row out of the plan', () => {
      const mobile: IdSyncConfig = {
        ...config,
        idSyncConfiguration: [
          { externalId: 'email', strategy: 'last', mapTo: 'email' },
          { externalId: 'ios.idfa', strategy: 'last', mapTo: 'ios_idfa' },
        ],
      };

      const off = toSql(mobile, { dialect: 'duckdb' });
      const on = toSql(
        { ...mobile, connectionSettings: { ...mobile.connectionSettings, sendMobileIds: true } },
        { dialect: 'duckdb' },
      );

      assert.ok(!off.includes("WHEN 'ios.idfa'"));
      assert.ok(on.includes("WHEN 'ios.idfa' THEN 'ios_idfa'"));
    });
  });
});
