/**
 * idsync-studio/core: the pure core. No DOM, no customElements, no IndexedDB, so it runs unchanged
 * in a page, a Web Worker and Node 20.
 */
export * from './types.js';
export {
  IdSyncConfig,
  IdSyncRow,
  Strategy,
  ConnectionSettings,
  STRATEGIES,
} from './schema.js';
export {
  destinations,
  findDestination,
  defaultKeyFor,
  DEFAULT_IDENTIFIER_TYPES,
  STANDARD_IDENTIFIERS,
  MOBILE_AD_ID_TYPES,
} from './catalog.js';
export { parseConfig, type ParseConfigResult } from './parse-config.js';
export { lintConfig } from './lint.js';
export { parseIdentities } from './identities.js';
export { simulate } from './simulate/index.js';
export { toPublicApi } from './public-api.js';
