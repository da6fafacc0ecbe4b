/**
 * The README's main job: `npm start` serves the demo admin console. This starts the same Vite dev
 * server on loopback, drives the console in Chromium like a person would, and checks the host
 * receives the finalized config.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ViteDevServer } from 'vite';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';

describe('the demo admin console', () => {
  let server: ViteDevServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  const pageErrors: string[] = [];

  before(async () => {
    server = await createServer({
      configFile: 'vite.config.ts',
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
      logLevel: 'error',
    });
    await server.listen();
    const address = server.httpServer?.address();
    assert.ok(address && typeof address === 'object', 'the dev server listens on a TCP port');
    url = `http://127.0.0.1:${address.port}/?audience=vip&destination=braze`;
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('embeds the studio for the picked audience and destination', async () => {
    await page.goto(url, { waitUntil: 'load' });

    await page.locator('::-p-aria([name="Customized Setup"][role="radio"])').wait();
    const draftKey = await page.$eval('#draft-key', (el) => el.textContent);

    assert.equal(draftKey, 'vip:braze');
  });

  it('shows a finalized Customized Setup in its log, without any identity value', async () => {
    await page.locator('::-p-aria([name="Customized Setup"][role="radio"])').click();
    await page.locator('::-p-aria([name="Save"][role="button"])').click();

    await page.waitForSelector('#log li');
    const logged = await page.$eval('#log li pre', (el) => JSON.parse(el.textContent ?? ''));

    assert.equal(logged.destination, 'braze');
    assert.equal(logged.setup, 'customized');
    assert.deepEqual(
      logged.idSyncConfiguration.map((r: { externalId: string }) => r.externalId),
      ['user_id', 'email'],
    );
    assert.deepEqual(
      Object.keys(logged),
      [
        'version',
        'destination',
        'setup',
        'idSyncConfiguration',
        'connectionSettings',
        'destinationSettings',
      ].filter((k) => k in logged),
    );
  });

  it('raised no page error on the way', () => {
    assert.deepEqual(pageErrors, []);
  });
});
