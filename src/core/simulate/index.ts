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
import { identifyEvent, membershipFindings, trackEvent, type PlaceContext } from './place.js';
import { customNotDefault, type Plan } from './plan.js';
import {
  BIT,
  copyFinding,
  prepareConfig,
  type PreparedConfig,
  type PreparedPlan,
} from './prepare.js';
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
  const current = normaliseIdentities(
    request.identities,
    prepared.prepared,
    ['identities'],
    findings,
  );

  const { includeAnonymousUsers } = config.connectionSettings;
  result.eligible = isEligible(current, includeAnonymousUsers);
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

  const typePlan = prepared.plan(transition, current);
  const plan = typePlan.plan;
  for (const f of plan.findings) findings.push(copyFinding(f));
  if (plan.setup === 'default' && transition === 'entered') {
    const custom = customNotDefault(plan, presentTypes(current), transition);
    if (custom) findings.push(custom);
  }
  if (destination.kind === 'event')
    findings.push(...membershipFindings(plan.dimensions, audienceKey));

  const values = selectAll(plan, current, settings);
  for (const f of typePlan.rowsWithoutValues) findings.push(copyFinding(f));

  let resync = false;
  let combos: Combination[] | undefined;
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
      const all = combine(plan.dimensions, values, settings.combination);
      combos = resyncDelta(request, prepared, all, plan, findings);
    }
  }

  // The common case (every combination of one value per row, nothing to subtract) is sent
  // without building the combinations first; see emitCartesianEvents.
  const direct =
    combos === undefined &&
    destination.kind === 'event' &&
    settings.combination === 'cartesian' &&
    typePlan.oneTypePerDimension;
  if (!direct) combos ??= combine(plan.dimensions, values, settings.combination);

  if ((combos === undefined ? cartesianCount(values) : combos.length) === 0) {
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
  const where = { audienceKey, transition };
  if (combos === undefined) {
    emitCartesianEvents(result, values, typePlan, config.connectionSettings, settings, where);
  } else if (destination.kind === 'list') {
    emitRows(result, combos, plan, destination, settings, runRules);
  } else {
    emitEvents(result, combos, typePlan, config.connectionSettings, settings, resync, where);
  }

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

/** The values each dimension of the plan sends. */
function selectAll(
  plan: Plan,
  entries: readonly Entry[],
  settings: Readonly<SimulationSettings>,
): Entry[][] {
  const values: Entry[][] = [];
  for (const d of plan.dimensions) {
    values.push(selectValues(entries, d.types, d.strategy, settings.tieBreak));
  }
  return values;
}

/** How many sends the cartesian model makes of these values (0 when no dimension has one). */
function cartesianCount(values: readonly Entry[][]): number {
  let count = 1;
  let filled = false;
  for (const v of values) {
    if (v.length === 0) continue;
    filled = true;
    count *= v.length;
  }
  return filled ? count : 0;
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

  // What the previous identities had wrong was reported when they were simulated.
  const previous = normaliseIdentities(request.previous ?? [], prepared.prepared, ['previous'], []);
  const wasMember = isEligible(previous, request.config.connectionSettings.includeAnonymousUsers);
  if (!wasMember) return combos;

  const before = combine(
    plan.dimensions,
    selectAll(plan, previous, settings),
    settings.combination,
  );
  const sent = new Set(before.map(combinationKey));
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
 * 0 when no send carries the dimension, 1 when every send carries the same value, 2 when the
 * sends carry different values.
 */
function spreadOf(combos: readonly Combination[], dimension: number): number {
  let first: string | undefined;
  for (const combo of combos) {
    for (const part of combo) {
      if (part.dimension !== dimension) continue;
      if (first === undefined) first = part.entry.id;
      else if (part.entry.id !== first) return 2;
    }
  }
  return first === undefined ? 0 : 1;
}

function valueSpread(combos: readonly Combination[], size: number): number[] {
  const spread: number[] = [];
  for (let i = 0; i < size; i++) spread.push(spreadOf(combos, i));
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
  // Types in order of first use; a profile has a handful, so a scan beats a map here.
  const types: string[] = [];
  const values: Entry[][] = [];
  for (const combo of combos) {
    for (const { entry } of combo) {
      const at = types.indexOf(entry.type);
      if (at < 0) {
        types.push(entry.type);
        values.push([entry]);
      }
      // One entry per type and value (normalise merged duplicates), so identity is enough.
      else if (!values[at].includes(entry)) values[at].push(entry);
    }
  }
  for (let t = 0; t < types.length; t++) {
    const ids: string[] = [];
    for (const e of sortEntriesInPlace(values[t], tieBreak)) ids.push(e.id);
    result.selection[types[t]] = ids;
  }
}

/**
 * What placing events needs from a plan, or undefined (with the finding that says why) when the
 * connection sends neither Identify nor Track. Shared by both ways of walking the combinations.
 */
function eventContext(
  result: SimulationResult,
  typePlan: PreparedPlan,
  connection: { sendIdentify: boolean; sendTrack: boolean },
  settings: Readonly<SimulationSettings>,
  where: { audienceKey: string; transition: 'entered' | 'exited' },
): PlaceContext | undefined {
  if (!connection.sendIdentify && !connection.sendTrack) {
    result.findings.push(noCallsFinding());
    return undefined;
  }

  return {
    dimensions: typePlan.plan.dimensions,
    audienceKey: where.audienceKey,
    transition: where.transition,
    settings,
  };
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
  const ctx = eventContext(result, typePlan, connection, settings, where);
  if (!ctx) return;
  const plan = typePlan.plan;
  let spreadBits = 0;
  for (let i = 0; i < plan.dimensions.length; i++) {
    if (spreadOf(combos, i) > 1) spreadBits += BIT[i];
  }
  const both = connection.sendIdentify && connection.sendTrack;

  for (const combo of combos) {
    let used = 0;
    for (const part of combo) used += BIT[part.dimension];
    // One list per combination, shared by its Identify and Track.
    const rules = typePlan.eventRules(used, spreadBits, resync, both).slice();
    if (connection.sendIdentify) {
      result.events.push(identifyEvent(combo, ctx));
      result.eventRules.push(rules);
    }
    if (connection.sendTrack) {
      result.events.push(trackEvent(combo, ctx));
      result.eventRules.push(rules);
    }
  }
  recordSelection(result, combos, settings.tieBreak);
}

/**
 * emitEvents for the cartesian model when each dimension sends one identifier type of its own and
 * nothing is subtracted: the sends are every combination of one value per filled dimension (the
 * last dimension varying fastest), so they are walked with one reused combination instead of
 * being built first. Within a dimension the values are distinct and already in send order, which
 * gives the spread and the selection directly.
 */
function emitCartesianEvents(
  result: SimulationResult,
  values: readonly Entry[][],
  typePlan: PreparedPlan,
  connection: { sendIdentify: boolean; sendTrack: boolean },
  settings: Readonly<SimulationSettings>,
  where: { audienceKey: string; transition: 'entered' | 'exited' },
): void {
  const ctx = eventContext(result, typePlan, connection, settings, where);
  if (!ctx) return;
  const combo: Combination = [];
  const at: number[] = [];
  let used = 0;
  let spread = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i].length === 0) continue;
    combo.push({ dimension: i, entry: values[i][0] });
    at.push(0);
    used += BIT[i];
    if (values[i].length > 1) spread += BIT[i];
  }
  const rules = typePlan.eventRules(
    used,
    spread,
    false,
    connection.sendIdentify && connection.sendTrack,
  );

  for (;;) {
    const own = rules.slice();
    if (connection.sendIdentify) {
      result.events.push(identifyEvent(combo, ctx));
      result.eventRules.push(own);
    }
    if (connection.sendTrack) {
      result.events.push(trackEvent(combo, ctx));
      result.eventRules.push(own);
    }

    // Next combination: the last dimension advances first and carries into the earlier ones.
    let k = combo.length - 1;
    for (; k >= 0; k--) {
      const column = values[combo[k].dimension];
      if (++at[k] < column.length) {
        combo[k].entry = column[at[k]];
        break;
      }
      at[k] = 0;
      combo[k].entry = column[0];
    }
    if (k < 0) break;
  }

  for (const part of combo) {
    const ids: string[] = [];
    for (const e of values[part.dimension]) ids.push(e.id);
    result.selection[part.entry.type] = ids;
  }
}

function noCallsFinding(): Finding {
  return {
    severity: 'warning',
    code: 'simulate-no-calls',
    message: 'Neither Send Identify nor Send Track is on, so no event is sent.',
    path: ['connectionSettings'],
  };
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
  // Each row sent, with the combination that first produced it, to name both in a duplicate.
  const seen = new Map<string, Combination>();
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
    const first = destination.id === 'snap-audiences' ? seen.get(key) : undefined;
    if (first !== undefined) {
      result.findings.push({
        severity: 'warning',
        code: 'simulate-row-duplicate',
        message: `${describeCombination(combo)} normalises to the same Snap Audiences row as ${describeCombination(first)}; Snap removes duplicates within a batch, so the row is sent once.`,
        path: [],
      });
      continue;
    }
    seen.set(key, combo);
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

/** A combination in words: `email " A@X.com "`, `email " A@X.com " with phone "+1 555"`. */
function describeCombination(combo: Combination): string {
  return combo.map(({ entry }) => `${entry.type} ${JSON.stringify(entry.id)}`).join(' with ');
}
