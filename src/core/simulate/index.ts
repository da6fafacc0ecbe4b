/**
 * What Engage would send for one profile under a config: the Identify/Track events of an event
 * destination or the rows of a list destination, each with the rules that produced it. The steps
 * live in small modules (settings, normalise, plan, select, combine, place, list-rows); this one
 * runs them in the order docs/simulation-rules.md describes.
 */
import type {
  Destination,
  Finding,
  SimulationRequest,
  SimulationResult,
  SimulationSettings,
} from '../types.js';
import { combinationKey, combine, type Combination } from './combine.js';
import { buildRow, rowColumns } from './list-rows.js';
import { normaliseIdentities, type Entry } from './normalise.js';
import { collect, identifyEvent, trackEvent, type PlaceContext } from './place.js';
import { customNotDefault, type Plan } from './plan.js';
import { copyFinding, prepareConfig, type PreparedConfig, type PreparedPlan } from './prepare.js';
import { orderRules } from './rules.js';
import { selectValues, sortEntriesInPlace } from './select.js';

export { compareResults, type ResultComparison } from './compare.js';
export { RULES, type Rule } from './rules.js';
export {
  DEFAULT_SETTINGS,
  SETTING_DESCRIPTORS,
  resolveSettings,
  type SettingDescriptor,
} from './settings.js';
export { sha256Hex } from './list-normalise.js';

const ELIGIBLE_TYPES = ['user_id', 'email', 'ios.idfa', 'android.idfa'];

/**
 * What Engage would send for one profile under a config. Async by contract (a host may move it to
 * a worker); the work itself is synchronous, see `simulateSync`.
 */
export function simulate(request: SimulationRequest): Promise<SimulationResult> {
  // Not an async function: a batch awaits one call per profile, and a settled promise made here
  // is cheaper than an async frame. A throw still becomes a rejection, as the contract says.
  try {
    return Promise.resolve(simulateSync(request));
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/**
 * The same as `simulate`, without a promise: for batch runs that must not yield per profile.
 *
 * What depends only on the config, the destination descriptor and the settings (lint, the type
 * plans, compiled blocked-value patterns) is kept per object and reused while the object keeps
 * its content; a config or settings object changed in place is worked out again (prepare.ts).
 */
export function simulateSync(request: SimulationRequest): SimulationResult {
  const prepared = prepareConfig(request);
  const result = run(request, prepared);

  // A simulator finding that says what a lint finding already says at the same place is left
  // out: the lint wording is kept so the user reads it once.
  result.findings = prepared.withoutRepeats(result.findings);
  return result;
}

function run(request: SimulationRequest, prepared: PreparedConfig): SimulationResult {
  const result: SimulationResult = {
    events: [],
    rows: [],
    selection: {},
    findings: [],
    eventRules: [],
    rowRules: [],
    eligible: false,
  };
  const settings = prepared.settings;
  const findings = result.findings;
  for (const f of prepared.prepared.findings) findings.push(copyFinding(f));

  const config = request.config;
  for (const f of prepared.lint) findings.push(copyFinding(f));
  if (prepared.lintHasError) return result;

  const destination = prepared.destination;
  if (!destination) {
    findings.push({
      severity: 'error',
      code: 'simulate-unknown-destination',
      message: `Destination ${JSON.stringify(config.destination)} is not in the catalog and no descriptor was given, so nothing can be simulated.`,
      path: ['destination'],
    });
    return result;
  }

  if (!Array.isArray(request.identities)) {
    findings.push({
      severity: 'error',
      code: 'simulate-no-identities',
      message: 'identities must be an array of { type, id, createdAt }.',
      path: ['identities'],
    });
    return result;
  }

  const transition = request.transition ?? 'entered';
  const audienceKey = request.audienceKey ?? 'audience';
  const current = normaliseIdentities(request.identities, settings, prepared.prepared.blocked, [
    'identities',
  ]);
  for (const f of current.findings) findings.push(f);

  const { includeAnonymousUsers } = config.connectionSettings;
  result.eligible = isEligible(current.entries, includeAnonymousUsers);
  if (!result.eligible) {
    findings.push({
      severity: 'warning',
      code: 'simulate-not-in-audience',
      message: `The profile is not in the audience: it needs a user_id, email, ios.idfa or android.idfa${includeAnonymousUsers ? ' or anonymous_id' : ' (anonymous_id counts only when the audience includes anonymous users)'}, so nothing is sent.`,
      path: ['identities'],
    });
    return result;
  }

  if (destination.kind === 'list' && transition === 'exited' && request.journey) {
    findings.push({
      severity: 'warning',
      code: 'simulate-journey-no-removal',
      message: `A Journeys step never removes users from a list destination, so leaving the step sends no ${destination.name} row.`,
      path: ['journey'],
    });
    return result;
  }

  const typePlan = prepared.plan(transition, current.entries);
  const plan = typePlan.plan;
  for (const f of plan.findings) findings.push(copyFinding(f));
  if (plan.setup === 'default' && transition === 'entered') {
    const custom = customNotDefault(plan, presentTypes(current.entries), transition);
    if (custom) findings.push(custom);
  }

  let combos = planCombinations(plan, current.entries, settings);
  for (const f of typePlan.rowsWithoutValues) findings.push(copyFinding(f));

  let resync = false;
  if (request.previous !== undefined) {
    if (transition === 'exited') {
      findings.push({
        severity: 'warning',
        code: 'simulate-resync-on-exit',
        message:
          'previous is ignored on an exit: an exit always sends every combination so removal succeeds.',
        path: ['previous'],
      });
    } else {
      resync = true;
      combos = resyncDelta(request, prepared, combos, plan, findings);
    }
  }

  if (combos.length === 0) {
    if (findings.every((f) => f.code !== 'simulate-resync-nothing-new')) {
      findings.push({
        severity: 'warning',
        code: 'simulate-nothing-to-send',
        message:
          'No identifier is left to send for this profile under this config, so nothing is sent.',
        path: ['idSyncConfiguration'],
      });
    }
    return result;
  }

  const runRules = resync ? [...plan.rules, 'F6', 'Q10'] : plan.rules;
  if (destination.kind === 'list') emitRows(result, combos, plan, destination, settings, runRules);
  else
    emitEvents(result, combos, typePlan, config.connectionSettings, settings, resync, {
      audienceKey,
      transition,
    });

  return result;
}

/** The identifier types of a profile, in order of first appearance. */
function presentTypes(entries: readonly Entry[]): Set<string> {
  const types = new Set<string>();
  for (const e of entries) types.add(e.type);
  return types;
}

function isEligible(entries: readonly Entry[], includeAnonymousUsers: boolean): boolean {
  for (const e of entries) {
    if (ELIGIBLE_TYPES.includes(e.type)) return true;
    if (includeAnonymousUsers && e.type === 'anonymous_id') return true;
  }
  return false;
}

function planCombinations(
  plan: Plan,
  entries: readonly Entry[],
  settings: Readonly<SimulationSettings>,
): Combination[] {
  const values: Entry[][] = [];
  for (const d of plan.dimensions) {
    values.push(selectValues(entries, d.types, d.strategy, settings.tieBreak));
  }
  return combine(plan.dimensions, values, settings.combination);
}

/**
 * Re-sync: the combinations the previous identities already produced under the same plan are not
 * sent again (delta), or everything is sent again (full). Nothing is ever retracted.
 */
function resyncDelta(
  request: SimulationRequest,
  prepared: PreparedConfig,
  combos: Combination[],
  plan: Plan,
  findings: Finding[],
): Combination[] {
  const settings = prepared.settings;
  if (settings.resync === 'full') return combos;

  const previous = normaliseIdentities(
    request.previous ?? [],
    settings,
    prepared.prepared.blocked,
    ['previous'],
  );
  const wasMember = isEligible(
    previous.entries,
    request.config.connectionSettings.includeAnonymousUsers,
  );
  if (!wasMember) return combos;

  const sent = new Set(planCombinations(plan, previous.entries, settings).map(combinationKey));
  const fresh = combos.filter((c) => !sent.has(combinationKey(c)));

  if (fresh.length === 0) {
    findings.push({
      severity: 'warning',
      code: 'simulate-resync-nothing-new',
      message:
        'Re-sync: every combination this config selects was already sent, so nothing new is sent (and nothing is retracted).',
      path: ['previous'],
    });
  }
  return fresh;
}

/**
 * Per dimension: 0 when no send carries it, 1 when every send carries the same value, 2 when the
 * sends carry different values.
 */
function valueSpread(combos: readonly Combination[], size: number): number[] {
  const spread: number[] = [];
  const first: string[] = [];
  for (let i = 0; i < size; i++) {
    spread.push(0);
    first.push('');
  }
  for (const combo of combos) {
    for (const { dimension, entry } of combo) {
      const seen = spread[dimension];
      if (seen === 0) {
        spread[dimension] = 1;
        first[dimension] = entry.id;
      } else if (seen === 1 && entry.id !== first[dimension]) spread[dimension] = 2;
    }
  }
  return spread;
}

function comboRules(combo: Combination, plan: Plan, spread: readonly number[]): string[] {
  const rules = [...plan.rules];
  for (const { dimension } of combo) {
    rules.push(...plan.dimensions[dimension].rules);
    if (spread[dimension] > 1) rules.push('F2');
  }
  if (combo.length > 1) rules.push('Q4');
  return rules;
}

function recordSelection(
  result: SimulationResult,
  combos: readonly Combination[],
  tieBreak: SimulationSettings['tieBreak'],
): void {
  const byType = new Map<string, Entry[]>();
  for (const combo of combos) {
    for (const { entry } of combo) {
      const values = byType.get(entry.type);
      if (values === undefined) byType.set(entry.type, [entry]);
      // One entry per type and value (normalise merged duplicates), so identity is enough.
      else if (!values.includes(entry)) values.push(entry);
    }
  }
  for (const [type, values] of byType) {
    const ids: string[] = [];
    for (const e of sortEntriesInPlace(values, tieBreak)) ids.push(e.id);
    result.selection[type] = ids;
  }
}

function emitEvents(
  result: SimulationResult,
  combos: Combination[],
  typePlan: PreparedPlan,
  connection: { sendIdentify: boolean; sendTrack: boolean },
  settings: Readonly<SimulationSettings>,
  resync: boolean,
  where: { audienceKey: string; transition: 'entered' | 'exited' },
): void {
  if (!connection.sendIdentify && !connection.sendTrack) {
    result.findings.push({
      severity: 'warning',
      code: 'simulate-no-calls',
      message: 'Neither Send Identify nor Send Track is on, so no event is sent.',
      path: ['connectionSettings'],
    });
    return;
  }

  const plan = typePlan.plan;
  const ctx: PlaceContext = {
    dimensions: plan.dimensions,
    audienceKey: where.audienceKey,
    transition: where.transition,
    settings,
  };
  const spread = valueSpread(combos, plan.dimensions.length);
  let spreadBits = 0;
  for (let i = 0; i < spread.length; i++) if (spread[i] > 1) spreadBits += 2 ** i;
  const both = connection.sendIdentify && connection.sendTrack;

  for (const combo of combos) {
    let used = 0;
    for (const part of combo) used += 2 ** part.dimension;
    const rules = typePlan.eventRules(used, spreadBits, resync, both);
    const fields = collect(combo, plan.dimensions);
    if (connection.sendIdentify) {
      result.events.push(identifyEvent(fields, ctx));
      result.eventRules.push(rules);
    }
    if (connection.sendTrack) {
      result.events.push(trackEvent(fields, ctx));
      result.eventRules.push(rules);
    }
  }
  recordSelection(result, combos, settings.tieBreak);
}

function emitRows(
  result: SimulationResult,
  combos: Combination[],
  plan: Plan,
  destination: Destination,
  settings: Readonly<SimulationSettings>,
  runRules: readonly string[],
): void {
  const spread = valueSpread(combos, plan.dimensions.length);
  const filled = plan.dimensions.map((_, i) => i).filter((i) => spread[i] > 0);
  const ctx = { destination, dimensions: plan.dimensions, filled, settings };
  const columns = rowColumns(ctx);
  const seen = new Set<string>();
  const sentCombos: Combination[] = [];
  const reported = new Set<string>();

  for (const combo of combos) {
    const built = buildRow(combo, ctx, columns);
    for (const f of built.findings) {
      const key = `${f.code}\u0000${f.message}`;
      if (reported.has(key)) continue;
      reported.add(key);
      result.findings.push(f);
    }
    if (!built.row) continue;

    const key = JSON.stringify(built.row);
    if (destination.id === 'snap-audiences' && seen.has(key)) {
      result.findings.push({
        severity: 'warning',
        code: 'simulate-row-duplicate',
        message:
          'Two combinations normalise to the same Snap Audiences row; Snap removes duplicates within a batch, so it is sent once.',
        path: [],
      });
      continue;
    }
    seen.add(key);
    // A value its column normalises to nothing is left empty in the row, so it is not sent.
    const row = built.row;
    sentCombos.push(
      combo.filter(({ dimension }) => {
        const placement = plan.dimensions[dimension].placement;
        return placement.kind !== 'column' || row[placement.column] !== '';
      }),
    );
    result.rows.push(built.row);
    result.rowRules.push(
      orderRules(['A1', ...runRules, ...comboRules(combo, plan, spread), ...built.rules]),
    );
  }
  recordSelection(result, sentCombos, settings.tieBreak);
}
