/**
 * idsync-studio/core: the pure core. No DOM, no customElements, no IndexedDB, so it runs unchanged
 * in a page, a Web Worker and Node 20.
 */
export * from './types.js';
export { IdSyncConfig, IdSyncRow, Strategy, ConnectionSettings, STRATEGIES } from './schema.js';
export {
  destinations,
  findDestination,
  defaultKeyFor,
  DEFAULT_IDENTIFIER_TYPES,
  STANDARD_IDENTIFIERS,
  MOBILE_AD_ID_TYPES,
} from './catalog.js';
export {
  parseConfig,
  createConfig,
  serializeConfig,
  type ParseConfigResult,
  type ParseConfigOptions,
} from './parse-config.js';
export { lintConfig, MAX_ROWS, MAX_ALL_ROWS, type LintContext } from './lint.js';
export {
  FINDING_CODES,
  severityOf,
  hasErrors,
  type FindingCode,
  type Severity,
} from './findings.js';
export { locateJsonError, type JsonErrorLocation } from './json-locate.js';
export {
  parseIdentities,
  identityFromRecord,
  compareTimestamps,
  parseTimestamp,
  type Instant,
  type ParsedIdentities,
  type ParseIdentitiesOptions,
  type RecordResult,
} from './identities.js';
export {
  simulate,
  simulateSync,
  compareResults,
  RULES,
  DEFAULT_SETTINGS,
  SETTING_DESCRIPTORS,
  resolveSettings,
  sha256Hex,
  type ResultComparison,
  type Rule,
  type SettingDescriptor,
} from './simulate/index.js';
export { toPublicApi, type PublicApiOptions, type PublicApiResult } from './public-api.js';
