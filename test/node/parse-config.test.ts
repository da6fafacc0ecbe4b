import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { destinations } from '../../src/core/catalog.js';
import { lintConfig } from '../../src/core/lint.js';
import { createConfig, parseConfig, serializeConfig } from '../../src/core/parse-config.js';
import type { Finding } from '../../src/core/types.js';

const settings = {
  sendIdentify: false,
  sendTrack: true,
  sendMobileIds: false,
  includeAnonymousUsers: false,
};

function doc(rows: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 1,
    destination: 'braze',
    setup: 'customized',
    idSyncConfiguration: rows,
    connectionSettings: settings,
    ...extra,
  };
}

function codes(findings: Finding[]): string[] {
  return findings.map((f) => f.code);
}

function only(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}

describe('parseConfig', () => {
  describe('when the document is well formed', () => {
    it('returns the config with no findings', () => {
      const input = doc([{ externalId: 'email', strategy: 'last', mapTo: 'email' }]);

      const result = parseConfig(input);

      assert.equal(result.ok, true);
      assert.deepEqual(result.ok && result.config, input);
      assert.deepEqual(result.findings, []);
    });

    it('reads the same document from JSON text', () => {
      const input = doc([{ externalId: 'user_id', strategy: 'first', mapTo: 'user_id' }]);

      const result = parseConfig(JSON.stringify(input));

      assert.equal(result.ok, true);
      assert.deepEqual(result.ok && result.config, input);
    });
  });

  describe('when a row breaks a counting rule (X7: a fourth All)', () => {
    const input = doc([
      { externalId: 'user_id', strategy: 'all', mapTo: 'user_id' },
      { externalId: 'email', strategy: 'all', mapTo: 'email' },
      { externalId: 'anonymous_id', strategy: 'all', mapTo: 'anonymous_id' },
      { externalId: 'phone', strategy: 'all', mapTo: 'phone' },
    ]);

    it('still loads, because counts are lint findings', () => {
      const result = parseConfig(input);

      assert.equal(result.ok, true);
      assert.deepEqual(result.findings, []);
    });

    it('lint reports the fourth All at its strategy', () => {
      const result = parseConfig(input);
      assert.ok(result.ok);

      const errors = lintConfig(result.config).filter((f) => f.severity === 'error');

      assert.deepEqual(codes(errors), ['too-many-all']);
      assert.deepEqual(errors[0].path, ['idSyncConfiguration', 3, 'strategy']);
      assert.match(errors[0].message, /at most three identifiers on All/);
      assert.match(errors[0].message, /Identifier 4 \(phone\)/);
    });
  });

  describe('when there are six rows (X8)', () => {
    it('loads, and lint rejects the sixth row naming the five-row cap', () => {
      const ids = ['user_id', 'email', 'anonymous_id', 'phone', 'ios.id', 'android.id'];
      const input = doc(ids.map((id) => ({ externalId: id, strategy: 'last', mapTo: id })));

      const result = parseConfig(input);
      assert.ok(result.ok);
      const tooMany = only(lintConfig(result.config), 'too-many-rows');

      assert.equal(tooMany.length, 1);
      assert.equal(tooMany[0].severity, 'error');
      assert.deepEqual(tooMany[0].path, ['idSyncConfiguration', 5]);
      assert.match(tooMany[0].message, /at most five identifiers/);
    });
  });

  describe('X25', () => {
    it('a Segment identifier in two rows is a lint error at the second row', () => {
      const input = doc([
        { externalId: 'email', strategy: 'last', mapTo: 'email' },
        { externalId: 'email', strategy: 'all', mapTo: 'email_2' },
      ]);

      const result = parseConfig(input);
      assert.ok(result.ok);
      const errors = lintConfig(result.config).filter((f) => f.severity === 'error');

      assert.deepEqual(codes(errors), ['duplicate-identifier']);
      assert.deepEqual(errors[0].path, ['idSyncConfiguration', 1, 'externalId']);
      assert.match(errors[0].message, /one row only/);
    });

    it("fills a missing mapTo with the destination's default key and warns", () => {
      const input = {
        ...doc([{ externalId: 'email', strategy: 'last' }]),
        destination: 'facebook-custom-audiences',
      };

      const result = parseConfig(input);

      assert.ok(result.ok);
      assert.equal(result.config.idSyncConfiguration[0].mapTo, 'EMAIL');
      assert.deepEqual(codes(result.findings), ['mapto-filled']);
      assert.equal(result.findings[0].severity, 'warning');
      assert.deepEqual(result.findings[0].path, ['idSyncConfiguration', 0, 'mapTo']);
    });

    it('fills a null mapTo with the identifier itself when the destination has no key for it', () => {
      const input = doc([{ externalId: 'loyalty_id', strategy: 'last', mapTo: null }]);

      const result = parseConfig(input);

      assert.ok(result.ok);
      assert.equal(result.config.idSyncConfiguration[0].mapTo, 'loyalty_id');
      assert.match(result.findings[0].message, /the identifier itself/);
    });

    for (const label of ['Last added', 'Last Added', 'First added', 'All', 'LAST', 'newest', 3]) {
      it(`rejects the strategy ${JSON.stringify(label)} naming first, last and all`, () => {
        const input = doc([{ externalId: 'email', strategy: label, mapTo: 'email' }]);

        const result = parseConfig(input);

        assert.equal(result.ok, false);
        assert.deepEqual(codes(result.findings), ['strategy-invalid']);
        assert.deepEqual(result.findings[0].path, ['idSyncConfiguration', 0, 'strategy']);
        assert.match(result.findings[0].message, /"first", "last" or "all"/);
      });
    }

    it('says which value a screen label stands for', () => {
      const result = parseConfig(
        doc([{ externalId: 'email', strategy: 'Last added', mapTo: 'e' }]),
      );

      assert.match(result.findings[0].message, /here that is "last"/);
    });
  });

  describe('when keys are unknown', () => {
    const cases: Array<{ name: string; input: unknown; path: (string | number)[] }> = [
      { name: 'at the top', input: doc([], { colour: 'red' }), path: ['colour'] },
      {
        name: 'in a row',
        input: doc([{ externalId: 'email', strategy: 'last', mapTo: 'email', hashed: true }]),
        path: ['idSyncConfiguration', 0, 'hashed'],
      },
      {
        name: 'in connectionSettings',
        input: doc([], { connectionSettings: { ...settings, sendGroup: true } }),
        path: ['connectionSettings', 'sendGroup'],
      },
    ];

    for (const { name, input, path } of cases) {
      it(`names the key ${name}`, () => {
        const result = parseConfig(input);

        assert.equal(result.ok, false);
        assert.deepEqual(codes(result.findings), ['unknown-key']);
        assert.deepEqual(result.findings[0].path, path);
        assert.ok(result.findings[0].message.includes(`"${path[path.length - 1]}"`));
      });
    }

    it('suggests the accepted key a misspelt one stands for', () => {
      const result = parseConfig(
        doc([{ externalId: 'email', strategy: 'last', map_to: 'email', mapTo: 'email' }]),
      );

      assert.match(result.findings[0].message, /rename it to "mapTo"/);
    });
  });

  describe('when the shape is wrong', () => {
    const cases: Array<{ name: string; input: unknown; code: string; path: (string | number)[] }> =
      [
        { name: 'a list', input: [], code: 'not-an-object', path: [] },
        { name: 'null', input: null, code: 'not-an-object', path: [] },
        {
          name: 'version 2',
          input: doc([], { version: 2 }),
          code: 'version-unsupported',
          path: ['version'],
        },
        {
          name: 'a setup label',
          input: doc([], { setup: 'Customized' }),
          code: 'setup-invalid',
          path: ['setup'],
        },
        {
          name: 'a row that is not an object',
          input: doc(['email']),
          code: 'wrong-type',
          path: ['idSyncConfiguration', 0],
        },
        {
          name: 'a toggle as text',
          input: doc([], { connectionSettings: { ...settings, sendTrack: 'yes' } }),
          code: 'wrong-type',
          path: ['connectionSettings', 'sendTrack'],
        },
        {
          name: 'a missing setup',
          input: {
            version: 1,
            destination: 'braze',
            idSyncConfiguration: [],
            connectionSettings: settings,
          },
          code: 'missing-key',
          path: ['setup'],
        },
        {
          name: 'a missing externalId',
          input: doc([{ strategy: 'last', mapTo: 'email' }]),
          code: 'missing-key',
          path: ['idSyncConfiguration', 0, 'externalId'],
        },
        {
          name: 'a number as a destination setting',
          input: doc([], { destinationSettings: { matcher: 1 } }),
          code: 'wrong-type',
          path: ['destinationSettings', 'matcher'],
        },
      ];

    for (const { name, input, code, path } of cases) {
      it(`reports ${name} as ${code} at ${JSON.stringify(path)}`, () => {
        const result = parseConfig(input);

        assert.equal(result.ok, false);
        assert.deepEqual(codes(result.findings), [code]);
        assert.deepEqual(result.findings[0].path, path);
        assert.equal(result.findings[0].severity, 'error');
      });
    }
  });

  describe('when the text is not JSON', () => {
    const cases = [
      { text: '{"version": 1,\n  "setup" "default"}', line: 2, column: 11 },
      { text: '{\n  "version": 1,\n}', line: 3, column: 1 },
      { text: '{"version": 1', line: 1, column: 14 },
      { text: "{'version': 1}", line: 1, column: 2 },
      { text: '{"a": 1} x', line: 1, column: 10 },
      { text: '{"a": "line\nbreak"}', line: 1, column: 12 },
    ];

    for (const { text, line, column } of cases) {
      it(`locates the error in ${JSON.stringify(text)} at line ${line}, column ${column}`, () => {
        const result = parseConfig(text);

        assert.equal(result.ok, false);
        assert.deepEqual(codes(result.findings), ['json-malformed']);
        assert.ok(
          result.findings[0].message.includes(`line ${line}, column ${column}`),
          result.findings[0].message,
        );
      });
    }

    it('reports empty text as empty', () => {
      assert.deepEqual(codes(parseConfig('  \n').findings), ['json-empty']);
    });
  });

  describe('when the text names a key twice in one object', () => {
    it('refuses the document and names the key and both lines', () => {
      const text = '{"destination": "braze",\n "destination": "snap-audiences"}';

      const result = parseConfig(text);

      assert.equal(result.ok, false);
      const [duplicate] = result.findings.filter((f) => f.code === 'json-duplicate-key');
      assert.equal(duplicate.severity, 'error');
      assert.deepEqual(duplicate.path, ['destination']);
      assert.match(
        duplicate.message,
        /"destination" appears twice in the document: at line 1 and again at line 2/,
      );
    });

    it('points into a row when the repeat is inside it', () => {
      const text = JSON.stringify(createConfig('braze'))
        .replace(
          '"idSyncConfiguration":[]',
          '"setup":"customized","idSyncConfiguration":[\n{"externalId":"email","strategy":"last","mapTo":"email",\n"mapTo":"e"}]',
        )
        .replace('"setup":"default",', '');

      const result = parseConfig(text);

      assert.equal(result.ok, false);
      assert.deepEqual(
        result.findings.filter((f) => f.code === 'json-duplicate-key').map((f) => f.path),
        [['idSyncConfiguration', 0, 'mapTo']],
      );
    });

    it('treats an escaped spelling of the same key as the same key', () => {
      const result = parseConfig('{"version": 1, "\\u0076ersion": 1}');

      assert.ok(codes(result.findings).includes('json-duplicate-key'));
    });

    it('accepts the same key in two different objects', () => {
      const text = JSON.stringify(
        createConfig('braze', {
          setup: 'customized',
          idSyncConfiguration: [
            { externalId: 'email', strategy: 'last', mapTo: 'email' },
            { externalId: 'user_id', strategy: 'last', mapTo: 'user_id' },
          ],
        }),
      );

      assert.equal(codes(parseConfig(text).findings).includes('json-duplicate-key'), false);
    });

    it('stays linear on a large text', () => {
      const rows = Array.from({ length: 20000 }, (_, i) => `"k${i}": ${i}`).join(',');
      const started = performance.now();

      const result = parseConfig(`{"version": 1, "x": {${rows}, "k0": 1}}`);

      assert.deepEqual(
        result.findings.filter((f) => f.code === 'json-duplicate-key').map((f) => f.path),
        [['x', 'k0']],
      );
      assert.ok(performance.now() - started < 2000, 'a 20,000-key object is scanned quickly');
    });
  });

  describe('when given a Public API connection object', () => {
    it('reads its rows, filling mapTo, and says the toggles were not read', () => {
      const input = {
        idSyncConfiguration: [
          { externalId: 'email', strategy: 'last', mapTo: 'EMAIL' },
          { externalId: 'ios.idfa', strategy: 'all' },
        ],
        connectionSettings: { customAudienceName: 'VIP' },
      };

      const result = parseConfig(input, { destination: 'facebook-custom-audiences' });

      assert.ok(result.ok);
      assert.deepEqual(result.config, {
        version: 1,
        destination: 'facebook-custom-audiences',
        setup: 'customized',
        idSyncConfiguration: [
          { externalId: 'email', strategy: 'last', mapTo: 'EMAIL' },
          { externalId: 'ios.idfa', strategy: 'all', mapTo: 'MADID' },
        ],
        connectionSettings: {
          sendIdentify: false,
          sendTrack: false,
          sendMobileIds: false,
          includeAnonymousUsers: false,
        },
      });
      assert.deepEqual(codes(result.findings), [
        'mapto-filled',
        'api-connection-settings-not-mapped',
      ]);
      assert.deepEqual(result.findings[1].path, ['connectionSettings']);
    });

    it('reads a connection without idSyncConfiguration as Default Setup', () => {
      const result = parseConfig(
        { destination: { id: 'dst_1', type: 'FACEBOOK' } },
        { destination: 'braze' },
      );

      assert.ok(result.ok);
      assert.equal(result.config.setup, 'default');
      assert.deepEqual(result.config.idSyncConfiguration, []);
      assert.equal(result.config.connectionSettings.sendTrack, true);
    });

    it('is an error without the destination option', () => {
      const result = parseConfig({ idSyncConfiguration: [] });

      assert.equal(result.ok, false);
      assert.deepEqual(only(result.findings, 'api-destination-missing')[0].path, ['destination']);
    });

    it('names a key the API object does not have', () => {
      const result = parseConfig({ idSyncConfig: [] }, { destination: 'braze' });

      assert.equal(result.ok, false);
      assert.deepEqual(only(result.findings, 'unknown-key')[0].path, ['idSyncConfig']);
    });

    it('checks its rows like a document', () => {
      const result = parseConfig(
        { idSyncConfiguration: [{ externalId: 'email', strategy: 'Last Added' }] },
        { destination: 'braze' },
      );

      assert.equal(result.ok, false);
      assert.deepEqual(only(result.findings, 'strategy-invalid')[0].path, [
        'idSyncConfiguration',
        0,
        'strategy',
      ]);
    });
  });

  describe('when the host opens a document for another destination', () => {
    it('keeps the document and warns', () => {
      const result = parseConfig(doc([]), { destination: 'snap-audiences' });

      assert.ok(result.ok);
      assert.equal(result.config.destination, 'braze');
      assert.deepEqual(codes(result.findings), ['destination-mismatch']);
    });
  });
});

describe('createConfig', () => {
  it('starts a list destination in Default Setup with its declared settings', () => {
    assert.deepEqual(createConfig('google-ads-remarketing-lists'), {
      version: 1,
      destination: 'google-ads-remarketing-lists',
      setup: 'default',
      idSyncConfiguration: [],
      connectionSettings: {
        sendIdentify: false,
        sendTrack: false,
        sendMobileIds: false,
        includeAnonymousUsers: false,
      },
      destinationSettings: { matcher: 'email' },
    });
  });

  it('turns Send Track on for event destinations and takes overrides', () => {
    const config = createConfig('braze', { connectionSettings: { includeAnonymousUsers: true } });

    assert.equal(config.connectionSettings.sendTrack, true);
    assert.equal(config.connectionSettings.includeAnonymousUsers, true);
    assert.equal('destinationSettings' in config, false);
  });

  for (const destination of destinations) {
    it(`gives ${destination.id} a document that parses and lints without errors`, () => {
      const result = parseConfig(createConfig(destination.id));

      assert.ok(result.ok);
      assert.deepEqual(
        lintConfig(result.config).filter((f) => f.severity === 'error'),
        [],
      );
    });
  }
});

describe('serializeConfig', () => {
  it('writes keys in the interface order with two-space indent and a trailing newline', () => {
    const shuffled = {
      connectionSettings: {
        includeAnonymousUsers: false,
        sendMobileIds: true,
        sendTrack: true,
        sendIdentify: false,
      },
      idSyncConfiguration: [
        { mapTo: 'ios_idfa', strategy: 'first' as const, externalId: 'ios.idfa' },
      ],
      setup: 'customized' as const,
      destination: 'snap-audiences',
      version: 1 as const,
    };

    const text = serializeConfig(shuffled);

    assert.equal(
      text,
      [
        '{',
        '  "version": 1,',
        '  "destination": "snap-audiences",',
        '  "setup": "customized",',
        '  "idSyncConfiguration": [',
        '    {',
        '      "externalId": "ios.idfa",',
        '      "strategy": "first",',
        '      "mapTo": "ios_idfa"',
        '    }',
        '  ],',
        '  "connectionSettings": {',
        '    "sendIdentify": false,',
        '    "sendTrack": true,',
        '    "sendMobileIds": true,',
        '    "includeAnonymousUsers": false',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('round-trips a saved file byte for byte after one parse and save', () => {
    const saved = serializeConfig(
      createConfig('google-customer-match', {
        setup: 'customized',
        idSyncConfiguration: [
          { externalId: 'email', strategy: 'all', mapTo: 'email' },
          { externalId: 'phone', strategy: 'last', mapTo: 'phone' },
        ],
      }),
    );

    const result = parseConfig(saved);
    assert.ok(result.ok);

    assert.equal(serializeConfig(result.config), saved);
  });

  it('saves a document read from outside in the saved form', () => {
    const outside =
      '{"setup":"customized","version":1,"destination":"braze",' +
      '"connectionSettings":{"sendTrack":true,"sendIdentify":true,"sendMobileIds":false,' +
      '"includeAnonymousUsers":false},"idSyncConfiguration":[{"strategy":"last","externalId":"email"}]}';

    const first = parseConfig(outside);
    assert.ok(first.ok);
    const saved = serializeConfig(first.config);
    const second = parseConfig(saved);
    assert.ok(second.ok);

    assert.equal(serializeConfig(second.config), saved);
    assert.deepEqual(second.findings, []);
    assert.ok(saved.indexOf('"version"') < saved.indexOf('"destination"'));
  });
});
