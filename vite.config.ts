import { defineConfig, type Plugin } from 'vite';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';

const here = import.meta.dirname;
const pkg = JSON.parse(readFileSync(resolve(here, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const deps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
const isDependency = (id: string): boolean => deps.some((d) => id === d || id.startsWith(d + '/'));

/** Emits the root manifest.json into the extension build, stamped with the package version. */
const extensionManifest = (): Plugin => ({
  name: 'idsync-mv3-manifest',
  generateBundle() {
    const manifest = JSON.parse(readFileSync(resolve(here, 'manifest.json'), 'utf8'));
    manifest.version = pkg.version;
    this.emitFile({
      type: 'asset',
      fileName: 'manifest.json',
      source: JSON.stringify(manifest, null, 2) + '\n',
    });
  },
});

/**
 * Builds one more entry as a self-contained classic script into the same output directory.
 * Content scripts injected with `chrome.scripting.executeScript({ files })` are not modules, so
 * the inspector must not import chunks it would share with the side panel.
 */
const classicScript = (entry: string, fileName: string): Plugin => ({
  name: 'idsync-classic-script',
  apply: 'build',
  async writeBundle(options) {
    const { build } = await import('vite');
    await build({
      configFile: false,
      logLevel: 'warn',
      publicDir: false,
      build: {
        outDir: options.dir,
        emptyOutDir: false,
        copyPublicDir: false,
        target: 'es2022',
        lib: { entry, formats: ['iife'], name: 'idsyncInspector', fileName: () => fileName },
        rolldownOptions: { output: { minify: true } },
      },
    });
  },
});

export default defineConfig(({ mode }) => {
  if (mode === 'lib') {
    // The npm library: one module per public entry, dependencies left to the host's bundler.
    return {
      publicDir: false,
      build: {
        outDir: 'dist/lib',
        target: 'es2022',
        minify: false,
        sourcemap: true,
        lib: {
          entry: {
            index: resolve(here, 'src/index.ts'),
            define: resolve(here, 'src/define.ts'),
            core: resolve(here, 'src/core/index.ts'),
            react: resolve(here, 'src/react.ts'),
          },
          formats: ['es'],
        },
        rolldownOptions: { external: isDependency },
      },
    };
  }
  if (mode === 'embed') {
    // One file a host loads with <script type="module">; registers every element.
    return {
      publicDir: false,
      build: {
        outDir: 'dist/embed',
        target: 'es2022',
        lib: {
          entry: resolve(here, 'src/embed.ts'),
          formats: ['es'],
          fileName: () => 'idsync-studio.js',
        },
        rolldownOptions: { output: { minify: true } },
      },
    };
  }
  if (mode === 'cli') {
    return {
      publicDir: false,
      build: {
        outDir: 'dist/cli',
        target: 'node20',
        ssr: resolve(here, 'src/cli/idsync.ts'),
        minify: false,
        rolldownOptions: {
          external: (id: string) =>
            isDependency(id) || id.startsWith('node:') || builtinModules.includes(id),
          output: { entryFileNames: 'idsync.js', banner: '#!/usr/bin/env node' },
        },
      },
    };
  }
  if (mode === 'extension') {
    return {
      root: resolve(here, 'src/extension'),
      base: './',
      publicDir: resolve(here, 'public'),
      plugins: [
        extensionManifest(),
        classicScript(resolve(here, 'src/extension/inspector.ts'), 'inspector.js'),
      ],
      build: {
        outDir: resolve(here, 'dist/extension'),
        emptyOutDir: true,
        target: 'es2022',
        modulePreload: { polyfill: false },
        assetsInlineLimit: 0,
        rolldownOptions: {
          input: {
            sidepanel: resolve(here, 'src/extension/sidepanel.html'),
            background: resolve(here, 'src/extension/background.ts'),
          },
          output: { entryFileNames: '[name].js' },
        },
      },
    };
  }
  // Default and 'demo': the demo admin console at index.html. It imports the package by its
  // public names, as a host would; these aliases point them at the sources.
  return {
    publicDir: 'public',
    resolve: {
      alias: [
        { find: /^idsync-studio\/define$/, replacement: resolve(here, 'src/define.ts') },
        { find: /^idsync-studio\/core$/, replacement: resolve(here, 'src/core/index.ts') },
        { find: /^idsync-studio$/, replacement: resolve(here, 'src/index.ts') },
      ],
    },
    build: { outDir: 'dist/demo', target: 'es2022' },
    // Loopback only: the demo is for the person at this machine. PORT picks another port.
    server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 5173) },
    preview: { host: '127.0.0.1' },
  };
});
