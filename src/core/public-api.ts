import type { Finding, IdSyncConfig } from './types.js';

/** The body of a Segment Public API audience-destination create or update call. */
export function toPublicApi(
  _config: IdSyncConfig,
  _options: { mode: 'create' | 'update' },
): { body: Record<string, unknown>; findings: Finding[] } {
  throw new Error('toPublicApi: not implemented yet');
}
