import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  createBatchReader,
  detectFormat,
  LineSplitter,
  profilesFromJson,
  type BatchFormat,
  type BatchReaderOptions,
  type ReadOutput,
} from '../../src/core/batch/index.js';

const encoder = new TextEncoder();

/** Feeds `bytes` to a fresh reader in chunks of the given sizes (cycled) and collects the output. */
function readInChunks(
  format: BatchFormat,
  input: string | Uint8Array,
  sizes: number[],
  options: BatchReaderOptions = {},
): ReadOutput {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const reader = createBatchReader(format, options);
  const out: ReadOutput = { profiles: [], bad: [] };
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length];
    const part = reader.push(bytes.subarray(at, at + size));
    out.profiles.push(...part.profiles);
    out.bad.push(...part.bad);
    at += size;
  }
  const last = reader.end();
  out.profiles.push(...last.profiles);
  out.bad.push(...last.bad);
  return out;
}

function splitAll(input: Uint8Array, sizes: number[]): string[] {
  const splitter = new LineSplitter();
  const lines: string[] = [];
  let at = 0;
  for (let i = 0; at < input.length; i++) {
    const size = sizes[i % sizes.length];
    lines.push(...splitter.push(input.subarray(at, at + size)).map((l) => l.text));
    at += size;
  }
  lines.push(...splitter.end().map((l) => l.text));
  return lines;
}

describe('LineSplitter', () => {
  describe('when a chunk ends inside a multi-byte character', () => {
    it('decodes the character once both halves arrived', () => {
      const input = encoder.encode('café 😀\nnaïve\n');

      const lines = splitAll(input, [1]);

      assert.deepEqual(lines, ['café 😀', 'naïve']);
    });
  });

  describe('when lines end with CRLF and a chunk ends between CR and LF', () => {
    it('strips the CR from every line', () => {
      const input = encoder.encode('one\r\ntwo\r\nthree');

      const lines = splitAll(input, [4, 1, 3]);

      assert.deepEqual(lines, ['one', 'two', 'three']);
    });
  });

  describe('when the input starts with a byte order mark split over chunks', () => {
    it('drops the mark', () => {
      const input = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('a\nb\n')]);

      const lines = splitAll(input, [1, 2]);

      assert.deepEqual(lines, ['a', 'b']);
    });
  });

  describe('when a line is longer than the limit', () => {
    it('reports it as too long with its number and keeps reading the next lines', () => {
      const splitter = new LineSplitter({ maxLineLength: 10 });

      const lines = [
        ...splitter.push('short\n' + 'x'.repeat(8)),
        ...splitter.push('x'.repeat(8) + '\nafter\n'),
        ...splitter.end(),
      ];

      assert.deepEqual(
        lines.map((l) => [l.number, l.text, l.tooLong ?? false]),
        [
          [1, 'short', false],
          [2, '', true],
          [3, 'after', false],
        ],
      );
    });
  });
});

const item = (type: string, id: string, created: string): object => ({
  type,
  id,
  created_at: created,
});

describe('JSONL reader', () => {
  describe('when every line is a profile', () => {
    it('reads the same profiles whatever the chunk sizes', () => {
      const text =
        [
          JSON.stringify([item('user_id', 'u1', '2024-01-01T00:00:00Z')]),
          JSON.stringify([item('email', 'é@x.com', '2024-01-02T00:00:00Z')]),
          JSON.stringify({ data: [item('user_id', 'u3', '2024-01-03T00:00:00Z')], cursor: {} }),
        ].join('\r\n') + '\r\n';

      const whole = readInChunks('jsonl', text, [1 << 20]);
      const bytewise = readInChunks('jsonl', text, [1]);

      assert.equal(whole.profiles.length, 3);
      assert.deepEqual(bytewise, whole);
      assert.deepEqual(
        whole.profiles.map((p) => [p.key, p.line]),
        [
          ['user_id:u1', 1],
          ['email:é@x.com', 2],
          ['user_id:u3', 3],
        ],
      );
    });
  });

  describe('when some lines are bad', () => {
    it('lists each with its line number and reads the rest', () => {
      const text = [
        JSON.stringify([item('user_id', 'u1', '2024-01-01T00:00:00Z')]),
        '{"broken": ',
        '',
        '42',
        JSON.stringify([item('user_id', 'u2', '2024-01-01T00:00:00Z')]),
      ].join('\n');

      const out = readInChunks('jsonl', text, [7]);

      assert.deepEqual(
        out.profiles.map((p) => p.key),
        ['user_id:u1', 'user_id:u2'],
      );
      assert.deepEqual(
        out.bad.map((b) => b.line),
        [2, 4],
      );
      assert.match(out.bad[0].message, /Not valid JSON/);
      assert.ok(out.bad[1].message.length > 0);
    });
  });

  describe('when a large input arrives as many chunks', () => {
    it('reads every profile, with bounded output per chunk', () => {
      const lines: string[] = [];
      for (let i = 0; i < 20_000; i++) {
        lines.push(
          JSON.stringify([
            item('user_id', `u${i}`, '2024-01-01T00:00:00Z'),
            item('email', `p${i}@example.com`, '2024-01-02T00:00:00.123456Z'),
          ]),
        );
      }
      const text = lines.join('\n') + '\n';

      const out = readInChunks('jsonl', text, [4093, 17, 65_536, 1]);

      assert.equal(out.bad.length, 0);
      assert.equal(out.profiles.length, 20_000);
      assert.equal(out.profiles[19_999].key, 'user_id:u19999');
      assert.equal(out.profiles[19_999].identities.length, 2);
    });
  });
});

describe('Profile API page reader', () => {
  describe('when a page says has_more', () => {
    it('merges it with the next page into one profile', () => {
      const text = [
        JSON.stringify({
          data: [item('user_id', 'u1', '2024-01-01T00:00:00Z')],
          cursor: { has_more: true, next: 'c1', url: '' },
        }),
        JSON.stringify({
          data: [item('email', 'a@x.com', '2024-01-02T00:00:00Z')],
          cursor: { has_more: false, next: '', url: '' },
        }),
        JSON.stringify({
          data: [item('user_id', 'u2', '2024-01-01T00:00:00Z')],
          cursor: { has_more: false, next: '', url: '' },
        }),
      ].join('\n');

      const out = readInChunks('profile-api', text, [9]);

      assert.deepEqual(
        out.profiles.map((p) => [p.key, p.line, p.identities.length]),
        [
          ['user_id:u1', 1, 2],
          ['user_id:u2', 3, 1],
        ],
      );
    });
  });

  describe('when a profile has more items across its pages than the cap', () => {
    it('skips all of its pages, not just those before the cap, and reads the next profile', () => {
      const page = (ids: string[], hasMore: boolean): string =>
        JSON.stringify({
          data: ids.map((id) => item('email', id, '2024-01-01T00:00:00Z')),
          cursor: { has_more: hasMore, next: '', url: '' },
        });
      const text = [
        page(['a@x.com', 'b@x.com'], true),
        page(['c@x.com', 'd@x.com'], true),
        page(['e@x.com'], false),
        page(['f@x.com'], false),
      ].join('\n');

      const out = readInChunks('profile-api', text, [50], { maxIdentitiesPerProfile: 3 });

      assert.deepEqual(
        out.profiles.map((p) => [p.line, p.identities.map((i) => i.id)]),
        [[4, ['f@x.com']]],
      );
      assert.deepEqual(
        out.bad.map((b) => [b.line, b.kind]),
        [[1, 'profile-too-large']],
      );
    });
  });

  describe('when a line is not a page', () => {
    it('reports the line', () => {
      const out = readInChunks('profile-api', '[1,2]\n', [100]);

      assert.equal(out.profiles.length, 0);
      assert.deepEqual(
        out.bad.map((b) => b.line),
        [1],
      );
    });
  });
});

const HEADER = 'CANONICAL_SEGMENT_ID,Type,Value,seq,received_at,uuid_ts,timestamp';

describe('user_identifiers CSV reader', () => {
  describe('when the rows of each profile are contiguous', () => {
    it('reads one profile per canonical_segment_id, with quoted commas and newlines', () => {
      const text = [
        HEADER,
        'p1,user_id,u1,1,2024-01-01 00:00:00,2024-01-01 00:00:00,2024-01-01 00:00:00',
        'p1,email,"a,b@x.com",2,2024-01-02 00:00:00,2024-01-02 00:00:00,',
        'p2,user_id,"line',
        'break",1,2024-01-01 00:00:00,2024-01-01 00:00:00,2024-01-01 00:00:00',
      ].join('\r\n');

      const out = readInChunks('user-identifiers', text, [5, 3]);

      assert.deepEqual(out.bad, []);
      assert.deepEqual(
        out.profiles.map((p) => [p.key, p.line, p.identities.map((i) => i.id)]),
        [
          ['p1', 2, ['u1', 'a,b@x.com']],
          ['p2', 4, ['line\nbreak']],
        ],
      );
    });
  });

  describe('when a profile appears again after its rows ended', () => {
    it('reports the late rows as bad lines and does not simulate them', () => {
      const text = [
        HEADER,
        'p1,user_id,u1,1,2024-01-01 00:00:00,,2024-01-01 00:00:00',
        'p2,user_id,u2,1,2024-01-01 00:00:00,,2024-01-01 00:00:00',
        'p1,email,a@x.com,2,2024-01-02 00:00:00,,2024-01-02 00:00:00',
      ].join('\n');

      const out = readInChunks('user-identifiers', text, [100]);

      assert.deepEqual(
        out.profiles.map((p) => p.key),
        ['p1', 'p2'],
      );
      assert.equal(out.bad.length, 1);
      assert.equal(out.bad[0].line, 4);
      assert.match(out.bad[0].message, /appears again/);
    });
  });

  describe('when the export is declared sorted and a row is out of order', () => {
    it('detects it without remembering profiles', () => {
      const text = [
        HEADER,
        'p2,user_id,u2,1,2024-01-01 00:00:00,,2024-01-01 00:00:00',
        'p1,user_id,u1,1,2024-01-01 00:00:00,,2024-01-01 00:00:00',
      ].join('\n');

      const out = readInChunks('user-identifiers', text, [100], {
        grouping: 'sorted',
        recentProfiles: 0,
      });

      assert.deepEqual(
        out.profiles.map((p) => p.key),
        ['p2'],
      );
      assert.deepEqual(
        out.bad.map((b) => b.line),
        [3],
      );
    });
  });

  describe('when rows are malformed', () => {
    it('lists a wrong field count, a stray quote and an empty id, and reads the good rows', () => {
      const text = [
        HEADER,
        'p1,user_id,u1,1,2024-01-01 00:00:00,,2024-01-01 00:00:00',
        'p1,email,a@x.com',
        'p1,email,a"b,1,2024-01-01 00:00:00,,2024-01-01 00:00:00',
        ',email,c@x.com,1,2024-01-01 00:00:00,,2024-01-01 00:00:00',
      ].join('\n');

      const out = readInChunks('user-identifiers', text, [11]);

      assert.deepEqual(
        out.profiles.map((p) => [p.key, p.identities.length]),
        [['p1', 1]],
      );
      assert.deepEqual(
        out.bad.map((b) => b.line),
        [3, 4, 5],
      );
    });
  });

  describe('when a quoted field is never closed', () => {
    it('names the line the quote opened on and measures the input left unread', () => {
      const rows = [
        HEADER,
        'p1,user_id,u1,1,2024-01-01 00:00:00,,2024-01-01 00:00:00',
        'p2,email,"b@x.com,1,2024-01-01 00:00:00,,2024-01-01 00:00:00',
        'p3,user_id,u3,1,2024-01-01 00:00:00,,2024-01-01 00:00:00',
        'p4,user_id,ü4,1,2024-01-01 00:00:00,,2024-01-01 00:00:00',
      ];
      const text = rows.join('\r\n') + '\r\n';
      const unreadBytes = encoder.encode(rows.slice(2).join('\r\n') + '\r\n').length;

      const out = readInChunks('user-identifiers', text, [7, 2]);

      assert.deepEqual(
        out.profiles.map((p) => p.key),
        ['p1'],
      );
      assert.equal(out.bad.length, 1);
      assert.equal(out.bad[0].line, 3);
      assert.match(out.bad[0].message, /opens on line 3 and is not closed/);
      assert.match(out.bad[0].message, /lines 3–5 \(3 lines, \d+ bytes\) not read/);
      assert.deepEqual(out.bad[0].unread, { lines: 3, bytes: unreadBytes, lastLine: 5 });
    });
  });

  describe('when a quoted field closes only after the row outgrew the line limit', () => {
    it('skips the swallowed lines as one bad record and reads the rows after it', () => {
      const row = (id: string): string =>
        `${id},user_id,u-${id},1,2024-01-01 00:00:00,,2024-01-01 00:00:00`;
      const text = [
        HEADER,
        row('p1'),
        'p2,email,"b@x.com,1,2024-01-01 00:00:00,,2024-01-01 00:00:00',
        ...Array.from({ length: 20 }, (_, i) => row(`q${i}`)),
        'end",1,2024-01-01 00:00:00,,2024-01-01 00:00:00',
        row('p3'),
      ].join('\n');

      const out = readInChunks('user-identifiers', text, [64], { maxLineLength: 200 });

      assert.deepEqual(
        out.profiles.map((p) => p.key),
        ['p1', 'p3'],
      );
      assert.equal(out.bad.length, 1);
      assert.equal(out.bad[0].line, 3);
      assert.match(out.bad[0].message, /longer than the line limit: lines 3–24 \(22 lines/);
      assert.equal(out.bad[0].unread?.lines, 22);
    });
  });

  describe('when the header lacks required columns', () => {
    it('says which, on line 1', () => {
      const out = readInChunks('user-identifiers', 'id,kind\n1,2\n', [100]);

      assert.equal(out.profiles.length, 0);
      assert.equal(out.bad[0].line, 1);
      assert.match(out.bad[0].message, /canonical_segment_id, type, value/);
    });
  });
});

describe('detectFormat', () => {
  it('tells JSONL, Profile API pages and CSV apart by the first line', () => {
    assert.equal(detectFormat('[{"type":"user_id"}]'), 'jsonl');
    assert.equal(detectFormat('{"data":[],"cursor":{}}'), 'profile-api');
    assert.equal(detectFormat('\uFEFFcanonical_segment_id,type,value'), 'user-identifiers');
  });
});

describe('profilesFromJson', () => {
  it('reads an array of profiles as many and a plain identity list as one', () => {
    const one = [item('user_id', 'u1', '2024-01-01T00:00:00Z')];

    assert.equal(profilesFromJson(one).profiles.length, 1);
    assert.equal(profilesFromJson([one, one, { data: one, cursor: {} }]).profiles.length, 3);
  });
});

describe('findings about a record', () => {
  const bad = { type: 'email', id: 'b@x.com', created_at: 'yesterday' };
  const good = item('user_id', 'u1', '2024-01-01T00:00:00Z');
  const page = (data: unknown[], hasMore: boolean): string =>
    JSON.stringify({ data, cursor: { has_more: hasMore, next: '', url: '' } });

  describe('when the record is a CSV row', () => {
    it("name the row's line in the file", () => {
      const text = [
        HEADER,
        'p1,user_id,u1,1,2024-01-01 00:00:00,,2024-01-01 00:00:00',
        'p1,email,b@x.com,2,2024-01-01 00:00:00,,yesterday',
      ].join('\n');

      const [profile] = readInChunks('user-identifiers', text, [100]).profiles;

      const finding = profile.findings.find((f) => f.code === 'identity-bad-time');
      assert.match(finding?.message ?? '', /^Line 3: timestamp "yesterday"/);
      assert.deepEqual(finding?.path, ['line', 3, 'timestamp']);
    });
  });

  describe('when the record is an item of a JSONL line', () => {
    it('name the line and the 1-based item', () => {
      const text = `${JSON.stringify([good])}\n${JSON.stringify([good, bad])}\n`;

      const out = readInChunks('jsonl', text, [100]);

      const finding = out.profiles[1].findings.find((f) => f.code === 'identity-bad-time');
      assert.match(finding?.message ?? '', /^Line 2, item 2: created_at "yesterday"/);
      assert.deepEqual(finding?.path, ['line', 2, 1, 'created_at']);
    });
  });

  describe('when the record is on a later page of a Profile API profile', () => {
    it("name that page's line and the item's place in its data", () => {
      const text = [page([good], true), page([good, bad], false)].join('\n');

      const [profile] = readInChunks('profile-api', text, [100]).profiles;

      const finding = profile.findings.find((f) => f.code === 'identity-bad-time');
      assert.match(finding?.message ?? '', /^Line 2, data item 2: created_at "yesterday"/);
      assert.deepEqual(finding?.path, ['line', 2, 'data', 1, 'created_at']);
    });
  });

  describe('when the record is in a whole JSON document of several profiles', () => {
    it('name the 1-based profile and item', () => {
      const { profiles } = profilesFromJson([[good], [good, bad]]);

      const finding = profiles[1].findings.find((f) => f.code === 'identity-bad-time');
      assert.match(finding?.message ?? '', /^Profile 2, item 2: created_at "yesterday"/);
      assert.deepEqual(finding?.path, [1, 1, 'created_at']);
    });
  });
});
