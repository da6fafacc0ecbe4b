/**
 * What a simulation needs from the config, the destination and the settings alone: the lint
 * findings, the destination descriptor and the type plans. A batch simulates many profiles under
 * one config, so this is worked out once per config object (and destination and settings) and
 * reused; memo.ts explains why a config changed in place is never served from the memo.
 *
 * Everything kept here is shared between calls, so it is never handed out as is: callers copy
 * findings and rule lists into each result.
 */
import { findDestination } from '../catalog.js';
import { lintConfig } from '../lint.js';
import type {
  Destination,
  Finding,
  IdSyncConfig,
  SimulationRequest,
  SimulationSettings,
} from '../types.js';
import { ContentCopy, ContentMemo } from './memo.js';
import type { Entry } from './normalise.js';
import { buildTypePlan, type Plan } from './plan.js';
import { orderRules } from './rules.js';
import { prepareSettings, type PreparedSettings } from './settings.js';

/** A finding the simulator gives when a lint finding at the same place already says it. */
const SAID_BY_LINT: Readonly<Record<string, string>> = {
  'simulate-customized-empty': 'customized-without-rows',
  'simulate-mobile-id-gated': 'mobile-id-dropped',
  'simulate-no-calls': 'nothing-sent',
};

/** Identifier types get one bit each in a profile's type set, up to this many per config. */
const MAX_TYPE_BITS = 30;
/** Plans kept per config and settings; profiles with new type sets beyond it are planned afresh. */
const MAX_PLANS = 256;
/** Destination and settings variants kept per config object. */
const MAX_VARIANTS = 4;
/** Rule lists get a cache key while a plan has at most this many dimensions. */
const MAX_KEYED_DIMENSIONS = 14;
/** Shape keys below this index an array rather than a map. */
const RULE_SLOTS = 1024;

/**
 * BIT[i] is 2^i, exact up to 2^52: the bit of dimension i in a shape key. A table, because `**`
 * is a call where a batch computes it for every send.
 */
export const BIT: readonly number[] = Array.from({ length: 53 }, (_, i) => 2 ** i);

/** A type plan for one transition and one set of present types, with what follows from it. */
export class PreparedPlan {
  /** The "row sends nothing" findings for the types present, in dimension order. */
  readonly rowsWithoutValues: readonly Finding[];
  /** Each dimension sends one identifier type, and no two send the same one. */
  readonly oneTypePerDimension: boolean;
  /** Rule lists by shape key: small keys (plans of up to four dimensions) index an array. */
  private readonly ruleSlots: (readonly string[] | undefined)[] = [];
  private readonly ruleLists = new Map<number, readonly string[]>();

  constructor(
    readonly plan: Plan,
    present: ReadonlySet<string>,
  ) {
    const findings: Finding[] = [];
    for (const d of plan.dimensions) {
      if (d.row === undefined || d.types.some((t) => present.has(t))) continue;
      findings.push({
        severity: 'warning',
        code: 'simulate-row-no-values',
        message: `The profile has no ${d.types.join(' or ')}, so row ${d.row + 1} sends nothing.`,
        path: ['idSyncConfiguration', d.row],
      });
    }
    this.rowsWithoutValues = findings;
    const types = plan.dimensions.flatMap((d) => d.types);
    this.oneTypePerDimension =
      plan.dimensions.every((d) => d.types.length === 1) && new Set(types).size === types.length;
  }

  /**
   * The ordered rules of an event that carries the dimensions in `used` (bit i: dimension i),
   * where `spread` marks the dimensions whose values differ between the sends. The ordered list
   * is kept per shape and shared: copy it before handing it out.
   */
  eventRules(used: number, spread: number, resync: boolean, both: boolean): readonly string[] {
    const size = this.plan.dimensions.length;
    if (size > MAX_KEYED_DIMENSIONS)
      return orderRules(this.eventRuleIds(used, spread, resync, both));

    const key = (resync ? 1 : 0) + (both ? 2 : 0) + used * 4 + spread * BIT[size + 2];
    let rules = key < RULE_SLOTS ? this.ruleSlots[key] : this.ruleLists.get(key);
    if (rules === undefined) {
      rules = orderRules(this.eventRuleIds(used, spread, resync, both));
      if (key < RULE_SLOTS) this.ruleSlots[key] = rules;
      else this.ruleLists.set(key, rules);
    }
    return rules;
  }

  /**
   * Every rule behind such an event, unordered: those of any send, of the run (re-sync, both
   * calls), of the plan, and of each dimension carried.
   */
  private eventRuleIds(used: number, spread: number, resync: boolean, both: boolean): string[] {
    const { rules, dimensions } = this.plan;
    const ids = ['A1', 'E1', 'E4', ...rules];
    if (resync) ids.push('F6', 'Q10');
    if (both) ids.push('F8', 'Q19');
    ids.push(...rules);

    let carried = 0;
    for (let i = 0; i < dimensions.length; i++) {
      if ((Math.floor(used / BIT[i]) & 1) === 0) continue;
      carried++;
      ids.push(...dimensions[i].rules);
      if ((Math.floor(spread / BIT[i]) & 1) === 1) ids.push('F2');
    }
    if (carried > 1) ids.push('Q4');
    return ids;
  }
}

/** The config-, destination- and settings-dependent part of a simulation. */
export class PreparedConfig {
  readonly lint: readonly Finding[];
  readonly lintHasError: boolean;
  readonly destination: Destination | undefined;
  /** `code path` of each lint finding, to drop simulator findings that repeat one. */
  private readonly lintSaid: ReadonlySet<string>;
  private readonly typeBits = new Map<string, number>();
  private readonly plans = new Map<number, PreparedPlan>();

  constructor(
    readonly config: IdSyncConfig,
    readonly prepared: PreparedSettings,
    /** The descriptor the request gave (matched by id), as given. */
    readonly given: Destination | undefined,
    /** Its content when this was prepared, to notice a descriptor changed in place. */
    private readonly givenCopy: ContentCopy | undefined,
  ) {
    this.lint = lintConfig(config, given ? { destination: given } : {});
    this.lintHasError = this.lint.some((f) => f.severity === 'error');
    this.lintSaid = new Set(this.lint.map((f) => `${f.code} ${JSON.stringify(f.path)}`));
    this.destination =
      given?.id === config.destination ? given : findDestination(config.destination);
  }

  get settings(): Readonly<SimulationSettings> {
    return this.prepared.settings;
  }

  /** Whether this serves a request with these settings and this destination descriptor. */
  serves(prepared: PreparedSettings, given: Destination | undefined): boolean {
    if (prepared !== this.prepared || given !== this.given) return false;
    return given === undefined || (this.givenCopy?.matches(given) ?? false);
  }

  /**
   * The type plan for a transition and the types of the profile's entries, kept per set of types
   * present. A config whose profiles carry more distinct types than a key holds is planned afresh
   * for the profiles with the extra types.
   */
  plan(transition: 'entered' | 'exited', entries: readonly Entry[]): PreparedPlan {
    const typeSet = this.typeSet(entries);
    const key = typeSet < 0 ? -1 : typeSet * 2 + (transition === 'exited' ? 1 : 0);
    const kept = key < 0 ? undefined : this.plans.get(key);
    if (kept !== undefined) return kept;

    const present = new Set<string>();
    for (const e of entries) present.add(e.type);
    const plan = buildTypePlan({
      config: this.config,
      destination: this.destination as Destination,
      settings: this.settings,
      transition,
      present,
    });
    const prepared = new PreparedPlan(plan, present);
    if (key >= 0 && this.plans.size < MAX_PLANS) this.plans.set(key, prepared);
    return prepared;
  }

  /** The bit set of the types of `entries`, or -1 when a type would need a bit beyond the last. */
  private typeSet(entries: readonly Entry[]): number {
    let set = 0;
    for (const { type } of entries) {
      let bit = this.typeBits.get(type);
      if (bit === undefined) {
        if (this.typeBits.size >= MAX_TYPE_BITS) return -1;
        bit = BIT[this.typeBits.size];
        this.typeBits.set(type, bit);
      }
      set |= bit;
    }
    return set;
  }

  /** `findings` without the simulator findings that repeat a lint finding at the same place. */
  withoutRepeats(findings: Finding[]): Finding[] {
    let repeats = false;
    for (const f of findings) if (this.repeatsLint(f)) repeats = true;
    return repeats ? findings.filter((f) => !this.repeatsLint(f)) : findings;
  }

  private repeatsLint(f: Finding): boolean {
    const same = SAID_BY_LINT[f.code];
    return same !== undefined && this.lintSaid.has(`${same} ${JSON.stringify(f.path)}`);
  }
}

const byConfig = new ContentMemo<PreparedConfig[]>();

/**
 * The prepared config for a request, from the memo when the config, the destination descriptor
 * and the settings have the content they had when it was prepared.
 */
export function prepareConfig(request: SimulationRequest): PreparedConfig {
  const settings = prepareSettings(request.settings);
  const config = request.config;
  const given = request.destination;

  const memoisable = typeof config === 'object' && config !== null;
  const variants = memoisable ? byConfig.get(config) : undefined;
  if (variants !== undefined) {
    for (const v of variants) if (v.serves(settings, given)) return v;
  }

  const givenCopy = given === undefined ? undefined : ContentCopy.of(given);
  const prepared = new PreparedConfig(config, settings, given, givenCopy);
  // A descriptor that is not plain data cannot be checked later, so it is not kept.
  if (memoisable && (given === undefined || givenCopy !== undefined)) {
    if (variants === undefined) byConfig.set(config, [prepared]);
    else {
      if (variants.length >= MAX_VARIANTS) variants.shift();
      variants.push(prepared);
    }
  }
  return prepared;
}

/** A copy of a kept finding, so a caller changing its result never changes the memo. */
export function copyFinding(f: Finding): Finding {
  return { severity: f.severity, code: f.code, message: f.message, path: f.path.slice() };
}
