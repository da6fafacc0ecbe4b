/**
 * Places one combination's values into Segment-spec Identify and Track payloads. Keys are written
 * in a fixed order (type, event, userId, anonymousId, context, traits/properties) so whole payloads
 * can be compared; there is no messageId or timestamp because a simulation has no real send.
 */
import type { Finding, SimulationSettings } from '../types.js';
import type { Combination } from './combine.js';
import type { Entry } from './normalise.js';
import type { Dimension, Placement } from './plan.js';

export interface PlaceContext {
  dimensions: readonly Dimension[];
  audienceKey: string;
  transition: 'entered' | 'exited';
  settings: Readonly<SimulationSettings>;
}

type Payload = Record<string, unknown>;

/**
 * Sets `key` as an own property. Plain assignment to `__proto__` sets the prototype instead (and
 * a string is then ignored), so that one name is defined; every other name is assigned, which is
 * what the hot path of a batch wants.
 */
function setOwn(payload: Payload, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(payload, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else payload[key] = value;
}

/** Whether `payload` has its own `key`: `in` would also see `constructor` on every object. */
function hasOwn(payload: Payload, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(payload, key);
}

/**
 * The trait/property key a placement also writes, if any: the email slot always writes `email`,
 * a userId/anonymousId slot its non-canonical key.
 */
function keyOf(placement: Placement): string | undefined {
  switch (placement.kind) {
    case 'userId':
    case 'anonymousId':
      return placement.key ? placement.key : undefined;
    case 'email':
      return 'email';
    case 'key':
      return placement.key;
    default:
      return undefined;
  }
}

/** The entry a combination puts at a top-level place (the last one, should two share it). */
function placed(
  combo: Combination,
  dimensions: readonly Dimension[],
  kind: Placement['kind'],
): Entry | undefined {
  let found: Entry | undefined;
  for (const { dimension, entry } of combo) {
    if (dimensions[dimension].placement.kind === kind) found = entry;
  }
  return found;
}

/** context.device for a mobile id; each event gets its own object. */
function device(entry: Entry): Payload {
  return { advertisingId: entry.id, type: entry.type.startsWith('ios') ? 'ios' : 'android' };
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

/** The Identify call of one combination. */
export function identifyEvent(combo: Combination, ctx: PlaceContext): Payload {
  const { dimensions } = ctx;
  const mobile = placed(combo, dimensions, 'device');
  const context: Payload = {};
  if (mobile) context.device = device(mobile);
  context.personas = personas(ctx);

  // A computed key is always an own property, `__proto__` included.
  const traits: Payload = { [ctx.audienceKey]: ctx.transition === 'entered' };
  for (const { dimension, entry } of combo) {
    const key = keyOf(dimensions[dimension].placement);
    if (key !== undefined && !hasOwn(traits, key)) setOwn(traits, key, entry.id);
  }

  const event: Payload = { type: 'identify' };
  addIdentity(event, combo, dimensions);
  event.context = context;
  event.traits = traits;
  return event;
}

/** The Track call of one combination. */
export function trackEvent(combo: Combination, ctx: PlaceContext): Payload {
  const { dimensions } = ctx;
  const email = placed(combo, dimensions, 'email');
  const mobile = placed(combo, dimensions, 'device');
  const context: Payload = {};
  if (email) context.traits = { email: email.id };
  if (mobile) context.device = device(mobile);
  context.personas = personas(ctx);

  const properties: Payload = {
    audience_key: ctx.audienceKey,
    [ctx.audienceKey]: ctx.transition === 'entered',
  };
  for (const { dimension, entry } of combo) {
    const placement = dimensions[dimension].placement;
    // Track keeps the email in context.traits unless the setting also copies it.
    if (placement.kind === 'email' && !ctx.settings.copyEmailToProperties) continue;
    const key = keyOf(placement);
    if (key !== undefined && !hasOwn(properties, key)) setOwn(properties, key, entry.id);
  }

  const event: Payload = {
    type: 'track',
    event: ctx.transition === 'entered' ? 'Audience Entered' : 'Audience Exited',
  };
  addIdentity(event, combo, dimensions);
  event.context = context;
  event.properties = properties;
  return event;
}

/** userId and anonymousId, in that order, where the combination fills them. */
function addIdentity(event: Payload, combo: Combination, dimensions: readonly Dimension[]): void {
  const user = placed(combo, dimensions, 'userId');
  const anonymous = placed(combo, dimensions, 'anonymousId');
  if (user) event.userId = user.id;
  if (anonymous) event.anonymousId = anonymous.id;
}

/**
 * What the membership fields take from a send, said once per simulation: an empty audience key,
 * an audience key that is `audience_key` itself (Track's properties.audience_key then holds the
 * flag instead of the key), and a row whose key is the audience key (the flag keeps the place, so
 * the row's value is not placed). Event destinations only; list rows carry no membership fields.
 */
export function membershipFindings(
  dimensions: readonly Dimension[],
  audienceKey: string,
): Finding[] {
  const findings: Finding[] = [];

  if (audienceKey.trim() === '') {
    findings.push({
      severity: 'warning',
      code: 'simulate-audience-key-empty',
      message:
        'The audience key is empty, so the membership flag goes under an empty name ' +
        '(traits[""], properties[""]). Every Segment audience has a key: give the real one.',
      path: ['audienceKey'],
    });
  }
  if (audienceKey === 'audience_key') {
    findings.push({
      severity: 'warning',
      code: 'simulate-key-is-audience-key',
      message:
        'The audience key is "audience_key", the name of the Track property that carries the ' +
        'key, so properties.audience_key holds the membership flag (true or false) instead of ' +
        'the key.',
      path: ['audienceKey'],
    });
  }

  for (const dimension of dimensions) {
    if (keyOf(dimension.placement) !== audienceKey || audienceKey === 'audience_key') continue;
    const where =
      dimension.row === undefined ? dimension.types.join(' and ') : `Row ${dimension.row + 1}`;
    findings.push({
      severity: 'warning',
      code: 'simulate-key-is-audience-key',
      message:
        `${where} goes to ${JSON.stringify(audienceKey)}, the audience key: traits and ` +
        'properties carry the membership flag under that name, so the value is not placed there.',
      path:
        dimension.row === undefined
          ? ['audienceKey']
          : ['idSyncConfiguration', dimension.row, 'mapTo'],
    });
  }
  return findings;
}
