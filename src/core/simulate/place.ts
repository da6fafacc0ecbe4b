/**
 * Places one combination's values into Segment-spec Identify and Track payloads. Keys are written
 * in a fixed order (type, event, userId, anonymousId, context, traits/properties) so whole payloads
 * can be compared; there is no messageId or timestamp because a simulation has no real send.
 */
import type { SimulationSettings } from '../types.js';
import type { Combination } from './combine.js';
import type { Dimension } from './plan.js';

export interface PlaceContext {
  dimensions: readonly Dimension[];
  audienceKey: string;
  transition: 'entered' | 'exited';
  settings: Readonly<SimulationSettings>;
}

type Payload = Record<string, unknown>;

/** The payload fields a combination fills, before they are shaped per call type. */
export interface Fields {
  userId?: string;
  anonymousId?: string;
  email?: string;
  device?: { advertisingId: string; type: string };
  /** In dimension order; `email: true` marks the email slot. */
  keyed: { key: string; value: string; email?: boolean }[];
}

/** What one combination fills; read once and shaped into both call types. */
export function collect(combo: Combination, dimensions: readonly Dimension[]): Fields {
  const fields: Fields = {
    userId: undefined,
    anonymousId: undefined,
    email: undefined,
    device: undefined,
    keyed: [],
  };

  for (const { dimension, entry } of combo) {
    const placement = dimensions[dimension].placement;
    switch (placement.kind) {
      case 'userId':
        fields.userId = entry.id;
        if (placement.key) fields.keyed.push({ key: placement.key, value: entry.id });
        break;
      case 'anonymousId':
        fields.anonymousId = entry.id;
        if (placement.key) fields.keyed.push({ key: placement.key, value: entry.id });
        break;
      case 'email':
        fields.email = entry.id;
        fields.keyed.push({ key: 'email', value: entry.id, email: true });
        break;
      case 'key':
        fields.keyed.push({ key: placement.key, value: entry.id });
        break;
      case 'device':
        fields.device = {
          advertisingId: entry.id,
          type: entry.type.startsWith('ios') ? 'ios' : 'android',
        };
        break;
      case 'column':
        break;
    }
  }

  return fields;
}

function personas(ctx: PlaceContext): Payload {
  return {
    computation_class: 'audience',
    computation_id: ctx.settings.computationId,
    computation_key: ctx.audienceKey,
    namespace: ctx.settings.spaceId,
    space_id: ctx.settings.spaceId,
  };
}

/** Each event gets its own device object, so changing one payload never changes another. */
function deviceOf(device: NonNullable<Fields['device']>): Payload {
  return { advertisingId: device.advertisingId, type: device.type };
}

export function identifyEvent(fields: Fields, ctx: PlaceContext): Payload {
  const context: Payload = {};
  if (fields.device) context.device = deviceOf(fields.device);
  context.personas = personas(ctx);

  const traits: Payload = { [ctx.audienceKey]: ctx.transition === 'entered' };
  for (const k of fields.keyed) if (!(k.key in traits)) traits[k.key] = k.value;

  const event: Payload = { type: 'identify' };
  if (fields.userId !== undefined) event.userId = fields.userId;
  if (fields.anonymousId !== undefined) event.anonymousId = fields.anonymousId;
  event.context = context;
  event.traits = traits;
  return event;
}

export function trackEvent(fields: Fields, ctx: PlaceContext): Payload {
  const context: Payload = {};
  if (fields.email !== undefined) context.traits = { email: fields.email };
  if (fields.device) context.device = deviceOf(fields.device);
  context.personas = personas(ctx);

  const properties: Payload = {
    audience_key: ctx.audienceKey,
    [ctx.audienceKey]: ctx.transition === 'entered',
  };
  for (const k of fields.keyed) {
    if (k.email && !ctx.settings.copyEmailToProperties) continue;
    if (!(k.key in properties)) properties[k.key] = k.value;
  }

  const event: Payload = {
    type: 'track',
    event: ctx.transition === 'entered' ? 'Audience Entered' : 'Audience Exited',
  };
  if (fields.userId !== undefined) event.userId = fields.userId;
  if (fields.anonymousId !== undefined) event.anonymousId = fields.anonymousId;
  event.context = context;
  event.properties = properties;
  return event;
}
