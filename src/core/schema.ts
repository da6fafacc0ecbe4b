/**
 * The config document: what the editor edits, saves and exports. Its rows have the shape of
 * Segment Public API's `idSyncConfiguration`, so a host can forward them unchanged.
 *
 * Structure only lives here; counts, uniqueness and destination rules are lint findings
 * (`lint.ts`), so a document that breaks them still loads and shows its errors.
 */
import { z } from './zod-setup.js';

export const STRATEGIES = ['first', 'last', 'all'] as const;

export const Strategy = z.enum(STRATEGIES);
export type Strategy = z.infer<typeof Strategy>;

export const IdSyncRow = z.strictObject({
  externalId: z.string(),
  strategy: Strategy,
  mapTo: z.string(),
});
export type IdSyncRow = z.infer<typeof IdSyncRow>;

export const ConnectionSettings = z.strictObject({
  sendIdentify: z.boolean(),
  sendTrack: z.boolean(),
  sendMobileIds: z.boolean(),
  includeAnonymousUsers: z.boolean(),
});
export type ConnectionSettings = z.infer<typeof ConnectionSettings>;

export const IdSyncConfig = z.strictObject({
  version: z.literal(1),
  destination: z.string(),
  setup: z.enum(['default', 'customized']),
  idSyncConfiguration: z.array(IdSyncRow),
  connectionSettings: ConnectionSettings,
  destinationSettings: z.optional(z.record(z.string(), z.string())),
});
export type IdSyncConfig = z.infer<typeof IdSyncConfig>;

/** Rows read from outside may lack `mapTo` or carry `null`; `parseConfig` fills it. */
export const IdSyncRowInput = z.strictObject({
  externalId: z.string(),
  strategy: z.string(),
  mapTo: z.optional(z.nullable(z.string())),
});

/** The order of keys in a saved document (the order of the interface above). */
export const CONFIG_KEY_ORDER = [
  'version',
  'destination',
  'setup',
  'idSyncConfiguration',
  'connectionSettings',
  'destinationSettings',
] as const;
export const ROW_KEY_ORDER = ['externalId', 'strategy', 'mapTo'] as const;
export const CONNECTION_KEY_ORDER = [
  'sendIdentify',
  'sendTrack',
  'sendMobileIds',
  'includeAnonymousUsers',
] as const;
