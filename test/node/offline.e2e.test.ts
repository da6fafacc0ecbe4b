/**
 * The studio makes no network request of its own: with the demo console loaded and the browser
 * then taken offline, a whole editing session (edits, history, simulation, import, export, Save)
 * keeps working and the page asks the network for nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { aria, openBuiltDemo, type BuiltDemo } from '../support/built-demo.js';

/** The text of every shadow root under the studio, flattened, for "does the page say X". */
async function studioText(page: Page): Promise<string> {
  // No named inner functions here: the test runner's TypeScript transform would wrap them in a
  // helper that does not exist inside the page.
  return page.evaluate(() => {
    const parts: string[] = [];
    const roots: (Document | ShadowRoot)[] = [document];
    while (roots.length > 0) {
      const root = roots.pop()!;
      for (const el of Array.from(root.querySelectorAll('*'))) {
        if (el.shadowRoot) {
          parts.push(el.shadowRoot.textContent ?? '');
          roots.push(el.shadowRoot);
        }
      }
    }
    return parts.join(' ').replace(/\s+/g, ' ');
  });
}

describe('the studio with the network offline after load', () => {
  let demo: BuiltDemo;
  let page: Page;
  const requests: string[] = [];

  before(async () => {
    demo = await openBuiltDemo('idsync-offline-');
    page = demo.page;
    await page.goto(`${demo.origin}?audience=vip&destination=braze`, {
      waitUntil: 'networkidle0',
    });
    await page.locator(aria('Customized Setup', 'radio')).wait();
    await page.waitForFunction(() => customElements.get('idsync-drafts') !== undefined);

    await page.setOfflineMode(true);
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith('data:') && !url.startsWith('blob:')) requests.push(url);
    });
  });

  after(() => demo?.close());

  it('records a request the page makes (control for the last check)', async () => {
    const outcome = await page.evaluate(() =>
      fetch('/index.html?control').then(
        () => 'answered',
        () => 'refused',
      ),
    );

    assert.equal(outcome, 'refused', 'the browser is offline');
    assert.equal(requests.length, 1);
    assert.match(requests[0], /index\.html\?control$/);
    requests.length = 0;
  });

  it('edits and autosaves each edit as a revision', async () => {
    const revisionShown = (n: number): Promise<unknown> =>
      page.waitForFunction(
        (expected) => {
          const studio = document.querySelector('idsync-studio');
          const drafts = studio?.shadowRoot?.querySelector('idsync-drafts');
          const text = drafts?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
          return text.includes(`Current: revision ${expected} of ${expected}`);
        },
        { timeout: 10000 },
        n,
      );

    await page.locator(aria('Customized Setup', 'radio')).click();
    await revisionShown(1);
    await page.locator(aria('Add identifier', 'button')).click();

    await revisionShown(2);
  });

  it('undoes and redoes through the history', async () => {
    const rowCount = (): Promise<number> =>
      page.evaluate(
        () =>
          (document.querySelector('idsync-studio')!.shadowRoot!.querySelector('idsync-editor') as
            (HTMLElement & { config: { idSyncConfiguration: unknown[] } }) | null)!.config
            .idSyncConfiguration.length,
      );
    const withAdded = await rowCount();

    await page.locator(aria('Undo', 'button')).click();
    await page.waitForFunction(
      (n) =>
        (document.querySelector('idsync-studio')!.shadowRoot!.querySelector('idsync-editor') as
          (HTMLElement & { config: { idSyncConfiguration: unknown[] } }) | null)!.config
          .idSyncConfiguration.length ===
        n - 1,
      {},
      withAdded,
    );
    await page.locator(aria('Redo', 'button')).click();
    await page.waitForFunction(
      (n) =>
        (document.querySelector('idsync-studio')!.shadowRoot!.querySelector('idsync-editor') as
          (HTMLElement & { config: { idSyncConfiguration: unknown[] } }) | null)!.config
          .idSyncConfiguration.length === n,
      {},
      withAdded,
    );

    assert.equal(await rowCount(), withAdded);
  });

  it('simulates a pasted profile', async () => {
    const profile = JSON.stringify([
      { type: 'user_id', id: 'offline-user', created_at: '2024-01-01T00:00:00Z' },
      { type: 'email', id: 'offline@example.com', created_at: '2024-01-02T00:00:00Z' },
    ]);

    const paste = await page.waitForSelector(
      aria('Paste identities (JSON, JSON Lines or CSV with a header row)', 'textbox'),
    );
    await paste!.type(profile);
    await page.locator(aria('Simulate pasted identities', 'button')).click();

    await page.waitForFunction(
      () =>
        /Pasted[^.]*: 2 identities/i.test(
          document
            .querySelector('idsync-studio')
            ?.shadowRoot?.querySelector('idsync-simulator')
            ?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '',
        ),
      { timeout: 10000 },
    );
    assert.match(await studioText(page), /offline@example\.com/);
  });

  it('imports a config file and exports the current one', async () => {
    const file = join(demo.dir, 'import.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        destination: 'braze',
        setup: 'customized',
        idSyncConfiguration: [{ externalId: 'email', strategy: 'all', mapTo: 'email' }],
        connectionSettings: {
          sendIdentify: false,
          sendTrack: true,
          sendMobileIds: false,
          includeAnonymousUsers: false,
        },
      }),
    );

    // A file input has no role puppeteer's ARIA queries reach; the deep CSS combinator does.
    const input = await page.waitForSelector('idsync-studio >>> idsync-drafts >>> input#import');
    await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(file);
    await page.locator(aria('Import', 'button')).click();
    await page.locator(aria('Export config', 'button')).click();

    const editorStrategies = await page.waitForFunction(
      () => {
        const studio = document.querySelector('idsync-studio')!;
        const drafts = studio.shadowRoot!.querySelector('idsync-drafts')!.shadowRoot!;
        if (!/Imported as revision \d+/.test(drafts.textContent ?? '')) return false;
        const editor = studio.shadowRoot!.querySelector('idsync-editor') as HTMLElement & {
          config: { idSyncConfiguration: { externalId: string; strategy: string }[] };
        };
        return JSON.stringify(editor.config.idSyncConfiguration);
      },
      { timeout: 10000 },
    );
    assert.deepEqual(JSON.parse((await editorStrategies.jsonValue()) as string), [
      { externalId: 'email', strategy: 'all', mapTo: 'email' },
    ]);
  });

  it('hands the config to the host on Save', async () => {
    await page.locator(aria('Save', 'button')).click();

    await page.waitForSelector('#log li');
  });

  it('asked the network for nothing and raised no page error', () => {
    assert.deepEqual(requests, []);
    assert.deepEqual(demo.pageErrors, []);
  });
});
