/**
 * Batch simulation: streaming readers for JSONL, Profile API pages and Profiles Sync
 * `user_identifiers` CSV, and a summary that stays the same size however long the input is.
 */
export * from './lines.js';
export * from './readers.js';
export * from './summary.js';
export * from './rate-limits.js';
export * from './run.js';
export * from './json.js';
