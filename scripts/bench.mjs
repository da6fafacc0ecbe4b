#!/usr/bin/env node
/**
 * `npm run bench`: one table, each figure a ratio to a floor measured in the same run, so the
 * figures compare across machines. Not part of the tests. docs/performance.md explains each line
 * and records a run.
 *
 *   node scripts/bench.mjs [--quick] [--only=simulate,sql,embed,browser]
 *
 * --quick: 10x smaller corpora, for a smoke run. --only: run just the named lines (comma-separated),
 * e.g. `--only=simulate` while working on the simulator.
 */
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { register } from 'tsx/esm/api';

register();

const root = resolve(import.meta.dirname, '..');
const tmp = join(root, '.bench-tmp');
const quick = process.argv.includes('--quick');
const scale = quick ? 0.1 : 1;
const { generateProfiles, BENCH_CONFIG } = await import('./bench/corpus.mjs');
const core = await import('../src/core/index.ts');
const { toSql } = await import('../src/core/sql.ts');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Each timed phase starts from a settled heap (npm run bench passes --expose-gc), so a full
// collection of the previous round's garbage is not billed to whichever phase happens to run
// next. Floors and measured work get the same treatment.
const settle = globalThis.gc ?? (() => {});
const rows = [];
const note = (what, value, floor, goal) => rows.push({ what, value, floor, goal });

async function simulateVsParse() {
  const count = Math.round(100_000 * scale);
  const text = JSON.stringify(generateProfiles(count));
  const parses = [];
  const sims = [];
  for (let round = 0; round < 5; round++) {
    settle();
    let t = performance.now();
    const parsed = JSON.parse(text);
    parses.push(performance.now() - t);
    const requests = parsed.map((p) => ({
      identities: p.map((i) => ({ type: i.type, id: i.id, createdAt: i.created_at })),
      config: BENCH_CONFIG,
    }));
    settle();
    t = performance.now();
    for (const request of requests) await core.simulate(request);
    sims.push(performance.now() - t);
  }
  note(
    `simulate, ${count.toLocaleString('en')} profiles`,
    median(sims),
    { label: 'JSON.parse of the corpus', ms: median(parses) },
    '≤ 1.5×',
  );
}

async function sqlVsCore() {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const target = Math.round(1_000_000 * scale);
  const profiles = [];
  let identifiers = 0;
  let seed = 11;
  while (identifiers < target) {
    const batch = generateProfiles(10_000, seed++);
    for (const p of batch) {
      profiles.push(p.map((i) => ({ ...i, created_at: i.created_at })));
      identifiers += p.length;
      if (identifiers >= target) break;
    }
  }
  mkdirSync(tmp, { recursive: true });
  const csvPath = join(tmp, 'bench-user-identifiers.csv');
  // The columns of Profiles Sync's user_identifiers the query reads; seq is the position in the
  // profile, as the warehouse numbers identities in the order they were added.
  const lines = ['canonical_segment_id,type,value,seq,received_at,timestamp'];
  profiles.forEach((p, n) => {
    p.forEach((i, seq) => {
      const ts = i.created_at.replace('T', ' ').replace('Z', '');
      lines.push(`c${n},${i.type},${i.id},${seq + 1},${ts},${ts}`);
    });
  });
  writeFileSync(csvPath, lines.join('\n') + '\n');

  const db = await DuckDBInstance.create(':memory:');
  const duck = await db.connect();
  await duck.run(
    `CREATE TABLE user_identifiers AS SELECT * FROM read_csv('${csvPath}', header = true, types = {'received_at': 'TIMESTAMP', 'timestamp': 'TIMESTAMP'})`,
  );
  const sql = toSql(BENCH_CONFIG, { dialect: 'duckdb' });
  const sqlRuns = [];
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    await duck.runAndReadAll(sql);
    sqlRuns.push(performance.now() - t);
  }
  duck.closeSync();

  const requests = profiles.map((p) => ({
    identities: p.map((i) => ({ type: i.type, id: i.id, createdAt: i.created_at })),
    config: BENCH_CONFIG,
  }));
  const t = performance.now();
  for (const request of requests) await core.simulate(request);
  const coreMs = performance.now() - t;
  note(
    `DuckDB SQL, ${identifiers.toLocaleString('en')} identifier rows`,
    median(sqlRuns),
    { label: 'simulate over the same profiles', ms: coreMs },
    'faster than the core',
  );
  rmSync(csvPath, { force: true });
}

function viteBuild(args) {
  execFileSync('npx', ['vite', 'build', ...args], { cwd: root, stdio: 'ignore' });
}

async function embedSize() {
  // scripts/check-size.mjs builds the embed and a trivial Lit element with the same settings and
  // splits the embed into what loads before first render and what loads on demand.
  const out = execFileSync(process.execPath, [join(root, 'scripts/check-size.mjs'), '--json'], {
    cwd: root,
    encoding: 'utf8',
  });
  const size = JSON.parse(out);
  const floor = { label: 'a trivial Lit element, gzip bytes', ms: size.lit.gzip };
  note('embed before first render, gzip bytes', size.initial.gzip, floor, '≤ 40 KB gzip');
  rows[rows.length - 1].unit = 'bytes';
  note('embed parts loaded on demand, gzip bytes', size.lazy.gzip, floor, 'report');
  rows[rows.length - 1].unit = 'bytes';
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
};

async function browser() {
  const outDir = join(tmp, 'bench-page');
  const configFile = join(tmp, 'bench-page.vite.config.mjs');
  writeFileSync(
    configFile,
    `export default { logLevel: 'silent', root: ${JSON.stringify(join(root, 'scripts/bench'))}, publicDir: false, build: { outDir: ${JSON.stringify(outDir)}, emptyOutDir: true, target: 'es2022' }, esbuild: { tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } } } };\n`,
  );
  viteBuild(['--config', configFile]);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = join(outDir, url.pathname === '/' ? 'index.html' : url.pathname);
    if (!path.startsWith(outDir) || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    res.end(readFileSync(path));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();

  const puppeteer = (await import('puppeteer-core')).default;
  const executablePath =
    process.env.CHROME_PATH ??
    ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
  const args = ['--disable-gpu', '--disable-background-networking', '--no-first-run'];
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  const chrome = await puppeteer.launch({ executablePath, headless: true, args });
  try {
    const page = await chrome.newPage();
    page.setDefaultTimeout(600_000);
    await page.goto(`http://127.0.0.1:${port}/`);
    const result = await page.evaluate(() => window.benchResult);
    note(
      `worker batch, ${result.batch.profiles.toLocaleString('en')} profiles (Chromium)`,
      result.batch.batchMs,
      { label: 'JSON.parse of the same profiles on the page', ms: result.batch.parseMs },
      'report',
    );
    note(
      'longest main-thread task during the batch',
      result.batch.longestTaskMs,
      { label: '50 ms (the long-task threshold)', ms: 50 },
      '< 1× (none over 50 ms)',
    );
    note(
      'IndexedDB autosave (draft store save), median',
      result.autosave.saveMedianMs,
      { label: 'one raw idb put, median', ms: result.autosave.putMedianMs },
      'report',
    );
  } finally {
    await chrome.close();
    server.close();
  }
}

const steps = { simulate: simulateVsParse, sql: sqlVsCore, embed: embedSize, browser };
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const chosen = only === undefined ? Object.keys(steps) : only.split(',').filter(Boolean);
const unknown = chosen.filter((name) => !(name in steps));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: unknown --only line ${unknown.join(', ')}; the lines are ${Object.keys(steps).join(', ')}\n`,
  );
  process.exit(2);
}
for (const step of chosen.map((name) => steps[name])) {
  try {
    await step();
  } catch (error) {
    rows.push({ what: step.name, error: error instanceof Error ? error.message : String(error) });
  }
}

const fmt = (row) =>
  row.unit === 'bytes' ? `${row.value.toLocaleString('en')} B` : `${row.value.toFixed(1)} ms`;
const ffmt = (row) =>
  row.unit === 'bytes' ? `${row.floor.ms.toLocaleString('en')} B` : `${row.floor.ms.toFixed(1)} ms`;
const lines = [
  `| measure | ratio to floor | measured | floor | goal |`,
  `| --- | --- | --- | --- | --- |`,
  ...rows.map((r) =>
    r.error
      ? `| ${r.what} | failed: ${r.error.replaceAll('|', '/')} | | | |`
      : `| ${r.what} | ${(r.value / r.floor.ms).toFixed(2)}× | ${fmt(r)} | ${r.floor.label}: ${ffmt(r)} | ${r.goal} |`,
  ),
];
process.stdout.write(lines.join('\n') + '\n');
process.exitCode = rows.some((r) => r.error) ? 1 : 0;
