/**
 * The demo console as a user gets it from `npm run build:demo`: built into a temporary folder,
 * served by Vite's preview server on loopback, and opened in headless Chromium.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from './chromium.js';

export interface BuiltDemo {
  /** A temporary folder the test may write files into; removed by `close()`. */
  dir: string;
  /** The console's address, e.g. `http://127.0.0.1:41234/`. */
  origin: string;
  browser: Browser;
  page: Page;
  /** Errors thrown in the page so far. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A `::-p-aria` selector for a control by its accessible name and role. */
export const aria = (name: string, role: string): string =>
  `::-p-aria([name="${name}"][role="${role}"])`;

export async function openBuiltDemo(prefix: string): Promise<BuiltDemo> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const outDir = join(dir, 'site');
  await build({
    configFile: 'vite.config.ts',
    mode: 'demo',
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  const server: PreviewServer = await preview({
    configFile: 'vite.config.ts',
    mode: 'demo',
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const address = server.httpServer.address();
  assert.ok(address && typeof address === 'object', 'the preview server listens on TCP');

  const browser = await launchChromium();
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));

  return {
    dir,
    origin: `http://127.0.0.1:${address.port}/`,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
