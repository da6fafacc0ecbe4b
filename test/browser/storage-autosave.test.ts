import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import {
  AutosaveController,
  openDraftStore,
  type DraftStore,
  type SaveResult,
} from '../../src/storage/index.js';
import { config, deleteTestDatabases, randomDbName } from './storage-helpers.js';

/** A minimal host: the controller needs a ReactiveControllerHost that connects and disconnects. */
class AutosaveHost extends LitElement {
  store: DraftStore | undefined;
  saved: SaveResult[] = [];
  errors: string[] = [];
  autosave = new AutosaveController(this, {
    store: () => this.store,
    draftKey: () => 'aud:fb',
    // Long enough that only pagehide (not the timer) can have saved within the test.
    delay: 60_000,
    onSaved: (rev) => this.saved.push(rev),
    onError: (message) => this.errors.push(message),
  });
}
customElements.define('autosave-test-host', AutosaveHost);

describe('AutosaveController', () => {
  const stores: DraftStore[] = [];

  afterEach(async () => {
    stores.splice(0).forEach((s) => s.close());
    await deleteTestDatabases();
  });

  describe('when the page is hidden right after a keystroke', () => {
    it('flushes on pagehide, so the edit is there after a reload', async () => {
      const dbName = randomDbName();
      const store = await openDraftStore({ dbName });
      const host = await fixture<AutosaveHost>(
        html`<autosave-test-host .store=${store}></autosave-test-host>`,
      );

      host.autosave.schedule(config('TYPED'));
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      // The "reload": the connection closes at once; IndexedDB finishes queued writes first.
      store.close();
      const reopened = await openDraftStore({ dbName });
      stores.push(reopened);

      expect((await reopened.load('aud:fb'))?.config).to.deep.equal(config('TYPED'));
    });

    it('flushes when the document becomes hidden', async () => {
      const store = await openDraftStore({ dbName: randomDbName() });
      stores.push(store);
      const host = await fixture<AutosaveHost>(
        html`<autosave-test-host .store=${store}></autosave-test-host>`,
      );
      const visibility = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')!;
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'hidden',
      });

      try {
        host.autosave.schedule(config('HIDDEN'));
        document.dispatchEvent(new Event('visibilitychange'));
        await host.autosave.flush();
      } finally {
        Object.defineProperty(document, 'visibilityState', visibility);
        delete (document as { visibilityState?: unknown }).visibilityState;
      }

      expect(host.saved.map((r) => r.revision)).to.deep.equal([1]);
      expect((await store.load('aud:fb'))?.config).to.deep.equal(config('HIDDEN'));
    });
  });

  describe('when the host disconnects', () => {
    it('stops listening for pagehide', async () => {
      const store = await openDraftStore({ dbName: randomDbName() });
      stores.push(store);
      const host = await fixture<AutosaveHost>(
        html`<autosave-test-host .store=${store}></autosave-test-host>`,
      );
      host.remove();
      await host.autosave.flush();

      host.autosave.schedule(config('AFTER'));
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      await store.list();

      expect(host.autosave.dirty).to.equal(true);
      expect(await store.load('aud:fb')).to.equal(undefined);
    });
  });

  describe('when edits come quickly', () => {
    it('saves only the last one after the delay', async () => {
      const store = await openDraftStore({ dbName: randomDbName() });
      stores.push(store);
      const host = await fixture<AutosaveHost>(
        html`<autosave-test-host .store=${store}></autosave-test-host>`,
      );

      host.autosave.schedule(config('A'));
      host.autosave.schedule(config('AB'));
      host.autosave.schedule(config('ABC'));
      await host.autosave.flush();

      expect(
        (await store.history('aud:fb')).map((r) => r.config.idSyncConfiguration[0].mapTo),
      ).to.deep.equal(['ABC']);
    });
  });
});
