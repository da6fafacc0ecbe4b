import type { Finding, IdSyncConfig } from './types.js';

export type ParseConfigResult =
  | { ok: true; config: IdSyncConfig; findings: Finding[] }
  | { ok: false; findings: Finding[] };

/** Reads a config document (or a Public API connection object) from outside. Structure only. */
export function parseConfig(_input: unknown, _options?: { destination?: string }): ParseConfigResult {
  throw new Error('parseConfig: not implemented yet');
}
