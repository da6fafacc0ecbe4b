/**
 * What Engage would send for one profile under a config: the Identify/Track events of an event
 * destination or the rows of a list destination, each with the rules that produced it. The steps
 * live in small modules (settings, normalise, plan, select, combine, place, list-rows); this one
 * runs them in the order docs/simulation-rules.md describes.
 */
import { findDestination } from '../catalog.js';
import { lintConfig } from '../lint.js';
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
import { identifyEvent, trackEvent, type PlaceContext } from './place.js';
import { buildPlan, type Plan } from './plan.js';
import { orderRules } from './rules.js';
import { selectValues, sortEntries } from './select.js';
import { resolveSettings } from './settings.js';

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
export async function simulate(request: SimulationRequest): Promise<SimulationResult> {
  return simulateSync(request);
}

/**
 * Findings of the simulator that say what a lint finding already says at the same place; the lint
 * wording is kept so the user reads it once.
 */
const SAID_BY_LINT: Record<string, string> = {
  'simulate-customized-empty': 'customized-without-rows',
  'simulate-mobile-id-gated': 'mobile-id-dropped',
  'simulate-no-calls': 'nothing-sent',
};

/** The same as `simulate`, without a promise: for batch runs that must not yield per profile. */
export function simulateSync(request: SimulationRequest): SimulationResult {
  const result = run(request);
  const lintSaid = new Set(result.findings.map((f) => `${f.code} ${JSON.stringify(f.path)}`));

  result.findings = result.findings.filter((f) => {
    const same = SAID_BY_LINT[f.code];
    return same === undefined || !lintSaid.has(`${same} ${JSON.stringify(f.path)}`);
  });
  return result;
}

function run(request: SimulationRequest): SimulationResult {
  const result: SimulationResult = {
    events: [],
    rows: [],
    selection: {},
    findings: [],
    eventRules: [],
    rowRules: [],
    eligible: false,
  };
  const { settings, findings: settingFindings } = resolveSettings(request.settings);
  result.findings.push(...settingFindings);

  const config = request.config;
  const lint = lintConfig(config, request.destination ? { destination: request.destination } : {});
  result.findings.push(...lint);
  if (lint.some((f) => f.severity === 'error')) return result;

  const destination: Destination | undefined =
    request.destination?.id === config.destination
      ? request.destination
      : findDestination(config.destination);
  if (!destination) {
    result.findings.push({
      severity: 'error',
      code: 'simulate-unknown-destination',
      message: `Destination ${JSON.stringify(config.destination)} is not in the catalog and no descriptor was given, so nothing can be simulated.`,
      path: ['destination'],
    });
    return result;
  }

  if (!Array.isArray(request.identities)) {
    result.findings.push({
      severity: 'error',
      code: 'simulate-no-identities',
      message: 'identities must be an array of { type, id, createdAt }.',
      path: ['identities'],
    });
    return result;
  }

  const transition = request.transition ?? 'entered';
  const audienceKey = request.audienceKey ?? 'audience';
  const current = normaliseIdentities(request.identities, settings, ['identities']);
  result.findings.push(...current.findings);

  const { includeAnonymousUsers } = config.connectionSettings;
  result.eligible = isEligible(current.entries, includeAnonymousUsers);
  if (!result.eligible) {
    result.findings.push({
      severity: 'warning',
      code: 'simulate-not-in-audience',
      message: `The profile is not in the audience: it needs a user_id, email, ios.idfa or android.idfa${includeAnonymousUsers ? ' or anonymous_id' : ' (anonymous_id counts only when the audience includes anonymous users)'}, so nothing is sent.`,
      path: ['identities'],
    });
    return result;
  }

  if (destination.kind === 'list' && transition === 'exited' && request.journey) {
    result.findings.push({
      severity: 'warning',
      code: 'simulate-journey-no-removal',
      message: `A Journeys step never removes users from a list destination, so leaving the step sends no ${destination.name} row.`,
      path: ['journey'],
    });
    return result;
  }

  const present = new Set(current.entries.map((e) => e.type));
  const plan = buildPlan({ config, destination, settings, transition, present });
  result.findings.push(...plan.findings);

  let combos = planCombinations(plan, current.entries, settings);
  const runRules = [...plan.rules];

  for (const d of plan.dimensions) {
    const hasValues = current.entries.some((e) => d.types.includes(e.type));
    if (!hasValues && d.row !== undefined) {
      result.findings.push({
        severity: 'warning',
        code: 'simulate-row-no-values',
        message: `The profile has no ${d.types.join(' or ')}, so row ${d.row + 1} sends nothing.`,
        path: ['idSyncConfiguration', d.row],
      });
    }
  }

  if (request.previous !== undefined) {
    if (transition === 'exited') {
      result.findings.push({
        severity: 'warning',
        code: 'simulate-resync-on-exit',
        message:
          'previous is ignored on an exit: an exit always sends every combination so removal succeeds.',
        path: ['previous'],
      });
    } else {
      combos = resyncDelta(request, combos, plan, settings, result.findings, runRules);
    }
  }

  if (combos.length === 0) {
    if (result.findings.every((f) => f.code !== 'simulate-resync-nothing-new')) {
      result.findings.push({
        severity: 'warning',
        code: 'simulate-nothing-to-send',
        message:
          'No identifier is left to send for this profile under this config, so nothing is sent.',
        path: ['idSyncConfiguration'],
      });
    }
    return result;
  }

  if (destination.kind === 'list') emitRows(result, combos, plan, destination, settings, runRules);
  else
    emitEvents(result, combos, plan, config.connectionSettings, settings, runRules, {
      audienceKey,
      transition,
    });

  return result;
}

function isEligible(entries: readonly Entry[], includeAnonymousUsers: boolean): boolean {
  return entries.some(
    (e) => ELIGIBLE_TYPES.includes(e.type) || (includeAnonymousUsers && e.type === 'anonymous_id'),
  );
}

function planCombinations(
  plan: Plan,
  entries: readonly Entry[],
  settings: SimulationSettings,
): Combination[] {
  const values = plan.dimensions.map((d) =>
    selectValues(entries, d.types, d.strategy, settings.tieBreak),
  );
  return combine(plan.dimensions, values, settings.combination);
}

/**
 * Re-sync: the combinations the previous identities already produced under the same plan are not
 * sent again (delta), or everything is sent again (full). Nothing is ever retracted.
 */
function resyncDelta(
  request: SimulationRequest,
  combos: Combination[],
  plan: Plan,
  settings: SimulationSettings,
  findings: Finding[],
  runRules: string[],
): Combination[] {
  runRules.push('F6', 'Q10');
  if (settings.resync === 'full') return combos;

  const previous = normaliseIdentities(request.previous ?? [], settings, ['previous']);
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

function comboRules(combo: Combination, plan: Plan, valueCounts: number[]): string[] {
  const rules = [...plan.rules];
  for (const { dimension } of combo) {
    rules.push(...plan.dimensions[dimension].rules);
    if (valueCounts[dimension] > 1) rules.push('F2');
  }
  if (combo.length > 1) rules.push('Q4');
  return rules;
}

function recordSelection(
  result: SimulationResult,
  combos: readonly Combination[],
  tieBreak: SimulationSettings['tieBreak'],
): void {
  const byType = new Map<string, Map<string, Entry>>();
  for (const combo of combos) {
    for (const { entry } of combo) {
      const values = byType.get(entry.type) ?? new Map<string, Entry>();
      values.set(entry.id, entry);
      byType.set(entry.type, values);
    }
  }
  for (const [type, values] of byType) {
    result.selection[type] = sortEntries([...values.values()], tieBreak).map((e) => e.id);
  }
}

function valueCountsOf(combos: readonly Combination[], plan: Plan): number[] {
  return plan.dimensions.map(
    (_, i) =>
      new Set(combos.flatMap((c) => c.filter((p) => p.dimension === i).map((p) => p.entry.id)))
        .size,
  );
}

function emitEvents(
  result: SimulationResult,
  combos: Combination[],
  plan: Plan,
  connection: { sendIdentify: boolean; sendTrack: boolean },
  settings: SimulationSettings,
  runRules: string[],
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

  const ctx: PlaceContext = { dimensions: plan.dimensions, settings, ...where };
  const counts = valueCountsOf(combos, plan);
  const both = connection.sendIdentify && connection.sendTrack;
  const base = ['A1', 'E1', 'E4', ...runRules, ...(both ? ['F8', 'Q19'] : [])];

  for (const combo of combos) {
    const rules = orderRules([...base, ...comboRules(combo, plan, counts)]);
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

function emitRows(
  result: SimulationResult,
  combos: Combination[],
  plan: Plan,
  destination: Destination,
  settings: SimulationSettings,
  runRules: string[],
): void {
  const counts = valueCountsOf(combos, plan);
  const filled = plan.dimensions.map((_, i) => i).filter((i) => counts[i] > 0);
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
    sentCombos.push(combo);
    result.rows.push(built.row);
    result.rowRules.push(
      orderRules(['A1', ...runRules, ...comboRules(combo, plan, counts), ...built.rules]),
    );
  }
  recordSelection(result, sentCombos, settings.tieBreak);
}
