/**
 * Simulates a batch profile by profile and keeps only totals, so memory stays constant however
 * many profiles pass: counts under Default Setup and under the config, the findings by code
 * (values dropped and why), a histogram of sends per profile, the heaviest profiles, the bad
 * lines, and the time the sends would take at the destination's documented rate limit.
 *
 * The summary is plain data (structured-clone and JSON safe) so a Web Worker can post it.
 */
import { simulate, simulateSync } from '../simulate/index.js';
import type {
  Finding,
  IdSyncConfig,
  SimulationRequest,
  SimulationResult,
  SimulationSettings,
} from '../types.js';
import { rateLimitFor, type RateLimit } from './rate-limits.js';
import type { BadLine, BatchProfile } from './readers.js';

/** Input that was not read as rows because a bad line swallowed it (a CSV quote never closed). */
export interface UnreadInput {
  lines: number;
  bytes: number;
  /** Set when `bytes` is a lower bound (an over-long line was among the lines). */
  atLeast: boolean;
  /** The first line of the first such stretch; undefined when everything was read. */
  fromLine: number | undefined;
}

export type SetupName = 'default' | 'customized';

export interface SetupTotals {
  /** Profiles that could be audience members at all. */
  eligible: number;
  /** Profiles that produced at least one event or row. */
  sending: number;
  events: number;
  rows: number;
}

export interface FindingCount {
  /** Where the finding came from: reading the profile, or simulating it under a setup. */
  source: 'input' | SetupName;
  /** `config`: the finding is about the config (or settings) alone, the same for every profile,
   * so it is counted once for the run. `profile`: counted each time a profile raises it. */
  scope: 'config' | 'profile';
  code: string;
  severity: Finding['severity'];
  count: number;
  /** The message of the first occurrence, so a reader sees what the code means. */
  example: string;
}

export interface HistogramBucket {
  label: string;
  min: number;
  /** Inclusive upper bound; undefined for the open last bucket. */
  max: number | undefined;
  default: number;
  customized: number;
}

export interface HeavyProfile {
  key: string;
  line: number;
  default: number;
  customized: number;
}

export interface BatchSummary {
  destination: string;
  transition: 'entered' | 'exited';
  profiles: number;
  default: SetupTotals;
  customized: SetupTotals;
  findings: FindingCount[];
  histogram: HistogramBucket[];
  heaviest: HeavyProfile[];
  badLines: { count: number; listed: BadLine[] };
  unread: UnreadInput;
  rateLimit: RateLimit & { seconds: Record<SetupName, number> | undefined };
}

/** One profile's outcome under both setups, for callers that print per-profile results. */
export interface ProfileOutcome {
  profile: BatchProfile;
  default: SimulationResult;
  customized: SimulationResult;
}

export interface BatchSimulatorOptions {
  config: IdSyncConfig;
  transition?: 'entered' | 'exited';
  settings?: Partial<SimulationSettings>;
  /** How many of the heaviest profiles to keep. */
  heaviest?: number;
  /** How many bad lines to list (all are counted). */
  listedBadLines?: number;
}

const BUCKETS: Array<[label: string, min: number, max: number | undefined]> = [
  ['0', 0, 0],
  ['1', 1, 1],
  ['2', 2, 2],
  ['3', 3, 3],
  ['4', 4, 4],
  ['5', 5, 5],
  ['6–10', 6, 10],
  ['11–20', 11, 20],
  ['21–50', 21, 50],
  ['51–100', 51, 100],
  ['over 100', 101, undefined],
];

/** Tells findings apart by what they say and where, not only by code. */
function findingKey(finding: Finding): string {
  return `${finding.code}\u0000${JSON.stringify(finding.path)}\u0000${finding.message}`;
}

const emptyTotals = (): SetupTotals => ({ eligible: 0, sending: 0, events: 0, rows: 0 });

export class BatchSimulator {
  private readonly options: Required<Omit<BatchSimulatorOptions, 'settings'>> & {
    settings?: Partial<SimulationSettings>;
  };

  private readonly defaultConfig: IdSyncConfig;

  private profiles = 0;

  private readonly totals: Record<SetupName, SetupTotals> = {
    default: emptyTotals(),
    customized: emptyTotals(),
  };

  private readonly findingCounts = new Map<string, FindingCount>();

  /** Per setup, `findingKey` of each finding that is about the config alone. */
  private readonly configSaid: Record<SetupName, Set<string>> = {
    default: new Set(),
    customized: new Set(),
  };

  private readonly histogram: HistogramBucket[] = BUCKETS.map(([label, min, max]) => ({
    label,
    min,
    max,
    default: 0,
    customized: 0,
  }));

  private heaviest: HeavyProfile[] = [];

  private badCount = 0;

  private readonly badListed: BadLine[] = [];

  private readonly unread: UnreadInput = {
    lines: 0,
    bytes: 0,
    atLeast: false,
    fromLine: undefined,
  };

  constructor(options: BatchSimulatorOptions) {
    this.options = {
      transition: 'entered',
      heaviest: 10,
      listedBadLines: 1000,
      ...options,
    };
    // The comparison baseline: the same connection under Default Setup.
    this.defaultConfig = { ...options.config, setup: 'default', idSyncConfiguration: [] };
    this.findConfigFindings('default', this.defaultConfig);
    this.findConfigFindings('customized', options.config);
  }

  /** Simulates one profile under both setups and adds it to the totals. */
  async add(profile: BatchProfile): Promise<ProfileOutcome> {
    const request = (config: IdSyncConfig): SimulationRequest => ({
      identities: profile.identities,
      config,
      transition: this.options.transition,
      ...(this.options.settings ? { settings: this.options.settings } : {}),
    });
    const [byDefault, customized] = await Promise.all([
      simulate(request(this.defaultConfig)),
      simulate(request(this.options.config)),
    ]);

    this.profiles++;
    for (const finding of profile.findings) this.countFinding('input', finding);
    const sends = {
      default: this.addResult('default', byDefault),
      customized: this.addResult('customized', customized),
    };
    for (const bucket of this.histogram) {
      for (const setup of ['default', 'customized'] as const) {
        const n = sends[setup];
        if (n >= bucket.min && (bucket.max === undefined || n <= bucket.max)) bucket[setup]++;
      }
    }
    this.keepIfHeavy({ key: profile.key, line: profile.line, ...sends });

    return { profile, default: byDefault, customized };
  }

  addBadLine(bad: BadLine): void {
    this.badCount++;
    if (bad.unread) {
      this.unread.lines += bad.unread.lines;
      this.unread.bytes += bad.unread.bytes;
      if (bad.unread.atLeast) this.unread.atLeast = true;
      this.unread.fromLine ??= bad.line;
    }
    if (this.badListed.length < this.options.listedBadLines) this.badListed.push(bad);
  }

  /** The totals so far (a snapshot: later additions do not change it). */
  summary(): BatchSummary {
    const limit = rateLimitFor(this.options.config.destination);
    const unitsOf = (setup: SetupName): number =>
      limit.unit === 'events' ? this.totals[setup].events : this.totals[setup].rows;
    return {
      destination: this.options.config.destination,
      transition: this.options.transition,
      profiles: this.profiles,
      default: { ...this.totals.default },
      customized: { ...this.totals.customized },
      findings: [...this.findingCounts.values()]
        .map((f) => ({ ...f }))
        .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      histogram: this.histogram.map((b) => ({ ...b })),
      heaviest: this.heaviest.map((h) => ({ ...h })),
      badLines: { count: this.badCount, listed: [...this.badListed] },
      unread: { ...this.unread },
      rateLimit: {
        ...limit,
        seconds:
          limit.perSecond === undefined
            ? undefined
            : {
                default: unitsOf('default') / limit.perSecond,
                customized: unitsOf('customized') / limit.perSecond,
              },
      },
    };
  }

  private addResult(setup: SetupName, result: SimulationResult): number {
    const totals = this.totals[setup];
    const sends = result.events.length + result.rows.length;
    if (result.eligible) totals.eligible++;
    if (sends > 0) totals.sending++;
    totals.events += result.events.length;
    totals.rows += result.rows.length;
    const said = this.configSaid[setup];
    for (const finding of result.findings) {
      // A config finding repeats in every profile's result; it was counted once already.
      if (said.size === 0 || !said.has(findingKey(finding))) this.countFinding(setup, finding);
    }
    return sends;
  }

  /**
   * What the simulator says about the config before it looks at a profile: it is what a profile
   * without identities gets, less what points at the identities. Each such finding is counted
   * once, and left out when a profile's result repeats it.
   */
  private findConfigFindings(setup: SetupName, config: IdSyncConfig): void {
    const empty = simulateSync({
      identities: [],
      config,
      transition: this.options.transition,
      ...(this.options.settings ? { settings: this.options.settings } : {}),
    });
    for (const finding of empty.findings) {
      if (finding.path[0] === 'identities') continue;
      this.configSaid[setup].add(findingKey(finding));
      this.countFinding(setup, finding, 'config');
    }
  }

  private countFinding(
    source: FindingCount['source'],
    finding: Finding,
    scope: FindingCount['scope'] = 'profile',
  ): void {
    const id = `${source}\u0000${scope}\u0000${finding.code}`;
    const known = this.findingCounts.get(id);
    if (known) {
      known.count++;
      return;
    }
    this.findingCounts.set(id, {
      source,
      scope,
      code: finding.code,
      severity: finding.severity,
      count: 1,
      example: finding.message,
    });
  }

  private keepIfHeavy(entry: HeavyProfile): void {
    const limit = this.options.heaviest;
    const heavier = (a: HeavyProfile, b: HeavyProfile): number =>
      b.customized - a.customized || b.default - a.default;
    const last = this.heaviest[this.heaviest.length - 1];
    if (this.heaviest.length >= limit && last && heavier(entry, last) >= 0) return;
    this.heaviest = [...this.heaviest, entry].sort(heavier).slice(0, limit);
  }
}
