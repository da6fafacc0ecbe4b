/** The base profile and payload builders shared by the simulator's worked-example tests. */
import type { Identity, IdSyncConfig, IdSyncRow, Strategy } from '../../../src/core/types.js';

/** Base profile P of docs/simulation-rules.md "Worked examples". */
export const P: Identity[] = [
  { type: 'user_id', id: 'u1', createdAt: '2024-01-01T00:00:00Z' },
  { type: 'email', id: 'a@x.com', createdAt: '2024-01-02T00:00:00Z' },
  { type: 'email', id: 'b@x.com', createdAt: '2024-02-01T00:00:00Z' },
  { type: 'email', id: 'c@x.com', createdAt: '2024-03-01T00:00:00Z' },
  { type: 'anonymous_id', id: 'an1', createdAt: '2023-12-31T00:00:00Z' },
  { type: 'anonymous_id', id: 'an2', createdAt: '2024-01-15T00:00:00Z' },
  { type: 'ios.idfa', id: 'IDFA-1', createdAt: '2024-01-10T00:00:00Z' },
  { type: 'phone', id: '+15551230001', createdAt: '2024-02-10T00:00:00Z' },
];

export const PERSONAS = {
  computation_class: 'audience',
  computation_id: 'aud_sim',
  computation_key: 'vip',
  namespace: 'spa_sim',
  space_id: 'spa_sim',
};

export function row(externalId: string, strategy: Strategy, mapTo = externalId): IdSyncRow {
  return { externalId, strategy, mapTo };
}

export function config(
  destination: string,
  rows: IdSyncRow[] | 'default',
  connection: Partial<IdSyncConfig['connectionSettings']> = {},
  destinationSettings?: Record<string, string>,
): IdSyncConfig {
  return {
    version: 1,
    destination,
    setup: rows === 'default' ? 'default' : 'customized',
    idSyncConfiguration: rows === 'default' ? [] : rows,
    connectionSettings: {
      sendIdentify: false,
      sendTrack: true,
      sendMobileIds: false,
      includeAnonymousUsers: false,
      ...connection,
    },
    ...(destinationSettings ? { destinationSettings } : {}),
  };
}

interface Ids {
  userId?: string;
  anonymousId?: string;
  email?: string;
  device?: { advertisingId: string; type: string };
}

/** An Audience Entered/Exited Track payload as the simulator writes it (key order included). */
export function track(ids: Ids, extra: Record<string, string> = {}, member = true): object {
  const context: Record<string, unknown> = {};
  if (ids.email) context.traits = { email: ids.email };
  if (ids.device) context.device = ids.device;
  context.personas = PERSONAS;
  return {
    type: 'track',
    event: member ? 'Audience Entered' : 'Audience Exited',
    ...(ids.userId ? { userId: ids.userId } : {}),
    ...(ids.anonymousId ? { anonymousId: ids.anonymousId } : {}),
    context,
    properties: { audience_key: 'vip', vip: member, ...extra },
  };
}

/** An Identify payload as the simulator writes it. */
export function identify(ids: Ids, extra: Record<string, string> = {}, member = true): object {
  const context: Record<string, unknown> = {};
  if (ids.device) context.device = ids.device;
  context.personas = PERSONAS;
  return {
    type: 'identify',
    ...(ids.userId ? { userId: ids.userId } : {}),
    ...(ids.anonymousId ? { anonymousId: ids.anonymousId } : {}),
    context,
    traits: { vip: member, ...(ids.email ? { email: ids.email } : {}), ...extra },
  };
}

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
