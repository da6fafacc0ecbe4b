import { expect } from '@open-wc/testing';
import { openDraftStore } from '../../src/storage/index.js';
import type { DraftStore } from '../../src/storage/index.js';
import { config, deleteTestDatabases, randomDbName } from './storage-helpers.js';

describe('openDraftStore', () => {
  const stores: DraftStore[] = [];
  const open = async (dbName: string): Promise<DraftStore> => {
    const store = await openDraftStore({ dbName });
    stores.push(store);
    return store;
  };

  afterEach(async () => {
    stores.splice(0).forEach((s) => s.close());
    await deleteTestDatabases();
  });

  describe('when IndexedDB works', () => {
    it('opens on IndexedDB with no problem', async () => {
      const store = await open(randomDbName());

      expect(store.status).to.equal('indexeddb');
      expect(store.problem).to.equal(undefined);
    });

    it('numbers revisions per draft and loads the latest', async () => {
      const store = await open(randomDbName());

      const first = await store.save('aud:fb', config('EMAIL'));
      const second = await store.save('aud:fb', config('EMAIL_SHA256'));
      const other = await store.save('aud:other', config('X'));

      expect([first.revision, second.revision, other.revision]).to.deep.equal([1, 2, 1]);
      expect((await store.load('aud:fb'))?.config).to.deep.equal(config('EMAIL_SHA256'));
    });

    it('keeps undo and redo across closing and reopening the store', async () => {
      const dbName = randomDbName();
      const store = await open(dbName);
      await store.save('d', config('A'));
      await store.save('d', config('B'));
      await store.save('d', config('C'));
      await store.undo('d');
      await store.undo('d');
      store.close();

      const reopened = await open(dbName);
      const afterReload = await reopened.load('d');
      const redone = await reopened.redo('d');
      const state = await reopened.state('d');

      expect(afterReload?.config.idSyncConfiguration[0].mapTo).to.equal('A');
      expect(redone?.config.idSyncConfiguration[0].mapTo).to.equal('B');
      expect(state).to.include({ pointer: 2, latest: 3, canUndo: true, canRedo: true });
    });

    it('forgets the redo stack when a new edit follows an undo, keeping every revision', async () => {
      const store = await open(randomDbName());
      await store.save('d', config('A'));
      await store.save('d', config('B'));
      await store.undo('d');

      const edit = await store.save('d', config('C'));
      const state = await store.state('d');
      const history = await store.history('d');

      expect(edit).to.include({ revision: 3, parent: 1, kind: 'edit' });
      expect(state?.canRedo).to.equal(false);
      expect(history.map((r) => r.config.idSyncConfiguration[0].mapTo)).to.deep.equal([
        'A',
        'B',
        'C',
      ]);
    });

    it('discards a draft with its history', async () => {
      const store = await open(randomDbName());
      await store.save('d', config('A'));

      await store.discard('d');

      expect(await store.load('d')).to.equal(undefined);
      expect(await store.history('d')).to.deep.equal([]);
    });
  });
});
