import type { Finding, Identity } from './types.js';

/** Reads one profile's identities from a JSON value or text (JSON or CSV). */
export function parseIdentities(_input: unknown): { identities: Identity[]; findings: Finding[] } {
  throw new Error('parseIdentities: not implemented yet');
}
