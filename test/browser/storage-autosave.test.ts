import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import {
  AutosaveController,
  openDraftStore,
  type DraftStore,
  type SaveResult,
} from '../../src/storage/index.js';
import { clearPending, pendingStorageKey, writePending } from '../../src/storage/pending.js';
import { config, deleteTestDatabases, quotaFactory, randomDbName } from './storage-helpers.js';

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

/** The same host, saving the first edit after a pause at once. */
class LeadingAutosaveHost extends AutosaveHost {
  override autosave = new AutosaveController(this, {
    store: () => this.store,
    draftKey: () => 'aud:fb',
    delay: 60_000,
    leading: true,
    onSaved: (rev) => this.saved.push(rev),
    onError: (message) => this.errors.push(message),
  });
}
customElements.define('leading-autosave-test-host', LeadingAutosaveHost);

const mapTo = (r: { config: { idSyncConfiguration: { mapTo: string }[] } } | undefined) =>
  r?.config.idSyncConfiguration[0]?.mapTo;

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

  describe('when two tabs save one draft within the same millisecond', () => {
    it("keeps one tab's unload copy when the other tab's save is confirmed", () => {
      const dbName = randomDbName();
      const key = pendingStorageKey(dbName, 'aud:fb');
      const savedAt = '2026-01-01T00:00:00.000Z';
      writePending(dbName, {
        draftKey: 'aud:fb',
        config: config('MINE'),
        baseRevision: 1,
        savedAt,
      });

      clearPending(dbName, 'aud:fb', savedAt, config('THEIRS'));
      const afterTheirs = localStorage.getItem(key);
      clearPending(dbName, 'aud:fb', savedAt, config('MINE'));

      expect(afterTheirs, 'the other tab left this copy alone').to.not.equal(null);
      expect(localStorage.getItem(key), 'its own confirmed save removes it').to.equal(null);
    });
  });

  describe('when the page unloads before IndexedDB commits the last save', () => {
    it('keeps a copy in localStorage before pagehide returns, and the next open saves it', async () => {
      const dbName = randomDbName();
      const factory = quotaFactory();
      const store = await openDraftStore({ dbName, factory });
      const host = await fixture<AutosaveHost>(
        html`<autosave-test-host .store=${store}></autosave-test-host>`,
      );
      const key = pendingStorageKey(dbName, 'aud:fb');
      // Every IndexedDB write of this page fails from now on: the one started on pagehide too.
      factory.full = true;

      host.autosave.schedule(config('LAST'));
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      const keptDuringPagehide = localStorage.getItem(key);
      store.close();
      const reopened = await openDraftStore({ dbName });
      stores.push(reopened);

      expect(JSON.parse(keptDuringPagehide!)).to.include({
        draftKey: 'aud:fb',
        baseRevision: null,
      });
      expect(mapTo(await reopened.load('aud:fb'))).to.equal('LAST');
      expect(localStorage.getItem(key), 'the copy is removed once saved').to.equal(null);
    });

    it('does not save the copy twice when the write did land', async () => {
      const dbName = randomDbName();
      const store = await openDraftStore({ dbName });
      const host = await fixture<AutosaveHost>(
        html`<autosave-test-host .store=${store}></autosave-test-host>`,
      );
      const key = pendingStorageKey(dbName, 'aud:fb');

      host.autosave.schedule(config('LANDED'));
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      const copy = localStorage.getItem(key)!;
      await host.autosave.flush();
      // The page died after IndexedDB committed but before it could remove its copy.
      localStorage.setItem(key, copy);
      store.close();
      const reopened = await openDraftStore({ dbName });
      stores.push(reopened);

      expect((await reopened.history('aud:fb')).map(mapTo)).to.deep.equal(['LANDED']);
      expect(localStorage.getItem(key)).to.equal(null);
    });

    it('keeps the copy as a conflict when another tab saved the draft meanwhile', async () => {
      const dbName = randomDbName();
      const otherTab = await openDraftStore({ dbName });
      stores.push(otherTab);
      await otherTab.save('aud:fb', config('ONE'));
      const factory = quotaFactory();
      const leaving = await openDraftStore({ dbName, factory });
      factory.full = true;

      void leaving.save('aud:fb', config('MINE'), { baseRevision: 1 }).catch(() => undefined);
      const kept = leaving.preserveUnsaved();
      leaving.close();
      await otherTab.save('aud:fb', config('THEIRS'), { baseRevision: 1 });
      const reopened = await openDraftStore({ dbName });
      stores.push(reopened);

      expect(kept).to.equal(true);
      expect(mapTo(await reopened.load('aud:fb'))).to.equal('THEIRS');
      const state = await reopened.state('aud:fb');
      expect(state?.conflicts.map(({ mine, theirs }) => ({ mine, theirs }))).to.deep.equal([
        { mine: 3, theirs: 2 },
      ]);
      expect(mapTo(await reopened.revision('aud:fb', 3))).to.equal('MINE');
    });

    it('quarantines a copy that is not a valid config, and removes it', async () => {
      const dbName = randomDbName();
      const key = pendingStorageKey(dbName, 'aud:fb');
      localStorage.setItem(key, JSON.stringify({ draftKey: 'aud:fb', config: { version: 9 } }));

      const store = await openDraftStore({ dbName });
      stores.push(store);

      const quarantined = await store.quarantined();
      expect(quarantined.map((q) => q.store)).to.deep.equal(['localStorage']);
      expect(quarantined[0].reason).to.contain('config');
      expect(localStorage.getItem(key)).to.equal(null);
      expect(await store.load('aud:fb')).to.equal(undefined);
    });
  });

  describe('when localStorage is full', () => {
    it('says the copy could not be kept and still saves to IndexedDB', async () => {
      const store = await openDraftStore({ dbName: randomDbName() });
      stores.push(store);
      const fillers: string[] = [];
      let kept: boolean;
      try {
        // Fill the origin's real localStorage until the browser refuses even one more character.
        for (let size = 256 * 1024; size >= 1;) {
          const key = `idsync-test-filler-${fillers.length}`;
          try {
            localStorage.setItem(key, 'x'.repeat(size));
            fillers.push(key);
          } catch {
            size = Math.floor(size / 2);
          }
        }

        const saving = store.save('aud:fb', config('STILL'));
        kept = store.preserveUnsaved();
        await saving;
      } finally {
        fillers.forEach((key) => localStorage.removeItem(key));
      }

      expect(kept).to.equal(false);
      expect(mapTo(await store.load('aud:fb'))).to.equal('STILL');
    });
  });

  describe('with leading saves', () => {
    it('saves the first edit at once and debounces the ones right after it', async () => {
      const store = await openDraftStore({ dbName: randomDbName() });
      stores.push(store);
      const host = await fixture<AutosaveHost>(
        html`<leading-autosave-test-host .store=${store}></leading-autosave-test-host>`,
      );

      host.autosave.schedule(config('FIRST'));
      const dirtyAfterFirst = host.autosave.dirty;
      // Nothing is waiting, so this is the save the first edit already started.
      const firstSave = host.autosave.flush();
      host.autosave.schedule(config('SECOND'));
      await firstSave;

      expect(dirtyAfterFirst).to.equal(false);
      expect(host.autosave.dirty).to.equal(true);
      expect(host.saved.map((r) => mapTo(r))).to.deep.equal(['FIRST']);
    });
  });
});
