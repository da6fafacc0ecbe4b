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
export {
  readImport,
  exportConfig,
  exportBundle,
  serializeBundle,
  importBundle,
  existingDrafts,
  formatPath,
  DraftBundle,
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
} from './bundle.js';
export type { CheckedBundle, ImportProblem, ImportRead } from './bundle.js';
export { diffConfigs } from '../core/diff.js';
export type { ConfigDiff, RowChange, SettingChange } from '../core/diff.js';
