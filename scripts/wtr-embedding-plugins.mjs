/**
 * Dev-server plugins for the embedding tests in web-test-runner.
 *
 * - `/__csp/…`: a host page served with `Content-Security-Policy: script-src 'self'` that loads
 *   the single-file embed bundle, built from the current sources on first request into a temp
 *   folder (so the test never runs a stale `dist/`).
 * - `react`, `react-dom`, `react-dom/client`, `react/jsx-runtime`: React ships CommonJS only, which
 *   a browser cannot import. They are bundled once with vite into one ES module (one React
 *   instance for all of them, or hooks break), and each name gets a small module re-exporting it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** The host policy the embed bundle must run under. */
export const HOST_CSP = "script-src 'self'";

const once = (fn) => {
  let promise;
  return () => (promise ??= fn());
};

const buildEmbed = once(async () => {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'idsync-embed-'));
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    mode: 'embed',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
});

const hostPage = (body) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>CSP host</title>
    <script src="/__csp/probe.js"></script>
  </head>
  <body>
    ${body}
  </body>
</html>
`;

// A classic script runs before the deferred module script, so no violation can be missed.
const probe = `window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.cspViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
});
// Runs eval from a task of this page: a call made directly by the test's frame would be checked
// and reported against the test's own document instead.
window.tryEvalSoon = () =>
  new Promise((resolve) =>
    setTimeout(() => {
      try {
        resolve(String((0, eval)('1 + 1')));
      } catch (error) {
        resolve(error.name);
      }
    }),
  );
`;

const CSP_PAGES = {
  '/__csp/studio.html':
    hostPage(`<script type="module" src="/__csp/embed/idsync-studio.js"></script>
    <idsync-studio destination="braze"></idsync-studio>`),
  // Negative control: an inline script under the same policy must be blocked and reported.
  '/__csp/inline.html': hostPage(`<script>window.inlineRan = true;</script>`),
};

export function cspEmbedPlugin() {
  return {
    name: 'idsync-csp-embed',
    async serve(context) {
      const path = context.path;
      if (!path.startsWith('/__csp/')) return undefined;

      if (path === '/__csp/probe.js') return { body: probe, type: 'js' };

      if (CSP_PAGES[path]) {
        return {
          body: CSP_PAGES[path],
          type: 'html',
          headers: { 'content-security-policy': HOST_CSP },
        };
      }

      if (path.startsWith('/__csp/embed/')) {
        const outDir = await buildEmbed();
        const file = normalize(join(outDir, path.slice('/__csp/embed/'.length)));
        if (!file.startsWith(outDir)) return undefined;
        return { body: readFileSync(file, 'utf8'), type: 'js' };
      }

      return undefined;
    },
  };
}

const REACT_MODULES = {
  react: 'react',
  'react-dom': 'react_dom',
  'react-dom/client': 'react_dom_client',
  'react/jsx-runtime': 'react_jsx_runtime',
};

const buildReact = once(async () => {
  const { build } = await import('vite');
  const entryId = 'virtual:idsync-react';
  const entry = Object.entries(REACT_MODULES)
    .map(([name, local]) => `import * as ${local} from '${name}';\nexport { ${local} };`)
    .join('\n');
  const output = await build({
    root,
    configFile: false,
    logLevel: 'warn',
    // React picks its development build on this, which gives readable errors in a failing test.
    define: { 'process.env.NODE_ENV': JSON.stringify('development') },
    plugins: [
      {
        name: 'idsync-react-entry',
        // Vite resolves a lib entry against the root first, hence the suffix match.
        resolveId: (id) => (id.endsWith(entryId) ? `\0${entryId}` : undefined),
        load: (id) => (id === `\0${entryId}` ? entry : undefined),
      },
    ],
    build: {
      write: false,
      minify: false,
      lib: { entry: entryId, formats: ['es'], fileName: 'react' },
    },
  });
  const chunk = [output].flat()[0].output[0];
  return chunk.code;
});

// The export names are read from the CommonJS modules in a child Node process: requiring React
// inside the test runner itself trips over the runner's patched console.
const exportNames = once(() => {
  const script = `const names = {};
for (const name of ${JSON.stringify(Object.keys(REACT_MODULES))}) names[name] = Object.keys(require(name));
process.stdout.write(JSON.stringify(names));`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }),
  );
});

const isIdentifier = (name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default';

function reexport(name) {
  const local = REACT_MODULES[name];
  const names = exportNames()[name].filter(isIdentifier);
  return [
    `import { ${local} } from '/__react/bundle.js';`,
    `export default ${local};`,
    `export const { ${names.join(', ')} } = ${local};`,
  ].join('\n');
}

export function reactEsmPlugin() {
  return {
    name: 'idsync-react-esm',
    resolveImport({ source }) {
      if (source in REACT_MODULES) return `/__react/${REACT_MODULES[source]}.js`;
      return undefined;
    },
    async serve(context) {
      if (!context.path.startsWith('/__react/')) return undefined;

      if (context.path === '/__react/bundle.js') return { body: await buildReact(), type: 'js' };

      const name = Object.keys(REACT_MODULES).find(
        (n) => context.path === `/__react/${REACT_MODULES[n]}.js`,
      );
      return name ? { body: reexport(name), type: 'js' } : undefined;
    },
  };
}
