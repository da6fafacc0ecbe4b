import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { destinations } from '../../src/core/catalog.js';
import { FINDING_CODES, severityOf } from '../../src/core/findings.js';
import { lintConfig } from '../../src/core/lint.js';
import { toPublicApi } from '../../src/core/public-api.js';
import { createConfig, parseConfig } from '../../src/core/parse-config.js';
import type { Destination, Finding, IdSyncConfig, IdSyncRow } from '../../src/core/types.js';

type Row = [externalId: string, strategy: IdSyncRow['strategy'], mapTo: string];

function customized(
  destination: string,
  rows: Row[],
  overrides: Partial<IdSyncConfig> = {},
): IdSyncConfig {
  return {
    ...createConfig(destination, {
      setup: 'customized',
      idSyncConfiguration: rows.map(([externalId, strategy, mapTo]) => ({
        externalId,
        strategy,
        mapTo,
      })),
    }),
    ...overrides,
  };
}

function withMobile(config: IdSyncConfig): IdSyncConfig {
  return { ...config, connectionSettings: { ...config.connectionSettings, sendMobileIds: true } };
}

function errors(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}

function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.code} ${JSON.stringify(f.path)}`);
}

describe('lintConfig', () => {
  describe('when a row-level rule is broken', () => {
    const cases: Array<{ rule: string; config: IdSyncConfig; expected: string[] }> = [
      {
        rule: 'a fourth All',
        config: customized('braze', [
          ['user_id', 'all', 'user_id'],
          ['email', 'all', 'email'],
          ['anonymous_id', 'all', 'anonymous_id'],
          ['ios.id', 'all', 'ios_id'],
        ]),
        expected: ['too-many-all ["idSyncConfiguration",3,"strategy"]'],
      },
      {
        rule: 'a sixth and seventh row',
        config: customized('braze', [
          ['user_id', 'last', 'user_id'],
          ['email', 'last', 'email'],
          ['anonymous_id', 'last', 'anonymous_id'],
          ['ios.id', 'last', 'ios_id'],
          ['android.id', 'last', 'android_id'],
          ['group_id', 'last', 'group_id'],
          ['ga_client_id', 'last', 'ga_client_id'],
        ]),
        expected: [
          'too-many-rows ["idSyncConfiguration",5]',
          'too-many-rows ["idSyncConfiguration",6]',
        ],
      },
      {
        rule: 'a Segment identifier twice',
        config: customized('braze', [
          ['email', 'last', 'email'],
          ['email', 'all', 'email_2'],
        ]),
        expected: ['duplicate-identifier ["idSyncConfiguration",1,"externalId"]'],
      },
      {
        rule: 'a destination key twice',
        config: customized('braze', [
          ['user_id', 'last', 'id'],
          ['email', 'last', 'id'],
        ]),
        expected: ['duplicate-key ["idSyncConfiguration",1,"mapTo"]'],
      },
      {
        rule: 'an upper-case identifier type',
        config: customized('braze', [['Email', 'last', 'email']]),
        expected: ['identifier-not-lowercase ["idSyncConfiguration",0,"externalId"]'],
      },
      {
        rule: 'spaces in an identifier type',
        config: customized('braze', [['email ', 'last', 'email']]),
        expected: ['identifier-whitespace ["idSyncConfiguration",0,"externalId"]'],
      },
      {
        rule: 'an empty identifier',
        config: customized('braze', [['', 'last', 'email']]),
        expected: ['empty-identifier ["idSyncConfiguration",0,"externalId"]'],
      },
      {
        rule: 'an empty key',
        config: customized('braze', [['email', 'last', '  ']]),
        expected: ['empty-key ["idSyncConfiguration",0,"mapTo"]'],
      },
      {
        rule: 'a key with a trailing space',
        config: customized('braze', [['email', 'last', 'email ']]),
        expected: ['key-whitespace ["idSyncConfiguration",0,"mapTo"]'],
      },
      {
        rule: 'a key the classic Facebook dropdown does not offer',
        config: customized('facebook-custom-audiences', [['email', 'last', 'email']]),
        expected: ['key-not-offered ["idSyncConfiguration",0,"mapTo"]'],
      },
      {
        rule: 'a Google Ads Remarketing Lists key outside its dropdown',
        config: customized('google-ads-remarketing-lists', [
          ['email', 'last', 'email'],
          ['user_id', 'last', 'user_id'],
        ]),
        expected: ['key-not-offered ["idSyncConfiguration",1,"mapTo"]'],
      },
    ];

    for (const { rule, config, expected } of cases) {
      it(`reports ${rule}`, () => {
        assert.deepEqual(summary(errors(lintConfig(config))), expected);
      });
    }

    it("names the rule in a user's words", () => {
      const [finding] = errors(lintConfig(cases[0].config));

      assert.match(finding.message, /Segment allows at most three identifiers on All/);
    });

    it('points out the case of a dropdown key', () => {
      const [finding] = errors(lintConfig(cases[9].config));

      assert.match(finding.message, /case-sensitive: "EMAIL"/);
    });

    it('accepts three All rows and five rows', () => {
      const config = customized('braze', [
        ['user_id', 'all', 'user_id'],
        ['email', 'all', 'email'],
        ['anonymous_id', 'all', 'anonymous_id'],
        ['ios.id', 'last', 'ios_id'],
        ['android.id', 'first', 'android_id'],
      ]);

      assert.deepEqual(errors(lintConfig(config)), []);
    });
  });

  describe('Google Ads Remarketing Lists (X14)', () => {
    it('rejects email plus two more identifiers at the second extra row', () => {
      const config = withMobile(
        customized('google-ads-remarketing-lists', [
          ['email', 'last', 'email'],
          ['phone', 'last', 'phone'],
          ['ios.idfa', 'last', 'mobile_id'],
        ]),
      );

      const found = errors(lintConfig(config));

      assert.deepEqual(summary(found), ['garl-one-extra-identifier ["idSyncConfiguration",2]']);
      assert.match(found[0].message, /email plus at most one more identifier/);
    });

    it('accepts email plus phone', () => {
      const config = customized('google-ads-remarketing-lists', [
        ['email', 'last', 'email'],
        ['phone', 'last', 'phone'],
      ]);

      assert.deepEqual(errors(lintConfig(config)), []);
    });

    it('requires an email row', () => {
      const config = customized('google-ads-remarketing-lists', [['phone', 'last', 'phone']]);

      assert.deepEqual(summary(errors(lintConfig(config))), [
        'garl-email-required ["idSyncConfiguration"]',
      ]);
    });

    it('lets a mapped trait go only to phone', () => {
      const config = customized('google-ads-remarketing-lists', [
        ['email', 'last', 'email'],
        ['mobile_phone', 'last', 'mobile_id'],
      ]);

      assert.deepEqual(summary(errors(lintConfig(config))), [
        'garl-trait-to-phone ["idSyncConfiguration",1,"mapTo"]',
      ]);
    });

    for (const [matcher, ok] of [
      ['email', true],
      ['mobile_id', true],
      ['Email', false],
      ['phone', false],
    ] as const) {
      it(`${ok ? 'accepts' : 'rejects'} the matcher "${matcher}"`, () => {
        const config = {
          ...createConfig('google-ads-remarketing-lists'),
          destinationSettings: { matcher },
        };

        const found = summary(errors(lintConfig(config)));

        assert.deepEqual(
          found,
          ok ? [] : ['setting-value-invalid ["destinationSettings","matcher"]'],
        );
      });
    }
  });

  describe('Snap Audiences', () => {
    const cases: Array<{ rows: Row[]; expected: string[] }> = [
      { rows: [['email', 'last', 'email']], expected: [] },
      {
        rows: [['email', 'last', 'EMAIL']],
        expected: ['snap-email-key ["idSyncConfiguration",0,"mapTo"]'],
      },
      {
        rows: [['phone', 'last', 'email']],
        expected: ['snap-email-key ["idSyncConfiguration",0,"mapTo"]'],
      },
      {
        rows: [['ios.idfa', 'last', 'ios.idfa']],
        expected: ['snap-mobile-key ["idSyncConfiguration",0,"mapTo"]'],
      },
      {
        rows: [['android.idfa', 'last', 'androidIdfa']],
        expected: ['snap-mobile-key ["idSyncConfiguration",0,"mapTo"]'],
      },
      {
        rows: [
          ['ios.idfa', 'last', 'ios_idfa'],
          ['android.idfa', 'all', 'android_idfa'],
        ],
        expected: [],
      },
    ];

    for (const { rows, expected } of cases) {
      it(`${expected.length ? 'rejects' : 'accepts'} ${JSON.stringify(rows)}`, () => {
        const config = withMobile(customized('snap-audiences', rows));

        assert.deepEqual(summary(errors(lintConfig(config))), expected);
      });
    }
  });

  describe('when an identifier goes to a column meant for another kind of value', () => {
    const cases: Array<{ destination: string; rows: Row[]; expected: string[]; says?: RegExp }> = [
      {
        destination: 'facebook-custom-audiences',
        rows: [['email', 'last', 'MADID']],
        expected: ['key-identifier-mismatch ["idSyncConfiguration",0,"mapTo"] error'],
        says: /the email would go unhashed, in clear text, in MADID\. Map it to "EMAIL"/,
      },
      {
        destination: 'facebook-custom-audiences',
        rows: [
          ['phone', 'last', 'EMAIL'],
          ['email', 'last', 'PHONE'],
        ],
        expected: [
          'key-identifier-mismatch ["idSyncConfiguration",0,"mapTo"] error',
          'key-identifier-mismatch ["idSyncConfiguration",1,"mapTo"] error',
        ],
        says: /the phone number would be hashed as an email in EMAIL/,
      },
      {
        destination: 'facebook-custom-audiences',
        rows: [['email', 'last', 'FN']],
        expected: ['key-identifier-mismatch ["idSyncConfiguration",0,"mapTo"] error'],
      },
      {
        destination: 'facebook-custom-audiences-actions',
        rows: [['phone', 'last', 'EXTERN_ID']],
        expected: ['key-clear-text ["idSyncConfiguration",0,"mapTo"] warning'],
        says: /the phone number would go unhashed, in clear text, in EXTERN_ID.*"PHONE"/,
      },
      {
        destination: 'facebook-custom-audiences-actions',
        rows: [
          ['user_id', 'last', 'MADID'],
          ['ios.idfa', 'last', 'EXTERN_ID'],
        ],
        expected: [
          'key-identifier-mismatch ["idSyncConfiguration",0,"mapTo"] error',
          'key-identifier-mismatch ["idSyncConfiguration",1,"mapTo"] error',
        ],
        says: /MADID on Facebook Custom Audiences \(Actions\) takes only ios\.idfa or android\.idfa/,
      },
      {
        destination: 'google-ads-remarketing-lists',
        rows: [
          ['email', 'last', 'mobile_id'],
          ['ios.idfa', 'last', 'email'],
        ],
        expected: [
          'key-identifier-mismatch ["idSyncConfiguration",0,"mapTo"] error',
          'key-identifier-mismatch ["idSyncConfiguration",1,"mapTo"] error',
        ],
        says: /the email would be hashed as a mobile ad ID in mobile_id/,
      },
      {
        destination: 'google-ads-remarketing-lists',
        rows: [
          ['email', 'last', 'email'],
          ['user_id', 'last', 'phone'],
        ],
        expected: ['key-identifier-mismatch ["idSyncConfiguration",1,"mapTo"] error'],
      },
      {
        destination: 'google-customer-match',
        rows: [
          ['email', 'last', 'crm_id'],
          ['user_id', 'last', 'mobile_id'],
        ],
        expected: [
          'key-clear-text ["idSyncConfiguration",0,"mapTo"] warning',
          'key-identifier-mismatch ["idSyncConfiguration",1,"mapTo"] error',
        ],
        says: /the email would go unhashed, in clear text, in crm_id/,
      },
      {
        destination: 'snap-audiences',
        rows: [
          ['email', 'last', 'email'],
          ['user_id', 'last', 'ios_idfa'],
          ['anonymous_id', 'last', 'phone'],
        ],
        expected: [
          'key-identifier-mismatch ["idSyncConfiguration",1,"mapTo"] error',
          'key-identifier-mismatch ["idSyncConfiguration",2,"mapTo"] error',
        ],
      },
    ];

    for (const { destination, rows, expected, says } of cases) {
      it(`reports ${JSON.stringify(rows)} on ${destination}`, () => {
        const config = withMobile(customized(destination, rows));

        const found = lintConfig(config).filter((f) => f.code.startsWith('key-'));

        assert.deepEqual(
          found.map((f) => `${f.code} ${JSON.stringify(f.path)} ${f.severity}`),
          expected,
        );
        if (says) assert.match(found[0].message, says);
      });
    }

    const fitting: Array<{ destination: string; rows: Row[] }> = [
      {
        destination: 'facebook-custom-audiences',
        rows: [
          ['email', 'last', 'EMAIL'],
          ['android.idfa', 'last', 'MADID'],
          ['phone_number', 'last', 'PHONE'],
        ],
      },
      {
        destination: 'facebook-custom-audiences-actions',
        rows: [
          ['user_id', 'last', 'EXTERN_ID'],
          ['email', 'last', 'EMAIL'],
          ['phone', 'last', 'PHONE'],
          ['ios.idfa', 'last', 'MADID'],
        ],
      },
      {
        destination: 'google-customer-match',
        rows: [
          ['user_id', 'last', 'crm_id'],
          ['email', 'all', 'email'],
          ['mobile_phone', 'last', 'phone'],
          ['android.idfa', 'last', 'mobile_id'],
        ],
      },
    ];
    for (const { destination, rows } of fitting) {
      it(`accepts every identifier in its own column on ${destination}`, () => {
        const config = withMobile(customized(destination, rows));

        assert.deepEqual(
          lintConfig(config).filter((f) => f.code.startsWith('key-')),
          [],
        );
      });
    }
  });

  describe('when a row key would collide with the membership fields', () => {
    for (const key of ['audience_key', '__proto__', 'constructor', 'prototype']) {
      it(`rejects "${key}" as a key of an event destination`, () => {
        const config = customized('braze', [['user_id', 'last', key]]);

        const found = errors(lintConfig(config));

        assert.deepEqual(summary(found), ['key-reserved ["idSyncConfiguration",0,"mapTo"]']);
      });
    }

    it('rejects a prototype name on a list destination too', () => {
      const config = customized('google-customer-match', [['email', 'last', '__proto__']]);

      assert.deepEqual(summary(errors(lintConfig(config))), [
        'key-reserved ["idSyncConfiguration",0,"mapTo"]',
      ]);
    });

    it('rejects the audience key when the host gives it, and says the value would be dropped', () => {
      const config = customized('destination-function', [
        ['user_id', 'last', 'user_id'],
        ['phone', 'last', 'vip'],
      ]);

      const found = errors(
        lintConfig(config, { audience: { key: 'vip', includeAnonymousUsers: false } }),
      );

      assert.deepEqual(summary(found), ['key-reserved ["idSyncConfiguration",1,"mapTo"]']);
      assert.match(found[0].message, /audience key itself.*dropped/);
    });

    it('accepts the same key when no audience key is given', () => {
      const config = customized('braze', [['phone', 'last', 'vip']]);

      assert.deepEqual(
        errors(lintConfig(config, { audience: { includeAnonymousUsers: false } })),
        [],
      );
    });

    it('warns about an empty audience key', () => {
      const found = lintConfig(createConfig('braze'), {
        audience: { key: ' ', includeAnonymousUsers: false },
      });

      assert.deepEqual(summary(found), ['audience-key-empty []']);
    });
  });

  describe('when the destination or its settings are unknown', () => {
    it('reports an unknown destination id', () => {
      const found = lintConfig(createConfig('not-a-destination'));

      assert.deepEqual(summary(errors(found)), ['unknown-destination ["destination"]']);
      assert.match(found[0].message, /"braze"/);
    });

    it('uses a destination description the host gives', () => {
      const custom: Destination = {
        id: 'acme-lists',
        name: 'Acme Lists',
        kind: 'list',
        keys: ['EMAIL'],
        freeText: false,
        keyFor: { email: 'EMAIL' },
        defaultRows: [],
      };
      const config = customized('acme-lists', [['email', 'last', 'mail']]);

      const found = errors(lintConfig(config, { destination: custom }));

      assert.deepEqual(summary(found), ['key-not-offered ["idSyncConfiguration",0,"mapTo"]']);
    });

    it('reports a setting the destination does not declare', () => {
      const config = { ...createConfig('braze'), destinationSettings: { matcher: 'email' } };

      assert.deepEqual(summary(errors(lintConfig(config))), [
        'setting-unknown ["destinationSettings","matcher"]',
      ]);
    });
  });

  describe('warnings about what Segment will do', () => {
    const cases: Array<{ when: string; config: IdSyncConfig; expected: string[] }> = [
      {
        when: 'Default Setup keeps rows',
        config: { ...customized('braze', [['phone', 'last', 'phone']]), setup: 'default' },
        expected: ['default-setup-with-rows ["idSyncConfiguration"]'],
      },
      {
        when: 'Customized Setup has no rows',
        config: customized('braze', []),
        expected: ['customized-without-rows ["idSyncConfiguration"]'],
      },
      {
        when: 'a custom identifier is sent',
        config: customized('braze', [
          ['user_id', 'last', 'user_id'],
          ['phone', 'last', 'phone'],
        ]),
        expected: ['custom-identifier-written-back ["idSyncConfiguration",1,"externalId"]'],
      },
      {
        when: 'a mobile id row meets Send Mobile IDs off',
        config: customized('braze', [
          ['user_id', 'last', 'user_id'],
          ['ios.idfa', 'last', 'ios_idfa'],
          ['android.idfa', 'last', 'android_idfa'],
        ]),
        expected: [
          'mobile-id-dropped ["idSyncConfiguration",1,"externalId"]',
          'mobile-id-dropped ["idSyncConfiguration",2,"externalId"]',
        ],
      },
      {
        when: 'an event destination sends neither Identify nor Track',
        config: createConfig('braze', { connectionSettings: { sendTrack: false } }),
        expected: ['nothing-sent ["connectionSettings"]'],
      },
      {
        when: 'a free-text list destination gets a key it is not known to read',
        config: customized('google-customer-match', [['email', 'last', 'mail']]),
        expected: ['key-not-listed ["idSyncConfiguration",0,"mapTo"]'],
      },
    ];

    for (const { when, config, expected } of cases) {
      it(`warns when ${when}`, () => {
        const found = lintConfig(config);

        assert.deepEqual(errors(found), []);
        assert.deepEqual(summary(found), expected);
      });
    }

    it('says the mobile id will be dropped and how to keep it', () => {
      const [finding] = lintConfig(cases[3].config);

      assert.match(finding.message, /will be dropped/);
      assert.match(finding.message, /Send Mobile IDs/);
    });

    it("gives Segment's recommendation for custom identifiers", () => {
      const [finding] = lintConfig(cases[2].config);

      assert.match(finding.message, /traits and identifiers/);
      assert.match(finding.message, /Actions mappings/);
    });

    it('is quiet about mobile ids once Send Mobile IDs is on', () => {
      assert.deepEqual(lintConfig(withMobile(cases[3].config)), []);
    });
  });

  describe("when the audience's Include Anonymous Users differs", () => {
    for (const [inConfig, onAudience] of [
      [true, false],
      [false, true],
    ]) {
      it(`warns for ${inConfig} here and ${onAudience} on the audience`, () => {
        const config = createConfig('braze', {
          connectionSettings: { includeAnonymousUsers: inConfig },
        });

        const found = lintConfig(config, { audience: { includeAnonymousUsers: onAudience } });

        assert.deepEqual(summary(found), [
          'anonymous-users-differs ["connectionSettings","includeAnonymousUsers"]',
        ]);
        assert.match(found[0].message, /audience's own setting/);
      });
    }

    it('is quiet when they agree or no audience is given', () => {
      const config = createConfig('braze', { connectionSettings: { includeAnonymousUsers: true } });

      assert.deepEqual(lintConfig(config, { audience: { includeAnonymousUsers: true } }), []);
      assert.deepEqual(lintConfig(config), []);
    });
  });

  describe('worked examples through parseConfig', () => {
    it('X14: the text of a three-identifier Remarketing Lists config loads and fails lint', () => {
      const text = JSON.stringify({
        version: 1,
        destination: 'google-ads-remarketing-lists',
        setup: 'customized',
        idSyncConfiguration: [
          { externalId: 'email', strategy: 'last', mapTo: 'email' },
          { externalId: 'phone', strategy: 'last', mapTo: 'phone' },
          { externalId: 'ios.idfa', strategy: 'last' },
        ],
        connectionSettings: {
          sendIdentify: false,
          sendTrack: true,
          sendMobileIds: true,
          includeAnonymousUsers: false,
        },
        destinationSettings: { matcher: 'email' },
      });

      const parsed = parseConfig(text);
      assert.ok(parsed.ok);

      assert.equal(parsed.config.idSyncConfiguration[2].mapTo, 'mobile_id');
      assert.deepEqual(summary(errors(lintConfig(parsed.config))), [
        'garl-one-extra-identifier ["idSyncConfiguration",2]',
      ]);
    });

    it('X14: email plus phone for Remarketing Lists loads and passes lint', () => {
      const text = JSON.stringify({
        version: 1,
        destination: 'google-ads-remarketing-lists',
        setup: 'customized',
        idSyncConfiguration: [
          { externalId: 'email', strategy: 'last', mapTo: 'email' },
          { externalId: 'phone', strategy: 'last', mapTo: 'phone' },
        ],
        connectionSettings: {
          sendIdentify: false,
          sendTrack: true,
          sendMobileIds: false,
          includeAnonymousUsers: false,
        },
        destinationSettings: { matcher: 'email' },
      });

      const parsed = parseConfig(text);
      assert.ok(parsed.ok);

      assert.deepEqual(parsed.findings, []);
      assert.deepEqual(errors(lintConfig(parsed.config)), []);
    });
  });
});

describe('lintConfig with hostile names', () => {
  const cases: Array<{ name: string; id?: string; key?: string; expected: string[] }> = [
    { name: 'a NUL inside a key', key: 'em\u0000ail', expected: ['key-invisible-character error'] },
    {
      name: 'a C1 control inside a key',
      key: 'em\u0085ail',
      expected: ['key-invisible-character error'],
    },
    {
      name: 'a right-to-left override',
      key: 'email\u202e',
      expected: ['key-invisible-character error'],
    },
    { name: 'a bidi isolate', key: '\u2066email', expected: ['key-invisible-character error'] },
    { name: 'a zero-width space', key: 'e\u200bmail', expected: ['key-invisible-character error'] },
    { name: 'a byte order mark', key: 'email\ufeffx', expected: ['key-invisible-character error'] },
    {
      name: 'a leading space and a zero-width joiner',
      key: ' em\u200dail',
      expected: ['key-whitespace error', 'key-invisible-character error'],
    },
    {
      name: 'a key of zero-width characters only',
      key: '\u200b\u200c',
      expected: ['empty-key error'],
    },
    { name: 'a key of spaces and a bidi mark', key: ' \u200e ', expected: ['empty-key error'] },
    { name: 'a 201-character key', key: 'k'.repeat(201), expected: ['key-too-long warning'] },
    {
      name: 'a NUL in the Segment identifier',
      id: 'email\u0000',
      expected: ['identifier-invisible-character error'],
    },
    { name: 'a zero-width-only identifier', id: '\u200b', expected: ['empty-identifier error'] },
    {
      name: 'a 201-character identifier',
      id: 'x'.repeat(201),
      expected: ['identifier-too-long warning'],
    },
  ];

  for (const { name, id = 'email', key = 'email', expected } of cases) {
    it(`reports ${name} at the row field`, () => {
      const found = lintConfig(customized('braze', [[id, 'last', key]])).filter((f) =>
        /invisible|too-long|empty-|whitespace/.test(f.code),
      );

      assert.deepEqual(
        found.map((f) => `${f.code} ${f.severity}`),
        expected,
      );
      const field = key === 'email' ? 'externalId' : 'mapTo';
      for (const f of found) assert.deepEqual(f.path, ['idSyncConfiguration', 0, field]);
    });
  }

  it('names the invisible character, escaped, and its position', () => {
    const [found] = lintConfig(customized('braze', [['email', 'last', ' em\u202eail']])).filter(
      (f) => f.code === 'key-invisible-character',
    );

    assert.match(found.message, /U\+202E at position 4/);
    assert.doesNotMatch(found.message, /\u202e/, 'the override itself is escaped, not printed');
  });

  it('accepts a 200-character key and identifier without a length warning', () => {
    const found = lintConfig(customized('braze', [['x'.repeat(200), 'last', 'k'.repeat(200)]]));

    assert.deepEqual(
      found.filter((f) => f.code.endsWith('too-long')),
      [],
    );
  });
});

describe('FINDING_CODES', () => {
  const docs = readFileSync(new URL('../../docs/findings.md', import.meta.url), 'utf8');

  for (const code of FINDING_CODES) {
    it(`documents ${code} with its severity in docs/findings.md`, () => {
      const heading = new RegExp(`^### \`${code}\`\\s*$`, 'm');
      assert.match(docs, heading);
      const section = docs.slice(docs.search(heading)).split(/\n### /)[0];
      assert.match(section, new RegExp(`Severity: ${severityOf(code)}`));
    });
  }
});

describe('docs/destinations.md', () => {
  const docs = readFileSync(new URL('../../docs/destinations.md', import.meta.url), 'utf8');

  for (const destination of destinations) {
    it(`describes ${destination.id} with its keys and settings`, () => {
      const heading = new RegExp(`^### \`${destination.id}\`: `, 'm');
      assert.match(docs, heading);
      const section = docs.slice(docs.search(heading)).split(/\n### /)[0];
      for (const key of destination.keys) assert.ok(section.includes(`\`${key}\``), key);
      for (const [name, setting] of Object.entries(destination.settings ?? {})) {
        assert.ok(section.includes(`\`${name}\``), name);
        for (const value of setting.values) assert.ok(section.includes(`\`${value}\``), value);
      }
      assert.match(section, destination.freeText ? /free text/ : /dropdown \(fixed\)/);
    });
  }
});

describe('messages about very long user text', () => {
  it('show the start and the length of a 10,000-character key, not all of it', () => {
    const key = 'k'.repeat(10_000);
    const config = {
      version: 1 as const,
      destination: 'braze',
      setup: 'customized' as const,
      idSyncConfiguration: [{ externalId: 'email', strategy: 'last' as const, mapTo: key }],
      connectionSettings: {
        sendIdentify: false,
        sendTrack: true,
        sendMobileIds: false,
        includeAnonymousUsers: false,
      },
    };

    const findings = [
      ...lintConfig(config),
      ...lintConfig({ ...config, destination: 'facebook-custom-audiences' }),
      ...toPublicApi(config, { mode: 'create' }).findings,
    ];

    assert.ok(findings.length > 0, 'the long key is reported');
    for (const f of findings) {
      assert.ok(f.message.length < 600, `${f.code} message is short (${f.message.length})`);
    }
  });
});
