/** Draft storage for `<idsync-studio>`: IndexedDB with a memory fallback, history and autosave. */
export { openDraftStore, DEFAULT_RETENTION } from './store.js';
export type { OpenDraftStoreOptions, DraftDBFactory } from './store.js';
export { AutosaveController } from './autosave.js';
export type { AutosaveOptions } from './autosave.js';
export { IdsyncDraftOpenEvent } from './events.js';
export type { IdsyncDraftOpenDetail } from './events.js';
export { DraftNotFoundError } from './operations.js';
export { DB_VERSION, DEFAULT_DB_NAME } from './db.js';
export * from './types.js';
