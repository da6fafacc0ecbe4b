/**
 * The package as a host installs it: `npm pack`, install the tarball into a throwaway project
 * (offline, from the npm cache), type-check and bundle a consumer that imports every entry, and
 * run the core and the root entry in Node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, string | Record<string, string>>;
};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const vite = join(root, 'node_modules/vite/bin/vite.js');

/** Newest modification time under a folder, for the "is dist stale" check. */
function newest(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function oldest(paths: string[]): number {
  return Math.min(...paths.map((p) => statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0));
}

async function buildIfStale(outputs: string[], script: string): Promise<void> {
  const inputs = ['src', 'package.json', 'vite.config.ts', 'tsconfig.build.json'];
  const sourcesChanged = Math.max(...inputs.map((p) => newest(join(root, p))));
  if (oldest(outputs.map((p) => join(root, p))) > sourcesChanged) return;
  await run(npm, ['run', script], { cwd: root });
}

const installedVersion = (name: string): string =>
  (
    JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

// Every entry, as a host writes it. The @ts-expect-error lines prove the event types are not `any`.
const CONSUMER_TS = `import * as React from 'react';
import {
  IdsyncStudio,
  IdsyncEditor,
  IdsyncChangeEvent,
  IdsyncFinalizeEvent,
  IdsyncDraftSavedEvent,
  parseConfig,
} from 'idsync-studio';
import 'idsync-studio/define';
import { destinations, lintConfig, type IdSyncConfig } from 'idsync-studio/core';
import { IdsyncStudio as IdsyncStudioReact, type IdsyncStudioProps } from 'idsync-studio/react';

const studio: IdsyncStudio = document.createElement('idsync-studio');
studio.destination = destinations[0].id;
studio.draftKey = 'vip:braze';
studio.audience = { key: 'vip', includeAnonymousUsers: false };
studio.readonly = false;
studio.addEventListener('idsync-finalize', (event) => {
  const config: IdSyncConfig = event.detail.config;
  console.info(config.destination, lintConfig(config).length);
  // @ts-expect-error the finalize event carries the config only
  console.info(event.detail.findings);
});
studio.addEventListener('idsync-change', (event: IdsyncChangeEvent) => {
  console.info(event.detail.findings.length);
});
const editor: IdsyncEditor = document.createElement('idsync-editor');
console.info(editor instanceof HTMLElement, IdsyncFinalizeEvent.name, IdsyncDraftSavedEvent.name);
console.info(parseConfig('{}').ok);

const props: IdsyncStudioProps = {
  destination: 'braze',
  onIdsyncFinalize: (event) => console.info(event.detail.config.setup),
  onIdsyncDraftSaved: (event) => console.info(event.detail.revision + 1),
};
// @ts-expect-error a finalize callback gets an IdsyncFinalizeEvent, whose detail has no revision
const wrong: IdsyncStudioProps = { onIdsyncFinalize: (event) => event.detail.revision };
export const element = React.createElement(IdsyncStudioReact, props);
console.info(wrong);
`;

// The bundler run also checks every shipped .d.ts (skipLibCheck off); the nodenext run only
// checks that the entries resolve and type the consumer, which keeps the test fast.
const TSCONFIG = (moduleResolution: string, module: string): string =>
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      module,
      moduleResolution,
      strict: true,
      noEmit: true,
      skipLibCheck: moduleResolution !== 'bundler',
      types: [],
    },
    files: ['main.ts'],
  });

const HTML = `<!doctype html><html><body><script type="module" src="./main.ts"></script></body></html>`;

// The core in plain Node: parse, lint and simulate a config a host could have saved.
const CORE_RUN = `import { destinations, parseConfig, lintConfig, simulate } from 'idsync-studio/core';
const parsed = parseConfig({
  version: 1,
  destination: 'braze',
  setup: 'customized',
  idSyncConfiguration: [{ externalId: 'email', strategy: 'last', mapTo: 'email' }],
  connectionSettings: { sendIdentify: true, sendTrack: false, sendMobileIds: false, includeAnonymousUsers: false },
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.findings));
const result = await simulate({
  config: parsed.config,
  identities: [
    { type: 'email', id: 'old@example.com', createdAt: '2024-01-01T00:00:00Z' },
    { type: 'email', id: 'new@example.com', createdAt: '2024-02-01T00:00:00Z' },
  ],
});
process.stdout.write(JSON.stringify({
  catalog: destinations.map((d) => d.id),
  errors: lintConfig(parsed.config).filter((f) => f.severity === 'error'),
  selection: result.selection,
}));
`;

// Importing the root must register nothing; lit's Node build supplies a customElements registry.
const ROOT_IMPORT = `const root = await import('idsync-studio');
const tags = ['idsync-studio', 'idsync-editor', 'idsync-simulator', 'idsync-drafts'];
const defined = tags.filter((tag) => globalThis.customElements?.get(tag) !== undefined);
const out = JSON.stringify({ exports: Object.keys(root).sort(), defined });`;

describe('the npm package', () => {
  let work = '';
  let consumer = '';
  let tarballFiles: string[] = [];

  before(
    async () => {
      await buildIfStale(
        ['dist/lib/index.js', 'dist/lib/react.js', 'dist/lib/index.d.ts', 'dist/lib/react.d.ts'],
        'build:lib',
      );
      await buildIfStale(['dist/embed/idsync-studio.js'], 'build:embed');

      work = mkdtempSync(join(tmpdir(), 'idsync-pack-'));
      const { stdout } = await run(npm, ['pack', '--json', '--pack-destination', work], {
        cwd: root,
      });
      const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
      tarballFiles = packed.files.map((f) => f.path);

      consumer = join(work, 'consumer');
      mkdirSync(consumer);
      writeFileSync(
        join(consumer, 'package.json'),
        JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
      );
      await run(
        npm,
        [
          'install',
          '--offline',
          '--no-audit',
          '--no-fund',
          '--ignore-scripts',
          '--no-package-lock',
          join(work, packed.filename),
          `react@${installedVersion('react')}`,
          `@types/react@${installedVersion('@types/react')}`,
        ],
        { cwd: consumer },
      );
      writeFileSync(join(consumer, 'main.ts'), CONSUMER_TS);
      writeFileSync(join(consumer, 'index.html'), HTML);
    },
    { timeout: 90_000 },
  );

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships a file for every export and no sources or tests', () => {
    const targets = Object.values(pkg.exports).flatMap((t) =>
      typeof t === 'string' ? [t] : Object.values(t),
    );

    const missing = targets
      .map((t) => t.replace(/^\.\//, ''))
      .filter((t) => !tarballFiles.includes(t));

    assert.deepEqual(missing, [], `export targets missing from the tarball`);
    assert.deepEqual(
      tarballFiles.filter((f) => /^(src|test|scripts)\//.test(f)),
      [],
      'sources, tests or scripts in the tarball',
    );
  });

  for (const [moduleResolution, module] of [
    ['bundler', 'ESNext'],
    ['nodenext', 'NodeNext'],
  ]) {
    it(`type-checks a consumer importing every entry (moduleResolution ${moduleResolution})`, async () => {
      const config = join(consumer, `tsconfig.${moduleResolution}.json`);
      writeFileSync(config, TSCONFIG(moduleResolution, module));

      const result = await run(process.execPath, [tsc, '-p', config], { cwd: consumer }).catch(
        (error: { stdout: string }) => ({ stdout: error.stdout, failed: true }),
      );

      assert.ok(!('failed' in result), `tsc reported:\n${result.stdout}`);
    });
  }

  it('bundles a consumer importing every entry with vite', async () => {
    await run(process.execPath, [vite, 'build', '--logLevel', 'error'], { cwd: consumer });

    const assets = join(consumer, 'dist/assets');
    const code = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(assets, f), 'utf8'))
      .join('\n');
    for (const tag of ['idsync-studio', 'idsync-editor', 'idsync-simulator', 'idsync-drafts']) {
      assert.match(code, new RegExp(`customElements\\.define\\(\\s*["']${tag}["']|["']${tag}["']`));
    }
    assert.match(code, /customElements\.define/, 'the define entry registers the elements');
  });

  it('runs the core from the installed package in Node', async () => {
    writeFileSync(join(consumer, 'core-run.mjs'), CORE_RUN);

    const { stdout } = await run(process.execPath, ['core-run.mjs'], { cwd: consumer });
    const out = JSON.parse(stdout) as {
      catalog: string[];
      errors: unknown[];
      selection: Record<string, string[]>;
    };

    assert.ok(out.catalog.includes('braze'), 'the built-in catalog lists braze');
    assert.deepEqual(out.errors, []);
    assert.deepEqual(
      out.selection.email,
      ['new@example.com'],
      'strategy last sends the newest email',
    );
  });

  it('imports the root entry in Node without registering any element', async () => {
    writeFileSync(
      join(consumer, 'root-import.mjs'),
      `${ROOT_IMPORT}\nprocess.stdout.write(out);\n`,
    );

    const { stdout } = await run(process.execPath, ['root-import.mjs'], { cwd: consumer });
    const out = JSON.parse(stdout) as { exports: string[]; defined: string[] };

    assert.deepEqual(out.defined, []);
    for (const name of ['IdsyncStudio', 'IdsyncEditor', 'IdsyncChangeEvent', 'parseConfig']) {
      assert.ok(out.exports.includes(name), `the root exports ${name}`);
    }
  });

  it('imports the root entry in a Node worker thread without registering any element', async () => {
    writeFileSync(
      join(consumer, 'root-thread.mjs'),
      `import { parentPort } from 'node:worker_threads';\n${ROOT_IMPORT}\nparentPort.postMessage(out);\n`,
    );
    writeFileSync(
      join(consumer, 'root-worker.mjs'),
      `import { Worker } from 'node:worker_threads';
const worker = new Worker(new URL('./root-thread.mjs', import.meta.url));
worker.once('message', (out) => process.stdout.write(out));
worker.once('error', (error) => { console.error(error); process.exitCode = 1; });
`,
    );

    const { stdout } = await run(process.execPath, ['root-worker.mjs'], { cwd: consumer });
    const out = JSON.parse(stdout) as { exports: string[]; defined: string[] };

    assert.deepEqual(out.defined, []);
    assert.ok(out.exports.includes('IdsyncStudio'), 'the root exports IdsyncStudio');
  });
});
