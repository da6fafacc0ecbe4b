import { expect } from '@open-wc/testing';
import { openDraftStore, type DraftStore } from '../../src/storage/index.js';
import { config, deleteTestDatabases, randomDbName } from './storage-helpers.js';

interface FixtureStore {
  name: string;
  keyPath: string | string[];
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string; unique: boolean }[];
  records: Record<string, unknown>[];
}
interface Fixture {
  version: number;
  stores: FixtureStore[];
}

async function loadFixture(): Promise<Fixture> {
  const response = await fetch(new URL('../fixtures/db-v1.json', import.meta.url));
  return (await response.json()) as Fixture;
}

/** Builds a database exactly as the fixture describes, with raw IndexedDB (no project code). */
function buildRaw(
  name: string,
  fixture: Fixture,
  extra?: (db: IDBDatabase) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, fixture.version);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const s of fixture.stores) {
        const store = db.createObjectStore(s.name, {
          keyPath: s.keyPath,
          autoIncrement: s.autoIncrement,
        });
        for (const i of s.indexes) store.createIndex(i.name, i.keyPath, { unique: i.unique });
        for (const r of s.records) store.add(r);
      }
      extra?.(db);
    };
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
}

describe('the drafts database migration', () => {
  let store: DraftStore | undefined;

  afterEach(async () => {
    store?.close();
    await deleteTestDatabases();
  });

  describe('when opening a database version 1 wrote', () => {
    it('brings every revision across with its config and time', async () => {
      const fixture = await loadFixture();
      const dbName = randomDbName();
      await buildRaw(dbName, fixture);

      store = await openDraftStore({ dbName });

      const v1Revisions = fixture.stores.find((s) => s.name === 'revisions')!.records;
      expect(store.status).to.equal('indexeddb');
      for (const old of v1Revisions) {
        const now = await store.revision(old.draftKey as string, old.revision as number);
        expect(now, `${old.draftKey} #${old.revision}`).to.deep.include({
          config: old.config,
          savedAt: old.savedAt,
          kind: 'edit',
        });
      }
      expect((await store.history('aud_vip:facebook-custom-audiences')).length).to.equal(3);
    });

    it('turns each v1 head into the current revision, with the later one reachable by redo-free history', async () => {
      const dbName = randomDbName();
      await buildRaw(dbName, await loadFixture());

      store = await openDraftStore({ dbName });

      const vip = await store.state('aud_vip:facebook-custom-audiences');
      const braze = await store.state('aud_churn:braze');
      expect(vip).to.include({ pointer: 2, latest: 3, name: 'aud_vip:facebook-custom-audiences' });
      expect(vip?.destination).to.equal('facebook-custom-audiences');
      expect(braze).to.include({ pointer: 1, latest: 1, canUndo: false });
      expect((await store.load('aud_vip:facebook-custom-audiences'))?.revision).to.equal(2);
      expect((await store.list()).map((d) => d.draftKey).sort()).to.deep.equal([
        'aud_churn:braze',
        'aud_vip:facebook-custom-audiences',
      ]);
      expect(await store.quarantined()).to.deep.equal([]);
    });

    it('keeps saving after the upgrade, numbering on from the v1 revisions', async () => {
      const dbName = randomDbName();
      await buildRaw(dbName, await loadFixture());
      store = await openDraftStore({ dbName });

      const saved = await store.save('aud_vip:facebook-custom-audiences', config('EMAIL_SHA256'));

      expect(saved).to.include({ revision: 4, parent: 2 });
    });

    it('quarantines a v1 record that fails the schema and keeps the rest', async () => {
      const fixture = await loadFixture();
      const revisions = fixture.stores.find((s) => s.name === 'revisions')!;
      revisions.records.push({
        draftKey: 'aud_churn:braze',
        revision: 2,
        savedAt: '2025-03-01T09:10:00.000Z',
        config: { version: 1, destination: 'braze', setup: 'sometimes' },
      });
      const dbName = randomDbName();
      await buildRaw(dbName, fixture);

      store = await openDraftStore({ dbName });
      const quarantined = await store.quarantined();

      expect(quarantined).to.have.length(1);
      expect(quarantined[0]).to.include({ store: 'revisions', key: '["aud_churn:braze",2]' });
      expect(quarantined[0].reason).to.contain('config.setup');
      expect((await store.history('aud_churn:braze')).map((r) => r.revision)).to.deep.equal([1]);
    });
  });
});
