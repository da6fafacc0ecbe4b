/**
 * An edit survives a reload that comes straight after it: the demo console is built, served on
 * loopback and driven in headless Chromium, and each edit is followed by `page.reload()` with no
 * wait. The page that unloads never gets to finish its IndexedDB write, so what is asserted here
 * is the copy the studio keeps synchronously while the page goes (see docs/drafts.md).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'puppeteer-core';
import { aria, openBuiltDemo, type BuiltDemo } from '../support/built-demo.js';

interface Shown {
  setup: string;
  rows: number;
  sendTrack: boolean;
  notice: boolean;
  /** Copies kept in localStorage for the unload and not yet folded into IndexedDB. */
  leftInLocalStorage: number;
}

/** What the reloaded studio shows once its stored draft (if any) is in the editor. */
async function shown(page: Page): Promise<Shown> {
  await page.waitForFunction(() => customElements.get('idsync-studio') !== undefined);
  return page.evaluate(async () => {
    const studio = document.querySelector('idsync-studio') as HTMLElement & {
      ready: Promise<void>;
    };
    await studio.ready;
    const editor = studio.shadowRoot!.querySelector('idsync-editor') as HTMLElement & {
      config: {
        setup: string;
        idSyncConfiguration: unknown[];
        connectionSettings: { sendTrack: boolean };
      };
    };
    return {
      setup: editor.config.setup,
      rows: editor.config.idSyncConfiguration.length,
      sendTrack: editor.config.connectionSettings.sendTrack,
      notice: studio.shadowRoot!.querySelector('[part="draft-notice"]') !== null,
      leftInLocalStorage: Object.keys(localStorage).filter((k) =>
        k.startsWith('idsync-drafts-pending:'),
      ).length,
    };
  });
}

describe('the studio reloaded right after an edit', () => {
  let demo: BuiltDemo;
  let page: Page;

  before(async () => {
    demo = await openBuiltDemo('idsync-reload-');
    page = demo.page;
    await page.goto(`${demo.origin}?audience=vip&destination=braze`);
  });

  after(() => demo?.close());

  it('starts from the host config, with no stored draft', async () => {
    const before = await shown(page);

    assert.equal(before.setup, 'default');
    assert.equal(before.notice, false);
  });

  it('keeps a switch to Customized Setup', async () => {
    await page.locator(aria('Customized Setup', 'radio')).click();
    await page.reload();

    const after = await shown(page);
    assert.equal(after.setup, 'customized');
    assert.equal(after.notice, true, 'the studio says it shows a stored draft');
    assert.equal(after.leftInLocalStorage, 0, 'the kept copy is removed once recovered');
  });

  it('keeps an added identifier row, reload after reload', async () => {
    for (let round = 0; round < 3; round++) {
      const rows = (await shown(page)).rows;

      await page.locator(aria('Add identifier', 'button')).click();
      await page.reload();

      assert.equal((await shown(page)).rows, rows + 1, `round ${round + 1}`);
    }
  });

  it('keeps a changed connection toggle', async () => {
    const sendTrack = (await shown(page)).sendTrack;

    await page.locator(aria('Send Track', 'checkbox')).click();
    await page.reload();

    assert.equal((await shown(page)).sendTrack, !sendTrack);
  });

  it('keeps a switch back to Default Setup', async () => {
    await page.locator(aria('Default Setup', 'radio')).click();
    await page.reload();

    assert.equal((await shown(page)).setup, 'default');
  });

  it('raised no page error', () => {
    assert.deepEqual(demo.pageErrors, []);
  });
});
