/** parseIdentities: every input shape it accepts and every kind of bad input. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareTimestamps,
  identityFromRecord,
  parseIdentities,
} from '../../src/core/identities.js';

const codes = (findings: { code: string }[]): string[] => findings.map((f) => f.code);

describe('parseIdentities', () => {
  describe('when given a Profile API /external_ids response', () => {
    it('reads every item, keeps created_at as given and ignores the extra fields', () => {
      const response = {
        data: [
          {
            id: 'u1',
            type: 'user_id',
            collection: 'users',
            encoding: 'none',
            source_id: 'srcWeb01',
            created_at: '2024-01-01T00:00:00.123456Z',
            first_message_id: 'm-001',
          },
          { id: 'a@x.com', type: 'email', created_at: '2024-01-02T00:00:00Z' },
        ],
        cursor: { url: '/v1/x', has_more: false, next: '' },
      };

      const result = parseIdentities(response);

      assert.deepEqual(result, {
        identities: [
          { type: 'user_id', id: 'u1', createdAt: '2024-01-01T00:00:00.123456Z' },
          { type: 'email', id: 'a@x.com', createdAt: '2024-01-02T00:00:00Z' },
        ],
        findings: [],
      });
    });

    it('reads the same response from JSON text', () => {
      const text = '  {"data":[{"id":"u1","type":"user_id","created_at":"2024-01-01T00:00:00Z"}]}';

      const result = parseIdentities(text);

      assert.deepEqual(result.identities, [
        { type: 'user_id', id: 'u1', createdAt: '2024-01-01T00:00:00Z' },
      ]);
    });

    it('points a bad item at its place in data', () => {
      const result = parseIdentities({
        data: [
          { id: 'u1', type: 'user_id', created_at: '2024-01-01T00:00:00Z' },
          { id: 'a@x.com', created_at: '2024-01-02T00:00:00Z' },
          { id: 'b@x.com', type: 'Email', created_at: '2024-01-02T00:00:00Z' },
          { id: 'c@x.com', type: 'email', created_at: 'yesterday' },
        ],
      });

      assert.equal(result.identities.length, 1);
      assert.deepEqual(
        result.findings.map((f) => [f.severity, f.code, f.path]),
        [
          ['error', 'identity-missing-field', ['data', 1, 'type']],
          ['error', 'identity-type-case', ['data', 2, 'type']],
          ['error', 'identity-bad-time', ['data', 3, 'created_at']],
        ],
      );
      assert.match(result.findings[1].message, /use "email"/);
    });

    it('says so when data is not an array', () => {
      const result = parseIdentities({ data: 'nope' });

      assert.deepEqual(result.identities, []);
      assert.deepEqual(result.findings[0].path, ['data']);
      assert.equal(result.findings[0].severity, 'error');
    });
  });

  describe('when JSON text names a key twice in one object', () => {
    it('warns with the key and both lines, and reads the last value', () => {
      const text =
        '[{"type": "email", "id": "a@x.com",\n  "id": "b@x.com", "created_at": "2024-01-01T00:00:00Z"}]';

      const result = parseIdentities(text);

      assert.deepEqual(result.identities, [
        { type: 'email', id: 'b@x.com', createdAt: '2024-01-01T00:00:00Z' },
      ]);
      const [warning] = result.findings.filter((f) => f.code === 'identity-duplicate-key');
      assert.equal(warning.severity, 'warning');
      assert.deepEqual(warning.path, [0, 'id']);
      assert.match(warning.message, /"id" appears twice .* line 1 and line 2/);
    });
  });

  describe('when given a plain array', () => {
    it('accepts created_at or createdAt', () => {
      const result = parseIdentities([
        { type: 'user_id', id: 'u1', created_at: '2024-01-01T00:00:00Z' },
        { type: 'email', id: 'a@x.com', createdAt: '2024-01-02T00:00:00+02:00' },
      ]);

      assert.deepEqual(result.identities, [
        { type: 'user_id', id: 'u1', createdAt: '2024-01-01T00:00:00Z' },
        { type: 'email', id: 'a@x.com', createdAt: '2024-01-02T00:00:00+02:00' },
      ]);
    });

    it('reports wrong shapes, non-text ids, blank, blocked and over-limit values without crashing', () => {
      const result = parseIdentities([
        'u1',
        null,
        { type: 'user_id', id: 42, created_at: '2024-01-01T00:00:00Z' },
        { type: 'email', id: '   ', created_at: '2024-01-01T00:00:00Z' },
        { type: 'anonymous_id', id: 'null', created_at: '2024-01-01T00:00:00Z' },
        { type: 'ios.idfa', id: 'IDFA-1', created_at: '2024-01-01T00:00:00Z' },
        { type: 'user_id', id: 'u1', created_at: '2024-01-01T00:00:00Z' },
        { type: 'user_id', id: 'u2', created_at: '2024-01-02T00:00:00Z' },
      ]);

      assert.deepEqual(
        result.findings.map((f) => [f.code, f.path]),
        [
          ['identity-shape', [0]],
          ['identity-shape', [1]],
          ['identity-field-type', [2, 'id']],
          ['identity-blank', [3, 'id']],
          ['identity-blocked', [4]],
          ['identity-over-limit', [7]],
        ],
      );
      assert.deepEqual(
        result.identities.map((i) => i.id),
        ['null', 'IDFA-1', 'u1', 'u2'],
      );
    });

    it('names line and column when JSON text is unreadable', () => {
      const text = '[\n  {"type": "email", "id": "a@x.com",}\n]';

      assert.throws(() => parseIdentities(text), /line 2, column 37/);
    });

    it('rejects a value of another shape with a finding', () => {
      const result = parseIdentities(42);

      assert.deepEqual(result.identities, []);
      assert.equal(result.findings[0].code, 'identities-shape');
    });

    it('warns when there is nothing at all', () => {
      assert.deepEqual(codes(parseIdentities('  \n').findings), ['identities-empty']);
      assert.deepEqual(codes(parseIdentities([]).findings), ['identities-empty']);
    });
  });

  describe('when given Profiles Sync user_identifiers rows', () => {
    const header = 'Canonical_Segment_Id,TYPE,value,seq,received_at,uuid_ts,timestamp,extra';

    it('reads CSV with any header case, ignoring extra columns, keeping zone-less times', () => {
      const csv = [
        header,
        'cs1,user_id,u1,1,2024-01-01 00:00:01,2024-01-01 00:00:02,2024-01-01 00:00:00,x',
        '',
        'cs1,email,"a,b@x.com",2,2024-01-02 00:00:01,2024-01-02 00:00:02,2024-01-02 00:00:00.5,y',
      ].join('\r\n');

      const result = parseIdentities(csv);

      assert.deepEqual(result, {
        identities: [
          { type: 'user_id', id: 'u1', createdAt: '2024-01-01 00:00:00' },
          { type: 'email', id: 'a,b@x.com', createdAt: '2024-01-02 00:00:00.5' },
        ],
        findings: [],
      });
    });

    it('reads row objects the same way', () => {
      const result = parseIdentities([
        {
          CANONICAL_SEGMENT_ID: 'cs1',
          TYPE: 'email',
          VALUE: 'a@x.com',
          RECEIVED_AT: '2024-01-02 00:00:01',
          TIMESTAMP: '',
        },
      ]);

      assert.deepEqual(result.identities, [
        { type: 'email', id: 'a@x.com', createdAt: '2024-01-02 00:00:01' },
      ]);
      assert.deepEqual(codes(result.findings), ['identity-time-fallback']);
    });

    it('refuses rows of several profiles', () => {
      const csv = [
        header,
        'cs1,user_id,u1,1,2024-01-01 00:00:01,,2024-01-01 00:00:00,',
        'cs2,user_id,u2,1,2024-01-01 00:00:01,,2024-01-01 00:00:00,',
      ].join('\n');

      const result = parseIdentities(csv);

      assert.deepEqual(result.identities, []);
      const error = result.findings.find((f) => f.code === 'identities-several-profiles');
      assert.equal(error?.severity, 'error');
      assert.deepEqual(error?.path, ['line', 3]);
      assert.match(error?.message ?? '', /"cs1", "cs2"/);
    });

    it('reports a line with the wrong number of fields by its line number', () => {
      const csv = [header, 'cs1,user_id,u1', 'cs1,email,a@x.com,2,2024-01-02,,2024-01-02,'].join(
        '\n',
      );

      const result = parseIdentities(csv);

      assert.deepEqual(result.findings[0].path, ['line', 2]);
      assert.equal(result.identities.length, 1);
    });

    it('counts lines inside a quoted multi-line field', () => {
      const csv = [
        header,
        'cs1,email,"a\nb@x.com",2,2024-01-02,,2024-01-02,',
        'cs1,Email,c@x.com,3,2024-01-03,,2024-01-03,',
      ].join('\n');

      const result = parseIdentities(csv);

      // The newline inside the value has its own warning, on line 2; the bad type is on line 4.
      const typeCase = result.findings.find((f) => f.code === 'identity-type-case');
      assert.deepEqual(typeCase?.path, ['line', 4, 'type']);
    });

    it('throws a line-numbered error for an unclosed quote', () => {
      const csv = [header, 'cs1,email,a@x.com,2,2024-01-02,,2024-01-02,', 'cs1,email,"oops'].join(
        '\n',
      );

      assert.throws(() => parseIdentities(csv), /line 3/);
    });

    it('says which columns a header lacks', () => {
      const result = parseIdentities('name,city\nann,paris');

      assert.deepEqual(result.identities, []);
      assert.match(result.findings[0].message, /lacks type, id, created_at/);
      assert.deepEqual(result.findings[0].path, ['line', 1]);
    });

    it('errors when a row has neither timestamp nor received_at', () => {
      const result = identityFromRecord(
        { canonical_segment_id: 'cs1', type: 'email', value: 'a@x.com', timestamp: '' },
        ['line', 9],
      );

      assert.equal(result.identity, undefined);
      assert.deepEqual(result.findings[0].path, ['line', 9, 'timestamp']);
    });
  });
});

describe('parseIdentities with invisible characters in values', () => {
  it('warns about a right-to-left override that makes an email read as another, keeping it', () => {
    const pasted = '\u202Emoc.x@evil\u202C';

    const result = parseIdentities([
      { type: 'email', id: pasted, created_at: '2024-01-01T00:00:00Z' },
    ]);

    assert.deepEqual(result.identities, [
      { type: 'email', id: pasted, createdAt: '2024-01-01T00:00:00Z' },
    ]);
    assert.deepEqual(
      result.findings.map((f) => [f.severity, f.code, f.path]),
      [['warning', 'identity-invisible-character', [0, 'id']]],
    );
    assert.match(result.findings[0].message, /U\+202E at position 1, U\+202C at position 12/);
    assert.ok(!result.findings[0].message.includes('\u202E'), 'the message shows it escaped');
  });

  for (const [name, value, character, position] of [
    ['a NUL', 'u\u00001', 'U+0000', 2],
    ['a C1 control', 'u1\u0085', 'U+0085', 3],
    ['a zero-width space', '\u200Bu1', 'U+200B', 1],
    ['a zero-width no-break space inside', 'u\uFEFF1', 'U+FEFF', 2],
    ['a tab', 'u\t1', 'U+0009', 2],
  ] as const) {
    it(`names ${name} and where it is, one warning per value`, () => {
      const result = parseIdentities([
        { type: 'user_id', id: value, created_at: '2024-01-01T00:00:00Z' },
        { type: 'email', id: 'a@x.com', created_at: '2024-01-01T00:00:00Z' },
      ]);

      assert.equal(result.identities[0].id, value);
      assert.deepEqual(codes(result.findings), ['identity-invisible-character']);
      assert.match(
        result.findings[0].message,
        new RegExp(`${character.replace('+', '\\+')} at position ${position}\\b`),
      );
    });
  }

  it('points a CSV value at its line', () => {
    const text =
      'type,id,created_at\nuser_id,u1,2024-01-01T00:00:00Z\nemail,"a\u200D@x.com",2024-01-02T00:00:00Z\n';

    const result = parseIdentities(text);

    assert.deepEqual(
      result.findings.map((f) => [f.code, f.path]),
      [['identity-invisible-character', ['line', 3, 'id']]],
    );
    assert.match(result.findings[0].message, /^Line 3: /);
  });

  it('is quiet about ordinary non-ASCII values', () => {
    const result = parseIdentities([
      { type: 'email', id: 'zoë@exämple.com', created_at: '2024-01-01T00:00:00Z' },
    ]);

    assert.deepEqual(result.findings, []);
  });
});

describe('identityFromRecord', () => {
  it('returns the identity and the profile of a user_identifiers row', () => {
    const result = identityFromRecord(
      { canonical_segment_id: 'cs1', type: 'email', value: 'a@x.com', timestamp: '2024-01-02' },
      ['line', 2],
    );

    assert.deepEqual(result, {
      identity: { type: 'email', id: 'a@x.com', createdAt: '2024-01-02' },
      findings: [],
      profile: 'cs1',
    });
  });
});

describe('compareTimestamps', () => {
  it('orders at full precision, never rounding to milliseconds', () => {
    assert.ok(
      compareTimestamps('2024-03-01T10:00:00.123456789Z', '2024-03-01T10:00:00.12345678Z') > 0,
    );
    assert.ok(
      compareTimestamps('2024-03-01T10:00:00.1234567Z', '2024-03-01T10:00:00.1234568Z') < 0,
    );
  });

  it('reads a time without a zone as UTC and honours offsets', () => {
    assert.equal(compareTimestamps('2024-01-02 03:04:05', '2024-01-02T03:04:05Z'), 0);
    assert.equal(compareTimestamps('2024-01-02T05:04:05+02:00', '2024-01-02T03:04:05Z'), 0);
    assert.ok(compareTimestamps('2024-01-02T03:04:05-01:00', '2024-01-02T03:04:05Z') > 0);
  });

  it('sorts unreadable text after every time', () => {
    assert.ok(compareTimestamps('soon', '2024-01-01T00:00:00Z') > 0);
  });
});
