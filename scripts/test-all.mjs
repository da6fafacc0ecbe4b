#!/usr/bin/env node
/**
 * `npm test`: the Node-side suite, then the browser suite in Chromium, and one closing line that
 * adds both up: "N passed, N failed".
 */
import { spawn } from 'node:child_process';

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk).slice(-4000);
    });
    child.on('close', (code) => {
      const lines = tail.trim().split('\n');
      const last = [...lines].reverse().find((l) => /^\d+ passed, \d+ failed/.test(l)) ?? '';
      const m = last.match(/^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/);
      resolve({
        code,
        passed: Number(m?.[1] ?? 0),
        failed: Number(m?.[2] ?? (code === 0 ? 0 : 1)),
        skipped: Number(m?.[3] ?? 0),
      });
    });
  });
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const suites = [
  await run(process.execPath, ['scripts/test-node.mjs']),
  await run(npx, ['wtr']),
];
const total = suites.reduce(
  (acc, s) => ({
    passed: acc.passed + s.passed,
    failed: acc.failed + s.failed + (s.code !== 0 && s.failed === 0 ? 1 : 0),
    skipped: acc.skipped + s.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed === 0 ? 0 : 1);
