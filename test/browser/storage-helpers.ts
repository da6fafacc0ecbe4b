/** Shared fixtures for the storage tests: configs, random database names and clean-up. */
import { deleteDB } from 'idb';
import type { IdSyncConfig } from '../../src/core/types.js';
import type { DraftDBFactory } from '../../src/storage/index.js';

export function config(mapTo = 'EMAIL', overrides: Partial<IdSyncConfig> = {}): IdSyncConfig {
  return {
    version: 1,
    destination: 'facebook-custom-audiences',
    setup: 'customized',
    idSyncConfiguration: [{ externalId: 'email', strategy: 'last', mapTo }],
    connectionSettings: {
      sendIdentify: true,
      sendTrack: false,
      sendMobileIds: false,
      includeAnonymousUsers: false,
    },
    ...overrides,
  };
}

const opened: string[] = [];

/** A fresh database name, deleted by `deleteTestDatabases` after the test. */
export function randomDbName(): string {
  const name = `idsync-test-${crypto.randomUUID()}`;
  opened.push(name);
  return name;
}

export async function deleteTestDatabases(): Promise<void> {
  await Promise.all(opened.splice(0).map((name) => deleteDB(name)));
}

/** Resolves when `check` returns true, re-checking on each store change. */
export function until(
  subscribe: (fn: () => void) => () => void,
  check: () => boolean,
): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve) => {
    const off = subscribe(() => {
      if (check()) {
        off();
        resolve();
      }
    });
  });
}

/**
 * The real IndexedDB with one switch: while `full` is on, every object-store `put` throws the
 * DOMException a browser throws when the origin is out of quota.
 */
export function quotaFactory(): DraftDBFactory & { full: boolean } {
  const factory = {
    full: false,
    open(name: string, version?: number): IDBOpenDBRequest {
      const request = indexedDB.open(name, version);
      request.addEventListener('success', () => {
        const db = request.result;
        const transaction = db.transaction.bind(db);
        db.transaction = ((...args: Parameters<IDBDatabase['transaction']>) => {
          const tx = transaction(...args);
          const objectStore = tx.objectStore.bind(tx);
          tx.objectStore = (storeName: string) => {
            const store = objectStore(storeName);
            const put = store.put.bind(store);
            store.put = (...putArgs: Parameters<IDBObjectStore['put']>) => {
              if (factory.full) throw new DOMException('Quota exceeded', 'QuotaExceededError');
              return put(...putArgs);
            };
            return store;
          };
          return tx;
        }) as IDBDatabase['transaction'];
      });
      return request;
    },
  };
  return factory;
}
