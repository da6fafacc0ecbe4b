#!/usr/bin/env node
/**
 * Runs the Node-side tests (core, CLI, SQL against DuckDB) with Node's own test runner, TypeScript
 * loaded through tsx, and ends with "N passed, N failed".
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out.sort();
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : findTests('test/node');
if (files.length === 0) {
  console.log('0 passed, 1 failed (no Node test files found under test/node)');
  process.exit(1);
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let text = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  text += chunk;
});
child.on('close', (code) => {
  const count = (label) => Number(text.match(new RegExp(`ℹ ${label} (\\d+)`))?.[1] ?? 0);
  const passed = count('pass');
  // A failure outside any test (a describe block that throws while being set up, a file that
  // fails to load) makes the runner exit non-zero without counting a failed test: count it.
  const counted = count('fail') + count('cancelled');
  const failed = code !== 0 && counted === 0 ? 1 : counted;
  const skipped = count('skipped') + count('todo');
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
