import type { Finding, IdSyncConfig } from './types.js';

/** Counts, uniqueness and destination rules of a parsed config. */
export function lintConfig(
  _config: IdSyncConfig,
  _context?: { audience?: { includeAnonymousUsers: boolean } },
): Finding[] {
  throw new Error('lintConfig: not implemented yet');
}
