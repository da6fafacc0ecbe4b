import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { summaryLineReporter } from './scripts/wtr-summary-reporter.mjs';
import { cspEmbedPlugin, reactEsmPlugin } from './scripts/wtr-embedding-plugins.mjs';

/** Finds a Chrome or Chromium, or stops with the one-line install that fixes it. */
function findChrome() {
  const env = process.env.CHROME_PATH;
  const hit = [
    env,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ]
    .filter(Boolean)
    .find((p) => existsSync(p));
  if (env && hit !== env) throw new Error(`CHROME_PATH=${env} does not exist`);
  if (!hit && process.platform === 'linux')
    throw new Error(
      'No Chrome/Chromium found for the browser tests. On Debian/Ubuntu: ' +
        'apt-get install -y chromium. Or set CHROME_PATH=/path/to/chrome.',
    );
  return hit;
}

// Chromium on a closed network: no background fetches, no sync, no QUIC probes.
const args = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
// Chromium refuses to run as root without it.
if (process.getuid?.() === 0) args.unshift('--no-sandbox');

/**
 * papaparse ships one UMD file, which a browser cannot `import Papa from` as it is (vite converts
 * it when bundling; the test server does not). Its UMD wrapper fills `module.exports` when a
 * `module` object exists, so the file is served with one around it and a default export.
 */
function papaparseEsmPlugin() {
  return {
    name: 'papaparse-esm',
    transform(context) {
      if (!/\/node_modules\/papaparse\/papaparse(\.min)?\.js$/.test(context.path)) return undefined;
      return {
        body: `const module = { exports: {} };\nconst exports = module.exports;\n${context.body}\nexport default module.exports;\n`,
      };
    },
  };
}

export default {
  files: process.env.WTR_FILES ?? 'test/browser/**/*.test.ts',
  nodeResolve: true,
  staticLogging: !!process.env.CI,
  // One page at a time: a second page runs as a background tab, which gets no animation frames
  // and no real keyboard focus, and the file-import, clipboard and keyboard tests then hang.
  concurrency: 1,
  // tsconfig is required: without it esbuild ignores experimentalDecorators.
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    // Chromium's own accessibility tree, for accessible names computed by the browser.
    a11ySnapshotPlugin(),
    // A host page under a strict CSP for the embed bundle, and React as an ES module.
    cspEmbedPlugin(),
    reactEsmPlugin(),
    papaparseEsmPlugin(),
  ],
  filterBrowserLogs: ({ args: a }) => !String(a?.[0] ?? '').includes('Lit is in dev mode'),
  reporters: [defaultReporter(), summaryLineReporter()],
  browsers: [
    chromeLauncher({ launchOptions: { executablePath: findChrome(), headless: true, args } }),
  ],
  // Generous: a loaded 2-core machine runs two pages side by side; a hang still fails.
  testFramework: { config: { timeout: 20000 } },
};
