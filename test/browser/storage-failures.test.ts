import { expect } from '@open-wc/testing';
import {
  openDraftStore,
  DB_VERSION,
  type DraftDBFactory,
  type DraftStore,
} from '../../src/storage/index.js';
import {
  config,
  deleteTestDatabases,
  quotaFactory,
  randomDbName,
  until,
} from './storage-helpers.js';

const mapTo = (r: { config: { idSyncConfiguration: { mapTo: string }[] } } | undefined) =>
  r?.config.idSyncConfiguration[0]?.mapTo;

function waitForStatus(store: DraftStore, status: 'indexeddb' | 'memory'): Promise<void> {
  return until(
    (fn) => store.subscribe(fn),
    () => store.status === status,
  );
}

describe('the draft store under storage failures', () => {
  const stores: DraftStore[] = [];
  const held: IDBDatabase[] = [];

  afterEach(async () => {
    stores.splice(0).forEach((s) => s.close());
    held.splice(0).forEach((db) => db.close());
    await deleteTestDatabases();
  });

  describe('when opening IndexedDB throws', () => {
    it('works in memory with a visible problem and loses no edit', async () => {
      const throwing: DraftDBFactory = {
        open() {
          throw new DOMException('The user denied storage', 'SecurityError');
        },
      };
      const store = await openDraftStore({ dbName: randomDbName(), factory: throwing });
      stores.push(store);

      await store.save('d', config('A'));
      await store.save('d', config('B'));

      expect(store.status).to.equal('memory');
      expect(store.problem).to.contain('SecurityError');
      expect(mapTo(await store.load('d'))).to.equal('B');
      expect((await store.undo('d'))?.revision).to.equal(1);
    });

    it('moves the memory revisions into IndexedDB once it opens', async () => {
      const dbName = randomDbName();
      let broken = true;
      const flaky: DraftDBFactory = {
        open(name, version) {
          if (broken) throw new DOMException('Storage unavailable', 'UnknownError');
          return indexedDB.open(name, version);
        },
      };
      const store = await openDraftStore({ dbName, factory: flaky });
      stores.push(store);
      await store.save('d', config('A'));

      broken = false;
      await store.save('d', config('B'));

      expect(store.status).to.equal('indexeddb');
      expect(store.problem).to.equal(undefined);
      const fresh = await openDraftStore({ dbName });
      stores.push(fresh);
      expect((await fresh.history('d')).map(mapTo)).to.deep.equal(['A', 'B']);
      expect(mapTo(await fresh.load('d'))).to.equal('B');
    });
  });

  describe('when a write exceeds the quota', () => {
    it('keeps the edit in memory, says so, and writes it to IndexedDB when space is back', async () => {
      const dbName = randomDbName();
      const factory = quotaFactory();
      const store = await openDraftStore({ dbName, factory });
      stores.push(store);
      await store.save('d', config('A'));

      factory.full = true;
      const inMemory = await store.save('d', config('B'));

      expect(store.status).to.equal('memory');
      expect(store.problem).to.contain('quota');
      expect(inMemory.revision).to.equal(2);
      expect(mapTo(await store.load('d'))).to.equal('B');
      expect((await store.history('d')).map(mapTo)).to.deep.equal(['A', 'B']);

      factory.full = false;
      await store.save('d', config('C'));

      expect(store.status).to.equal('indexeddb');
      const fresh = await openDraftStore({ dbName });
      stores.push(fresh);
      expect((await fresh.history('d')).map(mapTo)).to.deep.equal(['A', 'B', 'C']);
    });

    it('retries on its own and reports the status change', async () => {
      const factory = quotaFactory();
      const store = await openDraftStore({ dbName: randomDbName(), factory, retryMs: 50 });
      stores.push(store);
      factory.full = true;
      await store.save('d', config('A'));
      expect(store.status).to.equal('memory');

      factory.full = false;
      await waitForStatus(store, 'indexeddb');

      expect(mapTo(await store.load('d'))).to.equal('A');
    });
  });

  describe('when an old tab blocks the database upgrade', () => {
    it('works in memory until the old tab closes, then upgrades and keeps the edits', async () => {
      const dbName = randomDbName();
      const old = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(dbName, DB_VERSION - 1);
        request.onupgradeneeded = () => {
          const db = request.result;
          db.createObjectStore('drafts', { keyPath: 'draftKey' }).createIndex(
            'byUpdated',
            'updatedAt',
          );
          db.createObjectStore('revisions', { keyPath: ['draftKey', 'revision'] }).createIndex(
            'byDraft',
            'draftKey',
          );
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      held.push(old);

      const store = await openDraftStore({ dbName });
      stores.push(store);
      await store.save('d', config('A'));

      expect(store.status).to.equal('memory');
      expect(store.problem).to.contain('older version');
      expect(mapTo(await store.load('d'))).to.equal('A');

      const upgraded = waitForStatus(store, 'indexeddb');
      old.close();
      await upgraded;

      expect(store.problem).to.equal(undefined);
      const fresh = await openDraftStore({ dbName });
      stores.push(fresh);
      expect(mapTo(await fresh.load('d'))).to.equal('A');
    });
  });

  describe('when a stored record fails the schema', () => {
    it('quarantines it, lists it, and keeps serving the rest', async () => {
      const dbName = randomDbName();
      const store = await openDraftStore({ dbName });
      stores.push(store);
      await store.save('d', config('A'));
      await store.save('d', config('B'));
      const raw = await new Promise<IDBDatabase>((resolve) => {
        const r = indexedDB.open(dbName);
        r.onsuccess = () => resolve(r.result);
      });
      await new Promise<void>((resolve) => {
        const tx = raw.transaction('revisions', 'readwrite');
        tx.objectStore('revisions').put({
          draftKey: 'd',
          revision: 2,
          savedAt: 'now',
          kind: 'edit',
          parent: 1,
          config: {
            ...config('B'),
            idSyncConfiguration: [{ externalId: 'email', strategy: 'Last Added', mapTo: 'EMAIL' }],
          },
        });
        tx.oncomplete = () => resolve();
      });
      raw.close();

      const loaded = await store.load('d');
      const quarantined = await store.quarantined();

      expect(mapTo(loaded)).to.equal('A');
      expect(quarantined).to.have.length(1);
      expect(quarantined[0].reason).to.contain('config.idSyncConfiguration.0.strategy');
      expect(store.status).to.equal('indexeddb');
      const next = await store.save('d', config('C'));
      expect(next.revision).to.equal(3);
    });
  });

  describe('offline', () => {
    it('makes no network request while saving, loading and listing', async () => {
      const before = performance.getEntriesByType('resource').length;
      const store = await openDraftStore({ dbName: randomDbName() });
      stores.push(store);

      await store.save('d', config('A'));
      await store.load('d');
      await store.list();
      await store.history('d');

      expect(performance.getEntriesByType('resource').length).to.equal(before);
    });
  });
});
