/**
 * The built CLI, run as users run it: `node dist/cli/idsync.js …`, exit codes and output.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const CLI = 'dist/cli/idsync.js';

let dir: string;

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a shell pipeline; "$NODE" and "$CLI" name this Node and the built CLI. */
function shell(script: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE: process.execPath, CLI },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

const good = {
  version: 1,
  destination: 'braze',
  setup: 'customized',
  idSyncConfiguration: [
    { externalId: 'user_id', strategy: 'last', mapTo: 'user_id' },
    { externalId: 'email', strategy: 'last', mapTo: 'email' },
  ],
  connectionSettings: {
    sendIdentify: false,
    sendTrack: true,
    sendMobileIds: false,
    includeAnonymousUsers: false,
  },
};

const fourAll = {
  ...good,
  idSyncConfiguration: ['user_id', 'email', 'anonymous_id', 'phone'].map((externalId) => ({
    externalId,
    strategy: 'all',
    mapTo: externalId,
  })),
};

const P = [
  { type: 'user_id', id: 'u1', created_at: '2024-01-01T00:00:00Z' },
  { type: 'email', id: 'a@x.com', created_at: '2024-01-02T00:00:00Z' },
  { type: 'email', id: 'b@x.com', created_at: '2024-02-01T00:00:00Z' },
  { type: 'email', id: 'c@x.com', created_at: '2024-03-01T00:00:00Z' },
];

/** Newest modification time of the files under `dir`, in milliseconds. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

before(() => {
  // The tests run the built file; rebuild it when the sources it bundles are newer, so a change
  // to the CLI or the core is what gets tested.
  const stale =
    !existsSync(CLI) || statSync(CLI).mtimeMs < Math.max(newest('src/cli'), newest('src/core'));
  if (stale) execFileSync('npx', ['vite', 'build', '--mode', 'cli'], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'idsync-cli-'));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('idsync', () => {
  describe('when run without a command or with an unknown one', () => {
    it('prints usage and exits 2', () => {
      const none = run();
      const unknown = run('frobnicate');

      assert.equal(none.code, 2);
      assert.match(none.stdout, /Usage:/);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /Unknown command "frobnicate"/);
    });
  });

  describe('when asked for help on a command', () => {
    it("prints that command's help and exits 0", () => {
      for (const command of ['lint', 'simulate', 'sql', 'export']) {
        const r = run(command, '--help');

        assert.equal(r.code, 0, command);
        assert.match(r.stdout, new RegExp(`^idsync ${command}`), command);
      }
    });
  });
});

describe('idsync lint', () => {
  describe('when the config is valid', () => {
    it('says there are no findings and exits 0', () => {
      const r = run('lint', file('good.json', good));

      assert.equal(r.code, 0);
      assert.match(r.stdout, /no findings/);
    });
  });

  describe('when four rows use All', () => {
    it('prints the error finding and exits 1; --json gives the findings as JSON', () => {
      const path = file('four-all.json', fourAll);

      const text = run('lint', path);
      const json = run('lint', path, '--json');

      assert.equal(text.code, 1);
      assert.match(text.stdout, /error too-many-all at Identifier 4's strategy/);
      assert.equal(json.code, 1);
      const findings = JSON.parse(json.stdout) as Array<{ severity: string; code: string }>;
      assert.ok(findings.some((f) => f.severity === 'error'));
    });
  });

  describe('when the file is not JSON or does not exist', () => {
    it('exits 2 and says what and where', () => {
      const broken = run('lint', file('broken.json', '{\n  "version": 1,\n  oops\n}'));
      const missing = run('lint', join(dir, 'missing.json'));

      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /broken\.json: .*line 3/);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /Cannot read config .*missing\.json/);
    });
  });
});

describe('idsync simulate', () => {
  describe('when given a JSONL file of profiles', () => {
    it('prints Default vs config counts, lists bad lines on stderr and exits 0', () => {
      const profiles = file(
        'p.jsonl',
        [JSON.stringify(P), 'not json', JSON.stringify(P.slice(0, 2))].join('\n') + '\n',
      );

      const r = run('simulate', '--config', file('good.json', good), '--profiles', profiles);

      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /2 profiles read, 1 bad lines/);
      // Default Setup sends one Track per email (3 + 1); the config one per profile (1 + 1).
      assert.match(r.stdout, /events\s+4\s+2/);
      assert.match(r.stderr, /p\.jsonl:2: Not valid JSON/);
    });
  });

  describe('with --json', () => {
    it('prints one JSON line per profile, then the bad lines and the summary', () => {
      const profiles = file('p2.jsonl', JSON.stringify(P) + '\n');

      const r = run(
        'simulate',
        '--config',
        file('good.json', good),
        '--profiles',
        profiles,
        '--json',
      );

      const lines = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(r.code, 0);
      assert.deepEqual(
        lines.map((l) => l.kind),
        ['profile', 'summary'],
      );
      const customized = lines[0].customized as { selection: Record<string, string[]> };
      assert.deepEqual(customized.selection, { user_id: ['u1'], email: ['c@x.com'] });
    });
  });

  describe('with --explain', () => {
    it('prints the rules behind each event with their statements', () => {
      const profiles = file('p3.json', P);

      const r = run(
        'simulate',
        '--config',
        file('good.json', good),
        '--profiles',
        profiles,
        '--explain',
      );

      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Config event 1: \{/);
      assert.match(r.stdout, /\n {4}R13: .+\(/);
    });
  });

  describe('when given a user_identifiers CSV and the exit transition', () => {
    it('reads profile by profile', () => {
      const csv = file(
        'ui.csv',
        'canonical_segment_id,type,value,seq,received_at,uuid_ts,timestamp\r\n' +
          'p1,user_id,u1,1,2024-01-01 00:00:00,,2024-01-01 00:00:00\r\n' +
          'p1,email,a@x.com,2,2024-01-02 00:00:00,,\r\n' +
          'p2,email,b@x.com,1,2024-01-02 00:00:00,,2024-01-02 00:00:00\r\n',
      );

      const r = run(
        'simulate',
        '--config',
        file('good.json', good),
        '--profiles',
        csv,
        '--transition',
        'exited',
      );

      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /2 profiles read, 0 bad lines/);
      assert.match(r.stdout, /audience exited/);
    });
  });

  describe('when a profile has more rows than the per-profile cap', () => {
    const rows = (n: number): string =>
      'canonical_segment_id,type,value,timestamp\n' +
      Array.from({ length: n }, (_, i) => `one,email,e${i}@x.com,2024-01-01 00:00:00\n`).join('');

    it('skips it with a message naming the flag that raises the cap', () => {
      const r = run(
        'simulate',
        '--config',
        file('good.json', good),
        '--profiles',
        file('big.csv', rows(10_001)),
      );

      assert.equal(r.code, 2);
      assert.match(r.stderr, /big\.csv:2: Profile one has more than 10000 rows/);
      assert.match(r.stderr, /Raise the cap with --max-rows-per-profile N/);
      assert.match(r.stderr, /no profile could be read\. Raise the cap/);
    });

    it('reads it once --max-rows-per-profile allows its rows', () => {
      const path = file('big2.csv', rows(10_001));

      const r = run(
        'simulate',
        '--config',
        file('good.json', good),
        '--profiles',
        path,
        '--max-rows-per-profile',
        '20000',
      );

      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /1 profiles read, 0 bad lines/);
    });

    it('applies a lower cap too, and rejects a cap that is not a whole number', () => {
      const path = file('small.csv', rows(3));
      const config = file('good.json', good);

      const low = run(
        'simulate',
        '--config',
        config,
        '--profiles',
        path,
        '--max-rows-per-profile',
        '2',
      );
      const zero = run(
        'simulate',
        '--config',
        config,
        '--profiles',
        path,
        '--max-rows-per-profile',
        '0',
      );
      const text = run(
        'simulate',
        '--config',
        config,
        '--profiles',
        path,
        '--max-rows-per-profile',
        'lots',
      );

      assert.equal(low.code, 2);
      assert.match(low.stderr, /more than 2 rows/);
      assert.equal(zero.code, 2);
      assert.match(zero.stderr, /--max-rows-per-profile must be a whole number/);
      assert.equal(text.code, 2);
      assert.match(text.stderr, /--max-rows-per-profile must be a whole number/);
    });

    it('documents the cap and why it exists in the help', () => {
      const r = run('simulate', '--help');

      assert.match(r.stdout, /--max-rows-per-profile N/);
      assert.match(r.stdout, /default 10000/);
      assert.match(r.stdout, /memory/);
    });
  });

  describe('when a CSV quote is never closed', () => {
    it('names the line it opened on and says how much of the input was not read', () => {
      const rows = [
        'canonical_segment_id,type,value,timestamp',
        'p1,user_id,u1,2024-01-01 00:00:00',
        'p2,email,"b@x.com,2024-01-01 00:00:00',
        'p3,user_id,u3,2024-01-01 00:00:00',
        'p4,user_id,u4,2024-01-01 00:00:00',
        'p5,user_id,u5,2024-01-01 00:00:00',
      ];
      const unreadBytes = rows.slice(2).join('\n').length + 1;
      const path = file('quote.csv', rows.join('\n') + '\n');

      const r = run('simulate', '--config', file('good.json', good), '--profiles', path);

      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /1 profiles read, 1 bad lines/);
      assert.match(
        r.stdout,
        new RegExp(`Not read: 4 lines \\(${unreadBytes} bytes\\) from line 3 on`),
      );
      assert.match(r.stderr, /quote\.csv:3: A quoted field opens on line 3 and is not closed/);
    });
  });

  describe('when the profiles come from a pipe', () => {
    /** A separate process that writes `text` to its standard output in two pieces, as a
     * producer in a pipeline would. */
    const writer = (name: string, text: string): string =>
      `"$NODE" -e 'const t = require("node:fs").readFileSync(process.argv[1], "utf8"); ` +
      `process.stdout.write(t.slice(0, 9)); process.stdout.write(t.slice(9));' ${file(name, text)}`;

    it('reads "-" as standard input', () => {
      const config = file('good.json', good);
      const jsonl = [JSON.stringify(P), JSON.stringify(P.slice(0, 2))].join('\n') + '\n';

      const r = shell(
        `${writer('pipe.jsonl', jsonl)} | "$NODE" "$CLI" simulate --config ${config} --profiles -`,
      );

      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^stdin: 2 profiles read, 0 bad lines/);
      assert.match(r.stdout, /events\s+4\s+2/);
    });

    it('reads a process substitution (a FIFO under /dev/fd) and detects the CSV', () => {
      const config = file('good.json', good);
      const csv =
        'canonical_segment_id,type,value,timestamp\n' +
        'p1,user_id,u1,2024-01-01 00:00:00\n' +
        'p2,user_id,u2,2024-01-01 00:00:00\n';

      const r = shell(
        `"$NODE" "$CLI" simulate --config ${config} --profiles <(${writer('pipe.csv', csv)})`,
      );

      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^\/dev\/fd\/\d+: 2 profiles read, 0 bad lines/);
    });

    it('reads a whole JSON document from standard input with --format json', () => {
      const config = file('good.json', good);

      const r = shell(
        `${writer('pipe.json', JSON.stringify([P, P], null, 2))} | "$NODE" "$CLI" simulate --config ${config} --profiles - --format json`,
      );

      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^stdin: 2 profiles read, 0 bad lines/);
    });

    it('refuses a directory, saying what it is', () => {
      const r = run('simulate', '--config', file('good.json', good), '--profiles', dir);

      assert.equal(r.code, 2);
      assert.match(
        r.stderr,
        /Cannot read profiles .*: it is a directory; give a file, a pipe or "-"/,
      );
    });
  });

  describe('when the summary lists findings', () => {
    const withCustom = {
      ...good,
      idSyncConfiguration: [
        ...good.idSyncConfiguration,
        { externalId: 'crm_id', strategy: 'last', mapTo: 'crm_id' },
      ],
    };
    const csv = (profiles: number): string =>
      'canonical_segment_id,type,value,timestamp\n' +
      Array.from({ length: profiles }, (_, p) =>
        [
          `p${p},user_id,u${p},2024-01-01 00:00:00`,
          // The same email six times: six values as listed, one once duplicates merge.
          ...Array.from(
            { length: 6 },
            (_, d) => `p${p},email,same@x.com,2024-01-0${d + 1} 00:00:00`,
          ),
          `p${p},email,late@x.com,yesterday`,
        ].join('\n'),
      ).join('\n') +
      '\n';

    it("name an input record by the file's line, not by its index in the profile", () => {
      const r = run(
        'simulate',
        '--config',
        file('good.json', good),
        '--profiles',
        file('lines.csv', csv(2)),
      );

      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /input error identity-bad-time: Line 9: timestamp "yesterday"/);
      assert.doesNotMatch(r.stdout, /Item \d/);
    });

    it('report a config finding once, apart from the per-profile findings', () => {
      const r = run(
        'simulate',
        '--config',
        file('custom.json', withCustom),
        '--profiles',
        file('three.csv', csv(3)),
      );
      const json = run(
        'simulate',
        '--config',
        file('custom.json', withCustom),
        '--profiles',
        file('three.csv', csv(3)),
        '--json',
      );

      assert.equal(r.code, 0, r.stderr);
      const [config, profiles] = r.stdout.split(
        'Values dropped and other findings in the profiles',
      );
      assert.match(
        config,
        /About the config itself \(once for the run, not per profile\):\n {2}Config warning custom-identifier-written-back: Identifier 3 \(crm_id\)/,
      );
      assert.doesNotMatch(profiles, /custom-identifier-written-back/);
      const summary = JSON.parse(json.stdout.trim().split('\n').at(-1) ?? '') as {
        findings: Array<{ code: string; scope: string; count: number; example: string }>;
      };
      assert.deepEqual(
        summary.findings.filter((f) => f.code === 'custom-identifier-written-back'),
        [
          {
            source: 'customized',
            scope: 'config',
            code: 'custom-identifier-written-back',
            severity: 'warning',
            count: 1,
            example: summary.findings.find((f) => f.code === 'custom-identifier-written-back')
              ?.example,
          },
        ],
      );
    });

    it('explain why the input identity-over-limit count differs from the simulated ones', () => {
      const r = run(
        'simulate',
        '--config',
        file('good.json', good),
        '--profiles',
        file('over.csv', csv(2)),
      );

      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, / 2 {2}input warning identity-over-limit: The profile has 6 email/);
      assert.doesNotMatch(r.stdout, /(Default|Config) warning identity-over-limit/);
      assert.match(r.stdout, /identity-over-limit: "input" counts the values .* as the file lists/);
      assert.match(
        r.stdout,
        /after blocked and malformed values are dropped and\n.*duplicates merged/,
      );
    });
  });

  describe('when the config has errors, or the input cannot be read', () => {
    it('exits 1 for the config and 2 for the input', () => {
      const profiles = file('p4.jsonl', JSON.stringify(P) + '\n');

      const badConfig = run(
        'simulate',
        '--config',
        file('four-all.json', fourAll),
        '--profiles',
        profiles,
      );
      const noFile = run(
        'simulate',
        '--config',
        file('good.json', good),
        '--profiles',
        join(dir, 'nope.jsonl'),
      );
      const allBad = run(
        'simulate',
        '--config',
        file('good.json', good),
        '--profiles',
        file('bad.jsonl', 'x\ny\n'),
      );
      const badTransition = run(
        'simulate',
        '--config',
        file('good.json', good),
        '--profiles',
        profiles,
        '--transition',
        'left',
      );

      assert.equal(badConfig.code, 1);
      assert.equal(noFile.code, 2);
      assert.match(noFile.stderr, /Cannot read profiles .*nope\.jsonl/);
      assert.equal(allBad.code, 2);
      assert.match(allBad.stderr, /no profile could be read/);
      assert.equal(badTransition.code, 2);
    });
  });
});

describe('idsync sql', () => {
  it('prints SQL for each dialect with the four result columns', () => {
    for (const dialect of ['duckdb', 'postgres', 'snowflake', 'bigquery']) {
      const r = run('sql', '--config', file('good.json', good), '--dialect', dialect);

      assert.equal(r.code, 0, dialect);
      assert.match(r.stdout, /canonical_segment_id.*type.*value.*map_to/s, dialect);
    }
  });

  it('exits 2 on an unknown dialect and 1 on a config with errors', () => {
    const dialect = run('sql', '--config', file('good.json', good), '--dialect', 'oracle');
    const config = run('sql', '--config', file('four-all.json', fourAll), '--dialect', 'duckdb');

    assert.equal(dialect.code, 2);
    assert.match(dialect.stderr, /Unknown dialect "oracle"/);
    assert.equal(config.code, 1);
    assert.equal(config.stdout, '');
  });
});

describe('idsync export --public-api', () => {
  describe('on create', () => {
    it('prints the body with mapTo on each row and the toggles finding on stderr', () => {
      const r = run('export', '--public-api', 'create', file('good.json', good));

      const body = JSON.parse(r.stdout) as { idSyncConfiguration: unknown[] };
      assert.equal(r.code, 0);
      assert.deepEqual(body.idSyncConfiguration, good.idSyncConfiguration);
      assert.ok(!('connectionSettings' in body));
      assert.match(r.stderr, /warning api-toggles-not-sent/);
    });

    it('omits idSyncConfiguration for Default Setup', () => {
      const r = run(
        'export',
        '--public-api',
        'create',
        file('default.json', { ...good, setup: 'default', idSyncConfiguration: [] }),
      );

      assert.equal(r.code, 0);
      assert.ok(!('idSyncConfiguration' in (JSON.parse(r.stdout) as object)));
    });
  });

  describe('on update back to Default Setup', () => {
    it('prints nothing on stdout, the error on stderr, and exits 1', () => {
      const r = run(
        'export',
        '--public-api',
        'update',
        file('default.json', { ...good, setup: 'default', idSyncConfiguration: [] }),
      );

      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /error api-default-on-update/);
    });
  });

  it('exits 2 when the mode is neither create nor update', () => {
    const r = run('export', '--public-api', 'delete', file('good.json', good));

    assert.equal(r.code, 2);
    assert.match(r.stderr, /create or update/);
  });
});

describe('idsync simulate with terminal control characters in the data', () => {
  it('prints them escaped, so a hostile export cannot recolour or retitle the terminal', () => {
    const config = file('good-esc.json', good);
    const hostile = 'u\u001b[31mRED\u001b]0;pwned\u0007\u202e';
    const profiles = file(
      'hostile.jsonl',
      JSON.stringify([{ type: 'user_id', id: hostile, created_at: '2024-01-01T00:00:00Z' }]) + '\n',
    );

    const r = run('simulate', '--config', config, '--profiles', profiles, '--explain');

    assert.equal(r.code, 0);
    // eslint-disable-next-line no-control-regex -- the raw characters are what must not appear
    assert.doesNotMatch(r.stdout, /[\u001b\u0007\u202e]/);
    assert.match(r.stdout, /u\\u001b\[31mRED/);
  });
});

describe('idsync flags that shape the input and the query', () => {
  it('simulate --sorted reports a CSV row out of canonical_segment_id order as a bad line', () => {
    const profiles = file(
      'unsorted.csv',
      'canonical_segment_id,type,value,timestamp\n' +
        'p2,user_id,u2,2024-01-01 00:00:00\n' +
        'p1,user_id,u1,2024-01-01 00:00:00\n' +
        'p3,user_id,u3,2024-01-01 00:00:00\n',
    );

    const r = run(
      'simulate',
      '--config',
      file('good-sorted.json', good),
      '--profiles',
      profiles,
      '--sorted',
    );

    assert.equal(r.code, 0);
    assert.match(r.stdout, /2 profiles read, 1 bad lines/);
    assert.match(r.stderr, /unsorted\.csv:3: Profile p1 /);
  });

  it('sql --table reads a qualified table name, quoted part by part', () => {
    const r = run(
      'sql',
      '--config',
      file('good-table.json', good),
      '--dialect',
      'duckdb',
      '--table',
      'analytics.user_ids',
    );

    assert.equal(r.code, 0);
    assert.match(r.stdout, /FROM "analytics"\."user_ids"/);
  });
});
