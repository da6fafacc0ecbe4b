#!/usr/bin/env node
/**
 * Size of the single-file embed bundle against its budget, beside lit's own size measured in the
 * same run (a trivial lit element built with the same vite settings), so the figure reads as
 * "lit plus what we add" on any machine and any lit version.
 *
 * What counts against the budget is what a host downloads before first render: the entry chunk
 * and every chunk it imports statically. Chunks reached only through dynamic `import()` (loaded
 * when a feature is first used) are listed separately.
 *
 *   node scripts/check-size.mjs          human-readable table, exit 1 over budget
 *   node scripts/check-size.mjs --json   the same figures as JSON (for the bench)
 *
 * Sizes are gzip at level 6, the default of `gzip` and of most web servers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');

/** Budget for the initial download, gzip bytes. */
export const EMBED_BUDGET = 40 * 1024;

const LIT_PROBE = `import { LitElement, css, html } from 'lit';
class SizeProbe extends LitElement {
  static properties = { name: {} };
  static styles = css\`:host { display: block; }\`;
  constructor() { super(); this.name = 'lit'; }
  render() { return html\`<p>Hello, \${this.name}</p>\`; }
}
customElements.define('size-probe', SizeProbe);
`;

const gzip = (code) => gzipSync(code, { level: 6 }).length;

function chunksOf(output) {
  return [output]
    .flat()
    .flatMap((o) => o.output)
    .filter((c) => c.type === 'chunk');
}

/** Splits a build's chunks into what the entry loads at once and what loads on demand. */
function classify(chunks) {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const initial = new Set();
  const visit = (fileName) => {
    if (initial.has(fileName)) return;
    initial.add(fileName);
    for (const dep of byName.get(fileName)?.imports ?? []) visit(dep);
  };
  for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName);
  const describe = (c) => ({
    file: c.fileName,
    bytes: Buffer.byteLength(c.code),
    gzip: gzip(c.code),
    modules: Object.keys(c.modules).length,
  });
  return {
    initial: chunks.filter((c) => initial.has(c.fileName)).map(describe),
    lazy: chunks.filter((c) => !initial.has(c.fileName)).map(describe),
  };
}

async function buildTo(outDir, config) {
  return build({ root, logLevel: 'silent', ...config, build: { ...config.build, outDir } });
}

/** Builds the embed bundle and the lit probe into temp folders and measures both. */
export async function measureSizes() {
  const work = mkdtempSync(join(tmpdir(), 'idsync-size-'));
  try {
    const embed = await buildTo(join(work, 'embed'), {
      configFile: join(root, 'vite.config.ts'),
      mode: 'embed',
    });
    const probeId = 'virtual:lit-size-probe';
    const lit = await buildTo(join(work, 'lit'), {
      configFile: false,
      plugins: [
        {
          name: 'lit-size-probe',
          // Vite resolves a lib entry against the root first, hence the suffix match.
          resolveId: (id) => (id.endsWith(probeId) ? `\0${probeId}` : undefined),
          load: (id) => (id === `\0${probeId}` ? LIT_PROBE : undefined),
        },
      ],
      build: {
        target: 'es2022',
        lib: { entry: probeId, formats: ['es'], fileName: () => 'lit-probe.js' },
        rolldownOptions: { output: { minify: true } },
      },
    });

    const { initial, lazy } = classify(chunksOf(embed));
    const sum = (list, key) => list.reduce((n, c) => n + c[key], 0);
    const litChunks = chunksOf(lit);
    return {
      budget: EMBED_BUDGET,
      initial: { gzip: sum(initial, 'gzip'), bytes: sum(initial, 'bytes'), chunks: initial },
      lazy: { gzip: sum(lazy, 'gzip'), bytes: sum(lazy, 'bytes'), chunks: lazy },
      lit: {
        gzip: sum(
          litChunks.map((c) => ({ gzip: gzip(c.code) })),
          'gzip',
        ),
      },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = await measureSizes();
  const over = sizes.initial.gzip > sizes.budget;
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(sizes, null, 2) + '\n');
  } else {
    const rows = [
      ...sizes.initial.chunks.map((c) => ['before first render', c]),
      ...sizes.lazy.chunks.map((c) => ['on demand', c]),
    ];
    for (const [when, c] of rows) {
      console.log(`${when.padEnd(20)} ${c.file.padEnd(36)} ${kb(c.gzip).padStart(9)} gzip`);
    }
    console.log(
      `\nembed before first render: ${kb(sizes.initial.gzip)} gzip ` +
        `(budget ${kb(sizes.budget)}; lit alone ${kb(sizes.lit.gzip)}, so ` +
        `${kb(sizes.initial.gzip - sizes.lit.gzip)} is ours and our dependencies')`,
    );
    console.log(
      `embed on demand: ${kb(sizes.lazy.gzip)} gzip in ${sizes.lazy.chunks.length} chunk(s)`,
    );
    if (over) console.log(`OVER BUDGET by ${kb(sizes.initial.gzip - sizes.budget)}`);
  }
  process.exit(over ? 1 : 0);
}
