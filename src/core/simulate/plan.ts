/**
 * The type plan: which identifier types a send carries, each as a "dimension" with a strategy and
 * a place in the payload. Default Setup, Customized Setup and exits build it differently; the
 * Send Mobile IDs gate and each destination's own limits are applied here, so the later steps only
 * select values, combine them and place them.
 */
import { DEFAULT_IDENTIFIER_TYPES, MOBILE_AD_ID_TYPES } from '../catalog.js';
import type {
  DefaultProfile,
  Destination,
  Finding,
  IdSyncConfig,
  SimulationSettings,
  Strategy,
} from '../types.js';

/** Where one dimension's value goes in an event or a list row. */
export type Placement =
  /** Top-level userId; `key` also writes traits/properties.<key> when it is not canonical. */
  | { kind: 'userId'; key?: string }
  | { kind: 'anonymousId'; key?: string }
  /** traits.email on Identify, context.traits.email on Track. */
  | { kind: 'email' }
  /** traits.<key> on Identify, properties.<key> on Track. */
  | { kind: 'key'; key: string }
  /** context.device.advertisingId and context.device.type. */
  | { kind: 'device' }
  /** A list destination's column. */
  | { kind: 'column'; column: string };

export interface Dimension {
  /** Identifier types feeding it (two for the mobile-id slot). */
  types: string[];
  strategy: Strategy;
  placement: Placement;
  /** Index of the Customized Setup row it comes from. */
  row?: number;
  rules: string[];
}

export interface Plan {
  dimensions: Dimension[];
  /** Rules that hold for every send of this plan. */
  rules: string[];
  findings: Finding[];
  /** The setup actually simulated (an empty Customized Setup runs as Default). */
  setup: 'default' | 'customized';
}

export interface PlanInput {
  config: IdSyncConfig;
  destination: Destination;
  settings: SimulationSettings;
  transition: 'entered' | 'exited';
  /** The identifier types present on the profile, to word findings only where they matter. */
  present: ReadonlySet<string>;
}

const MOBILE: readonly string[] = MOBILE_AD_ID_TYPES;

/** The default profile a destination uses for Default Setup under the settings. */
export function resolveDefaultProfile(
  destination: Destination,
  setting: DefaultProfile,
): Exclude<DefaultProfile, 'destination'> {
  if (setting !== 'destination') return setting;
  if (destination.id === 'google-ads-remarketing-lists') return 'most-recent';
  if (destination.id === 'snap-audiences' || destination.id.startsWith('yahoo'))
    return 'email-only';
  return 'generic';
}

export function buildPlan(input: PlanInput): Plan {
  const plan = buildTypePlan(input);
  const custom = customNotDefault(plan, input.present, input.transition);

  if (custom) plan.findings.push(custom);
  return plan;
}

/**
 * The plan without the one finding that names the profile's own custom types in the order they
 * appear (see customNotDefault): everything here depends only on which types are present, so a
 * caller may keep it for every profile with the same set of types.
 */
export function buildTypePlan(input: PlanInput): Plan {
  const { config, transition, settings } = input;
  const findings: Finding[] = [];
  const rules: string[] = [];
  const rows = config.idSyncConfiguration;
  let setup: Plan['setup'] = config.setup;

  if (setup === 'customized' && rows.length === 0) {
    setup = 'default';
    rules.push('Q26');
    findings.push({
      severity: 'warning',
      code: 'simulate-customized-empty',
      message:
        'Customized Setup has no identifier rows, so Segment syncs the default identifiers: simulated as Default Setup.',
      path: ['idSyncConfiguration'],
    });
  }

  let dimensions: Dimension[];

  if (transition === 'exited') {
    rules.push('R23', 'Q7');
    dimensions = exitDimensions(input, setup, findings, rules);
  } else if (setup === 'default') {
    dimensions = defaultDimensions(input, 'entered', findings, rules);
  } else {
    dimensions = rowDimensions(input, false, findings);
    if (
      settings.alwaysIncludeUserId &&
      input.destination.kind === 'event' &&
      !rows.some((r) => r.externalId === 'user_id')
    ) {
      dimensions.unshift({
        types: ['user_id'],
        strategy: 'last',
        placement: { kind: 'userId' },
        rules: ['Q5'],
      });
    }
  }

  return { dimensions: dimensions.filter((d) => d.types.length > 0), rules, findings, setup };
}

/** Default Setup on entry: the custom types present (in order of appearance) are not sent. */
export function customNotDefault(
  plan: Plan,
  present: ReadonlySet<string>,
  transition: 'entered' | 'exited',
): Finding | undefined {
  if (plan.setup !== 'default' || present.size === 0 || transition !== 'entered') return undefined;

  const custom = [...present].filter(
    (t) => !(DEFAULT_IDENTIFIER_TYPES as readonly string[]).includes(t),
  );
  if (custom.length === 0) return undefined;

  return {
    severity: 'warning',
    code: 'simulate-custom-not-default',
    message: `Default Setup never sends custom identifiers: ${custom.join(', ')} not sent (map them in Customized Setup to send them).`,
    path: ['setup'],
  };
}

/** Customized Setup rows as dimensions, mobile-id gate applied; on exit every strategy is `all`. */
function rowDimensions(input: PlanInput, exit: boolean, findings: Finding[]): Dimension[] {
  const { config, destination, settings, present } = input;
  const dimensions: Dimension[] = [];

  config.idSyncConfiguration.forEach((row, index) => {
    const type = row.externalId;
    const path = ['idSyncConfiguration', index, 'externalId'];

    if (gatedByRow(type, config, settings)) {
      if (present.has(type)) {
        findings.push({
          severity: 'warning',
          code: 'simulate-mobile-id-gated',
          message: `${type} dropped: Send Mobile IDs is disabled, and ID Sync sends mobile advertising ids only with it on.`,
          path,
        });
      }
      return;
    }

    const listReason = listRefusal(destination, config, row.mapTo);
    if (listReason !== undefined) {
      if (present.has(type)) {
        findings.push({
          severity: 'warning',
          code: 'simulate-column-not-sent',
          message: `${type} is not sent: ${listReason}`,
          path: ['idSyncConfiguration', index, 'mapTo'],
        });
      }
      return;
    }

    const strategy: Strategy = exit ? 'all' : row.strategy;
    const rules = exit ? ['R23', 'Q7'] : ['R10', 'R13'];
    if (!exit) rules.push(strategy === 'all' ? 'F7' : 'Q1');
    if (!exit && strategy !== 'all') rules.push('Q2');

    dimensions.push({
      types: [type],
      strategy,
      placement: rowPlacement(destination, type, row.mapTo, rules),
      row: index,
      rules,
    });
  });

  return dimensions;
}

function rowPlacement(
  destination: Destination,
  type: string,
  key: string,
  rules: string[],
): Placement {
  if (destination.kind === 'list') return { kind: 'column', column: key };

  if (type === 'user_id') {
    rules.push('Q5');
    return key === 'user_id' ? { kind: 'userId' } : { kind: 'userId', key };
  }
  if (type === 'anonymous_id') {
    rules.push('Q5');
    return key === 'anonymous_id' ? { kind: 'anonymousId' } : { kind: 'anonymousId', key };
  }
  if (type === 'email' && key === 'email') {
    rules.push('E2', 'Q8');
    return { kind: 'email' };
  }
  rules.push('E3');
  return { kind: 'key', key };
}

/** Whether the mobile-id gate removes a Customized Setup row of this type. */
function gatedByRow(type: string, config: IdSyncConfig, settings: SimulationSettings): boolean {
  if (config.connectionSettings.sendMobileIds || !MOBILE.includes(type)) return false;
  if (settings.mobileIdGate === 'off') return false;
  if (settings.mobileIdGate === 'ios-only') return type === 'ios.idfa';
  return true;
}

/**
 * Default Setup dimensions for the destination's default profile. `all` values except the
 * most-recent profile. On exit the caller forces `all` and adds anonymous ids itself.
 */
function defaultDimensions(
  input: PlanInput,
  transition: 'entered' | 'exited',
  findings: Finding[],
  rules: string[],
): Dimension[] {
  const { config, destination, settings, present } = input;
  const profile = resolveDefaultProfile(destination, settings.defaultProfile);
  const { includeAnonymousUsers, sendMobileIds } = config.connectionSettings;
  const base = transition === 'exited' ? ['R23', 'Q7'] : ['R26', 'Q6'];

  let wanted: { type: string; strategy: Strategy; rules: string[] }[];
  if (profile === 'most-recent') {
    const matcher =
      config.destinationSettings?.matcher ?? destination.settings?.matcher?.default ?? 'email';
    const types = matcher === 'mobile_id' ? [...MOBILE] : ['email'];
    wanted = types.map((type) => ({ type, strategy: 'last', rules: [...base, 'R27'] }));
  } else if (profile === 'email-only') {
    wanted = [{ type: 'email', strategy: 'all', rules: [...base, 'R27'] }];
  } else {
    wanted = [
      { type: 'user_id', strategy: 'all', rules: [...base, 'F3'] },
      { type: 'email', strategy: 'all', rules: [...base] },
    ];
    if (includeAnonymousUsers)
      wanted.push({ type: 'anonymous_id', strategy: 'all', rules: [...base, 'F4'] });
    else if (transition === 'entered') {
      rules.push('Q11');
      // A list destination without an anonymous id column would not send it either way.
      const hasPlace =
        destination.kind === 'event' || destination.keyFor.anonymous_id !== undefined;
      if (present.has('anonymous_id') && hasPlace) {
        findings.push({
          severity: 'warning',
          code: 'simulate-anonymous-excluded',
          message:
            'anonymous_id not sent: the audience does not include anonymous users, so Default Setup sends no anonymousId.',
          path: ['connectionSettings', 'includeAnonymousUsers'],
        });
      }
    }
    for (const type of MOBILE)
      wanted.push({ type, strategy: 'all', rules: [...base, 'E5', 'R16'] });
    if (destination.id === 'facebook-custom-audiences') for (const w of wanted) w.rules.push('Q17');
  }

  if (transition === 'entered') rules.push(...(profile === 'generic' ? [] : ['R27']));

  // Default Setup's own mobile ids always need Send Mobile IDs (the gate setting is about rows).
  const mobileWanted = wanted.filter((w) => MOBILE.includes(w.type));
  if (!sendMobileIds && mobileWanted.length > 0) {
    wanted = wanted.filter((w) => !MOBILE.includes(w.type));
    const dropped = mobileWanted.map((w) => w.type).filter((t) => present.has(t));
    if (dropped.length > 0) {
      findings.push({
        severity: 'warning',
        code: 'simulate-mobile-id-gated',
        message: `${dropped.join(' and ')} not sent: Send Mobile IDs is disabled.`,
        path: ['connectionSettings', 'sendMobileIds'],
      });
    }
  }

  return groupDefault(wanted, input, findings);
}

/** Default types -> dimensions: one per payload place (all mobile ids share context.device). */
function groupDefault(
  wanted: { type: string; strategy: Strategy; rules: string[] }[],
  input: PlanInput,
  findings: Finding[],
): Dimension[] {
  const { destination, config, present } = input;
  const dimensions: Dimension[] = [];
  const byPlace = new Map<string, Dimension>();

  for (const w of wanted) {
    let placement: Placement;
    if (destination.kind === 'event') {
      placement =
        w.type === 'user_id'
          ? { kind: 'userId' }
          : w.type === 'anonymous_id'
            ? { kind: 'anonymousId' }
            : w.type === 'email'
              ? { kind: 'email' }
              : MOBILE.includes(w.type)
                ? { kind: 'device' }
                : { kind: 'key', key: w.type };
      if (placement.kind === 'email') w.rules.push('E2');
    } else {
      const column = destination.keyFor[w.type];
      if (column === undefined) continue;
      const refusal = listRefusal(destination, config, column);
      if (refusal !== undefined) {
        // The declared default list type refuses exactly what the written value would.
        if (present.has(w.type)) {
          findings.push({
            severity: 'warning',
            code: 'simulate-column-not-sent',
            message: `${w.type} is not sent: ${refusal}`,
            path: ['destinationSettings', 'externalIdType'],
          });
        }
        continue;
      }
      placement = { kind: 'column', column };
    }

    const place = JSON.stringify(placement);
    const existing = byPlace.get(place);
    if (existing) {
      existing.types.push(w.type);
      existing.rules.push(...w.rules);
      continue;
    }
    const dimension: Dimension = {
      types: [w.type],
      strategy: w.strategy,
      placement,
      rules: w.rules,
    };
    byPlace.set(place, dimension);
    dimensions.push(dimension);
  }

  return dimensions;
}

/**
 * Exit scope: configured rows (every value) plus, under the union scope, the Default Setup
 * identifiers the rows do not cover, plus every anonymous_id when the setting says so.
 */
function exitDimensions(
  input: PlanInput,
  setup: 'default' | 'customized',
  findings: Finding[],
  rules: string[],
): Dimension[] {
  const { settings, destination } = input;
  const dimensions = setup === 'customized' ? rowDimensions(input, true, findings) : [];
  const covered = new Set(dimensions.flatMap((d) => d.types));
  const rowTypes = new Set(
    setup === 'customized' ? input.config.idSyncConfiguration.map((r) => r.externalId) : [],
  );

  if (setup === 'default' || settings.exitScope === 'union') {
    const defaults = defaultDimensions(input, 'exited', findings, rules);
    for (const d of defaults) {
      d.strategy = 'all';
      d.types = d.types.filter((t) => !rowTypes.has(t));
      if (d.types.length === 0) continue;
      const sameColumn = dimensions.find(
        (x) =>
          x.placement.kind === 'column' &&
          JSON.stringify(x.placement) === JSON.stringify(d.placement),
      );
      if (sameColumn) {
        sameColumn.types.push(...d.types);
        continue;
      }
      dimensions.push(d);
      d.types.forEach((t) => covered.add(t));
    }
  }

  // An entry that added userId under "Always include userId" is covered by its exit too.
  if (
    settings.alwaysIncludeUserId &&
    destination.kind === 'event' &&
    !covered.has('user_id') &&
    !rowTypes.has('user_id')
  ) {
    dimensions.unshift({
      types: ['user_id'],
      strategy: 'all',
      placement: { kind: 'userId' },
      rules: ['Q5', 'R23'],
    });
    covered.add('user_id');
  }

  if (
    settings.exitIncludesAnonymousIds &&
    !rowTypes.has('anonymous_id') &&
    !covered.has('anonymous_id')
  ) {
    const placement: Placement | undefined =
      destination.kind === 'event'
        ? { kind: 'anonymousId' }
        : destination.keyFor.anonymous_id !== undefined
          ? { kind: 'column', column: destination.keyFor.anonymous_id }
          : undefined;
    if (placement) {
      dimensions.push({
        types: ['anonymous_id'],
        strategy: 'all',
        placement,
        rules: ['R24', 'F4'],
      });
    }
  }

  return dimensions;
}

/**
 * Why a list destination would not take a column, or undefined. Google Customer Match takes the
 * identifiers of its list type only.
 */
function listRefusal(
  destination: Destination,
  config: IdSyncConfig,
  column: string,
): string | undefined {
  if (destination.id !== 'google-customer-match') return undefined;

  const written = config.destinationSettings?.externalIdType;
  const listType = written ?? destination.settings?.externalIdType?.default ?? 'CONTACT_INFO';
  const allowed =
    listType === 'CRM_ID'
      ? column === 'crm_id'
      : listType === 'MOBILE_ADVERTISING_ID'
        ? column === 'mobile_id'
        : column !== 'crm_id' && column !== 'mobile_id';

  const named =
    written === undefined
      ? `a ${listType} list (the default externalIdType)`
      : `a ${listType} list`;
  return allowed ? undefined : `${named} does not take the ${column} column.`;
}
