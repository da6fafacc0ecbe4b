/**
 * The per-type timeline the panel draws: each identifier type's values in the order they were
 * added, which of them each setup sends, and why the others were not sent.
 */
import { compareTimestamps } from '../../core/timestamp.js';
import type { Finding, Identity, IdSyncConfig, SimulationResult } from '../../core/types.js';

export interface TimelineEntry {
  identity: Identity;
  /** True when the value came from "Add an identity" rather than the profile. */
  added: boolean;
  sentByDefault: boolean;
  sentByCurrent: boolean;
  /** Why the current config does not send it (empty when it does). */
  reason: string;
}

export interface TimelineGroup {
  type: string;
  entries: TimelineEntry[];
}

export function buildTimeline(input: {
  identities: Identity[];
  added: Identity[];
  config: IdSyncConfig;
  defaultResult?: SimulationResult;
  currentResult?: SimulationResult;
}): TimelineGroup[] {
  const { identities, added, config, defaultResult, currentResult } = input;
  // Positions match the request's identities (profile, then additions), which finding paths use.
  const all = [
    ...identities.map((identity, index) => ({ identity, index, added: false })),
    ...added.map((identity, index) => ({
      identity,
      index: identities.length + index,
      added: true,
    })),
  ];
  const byType = new Map<string, typeof all>();
  for (const item of all) {
    const list = byType.get(item.identity.type) ?? [];
    list.push(item);
    byType.set(item.identity.type, list);
  }

  const groups: TimelineGroup[] = [];
  for (const [type, items] of byType) {
    const ordered = [...items].sort((x, y) =>
      compareTimestamps(x.identity.createdAt, y.identity.createdAt),
    );
    const entries = ordered.map(({ identity, index, added: wasAdded }): TimelineEntry => {
      const sentByDefault = isSent(defaultResult, identity);
      const sentByCurrent = isSent(currentResult, identity);
      return {
        identity,
        added: wasAdded,
        sentByDefault,
        sentByCurrent,
        reason: sentByCurrent ? '' : whyNotSent(identity, index, config, currentResult),
      };
    });
    groups.push({ type, entries });
  }
  return groups;
}

function isSent(result: SimulationResult | undefined, identity: Identity): boolean {
  return result?.selection[identity.type]?.includes(identity.id) ?? false;
}

/** A finding that names the value wins; otherwise the config explains it. */
function whyNotSent(
  identity: Identity,
  index: number,
  config: IdSyncConfig,
  result: SimulationResult | undefined,
): string {
  if (!result) return 'not simulated yet';

  const finding =
    result.findings.find((f) => pointsAt(f, index)) ??
    result.findings.find(
      (f) => TYPE_LEVEL_CODES.has(f.code) && namesType(f.message, identity.type),
    );
  if (finding) return finding.message;

  if (config.setup === 'default' || config.idSyncConfiguration.length === 0) {
    return 'Default Setup does not send this identifier';
  }
  const row = config.idSyncConfiguration.find((r) => r.externalId === identity.type);
  if (!row) return 'no Customized Setup row maps this identifier';
  if (row.strategy === 'last') return 'strategy last: a newer value is sent';
  if (row.strategy === 'first') return 'strategy first: an older value is sent';
  return 'not sent';
}

/** Findings that drop every value of a type (their stable codes are listed in docs/findings.md). */
const TYPE_LEVEL_CODES = new Set([
  'simulate-anonymous-excluded',
  'simulate-mobile-id-gated',
  'simulate-custom-not-default',
]);

function namesType(message: string, type: string): boolean {
  const escaped = type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.])${escaped}($|[^\\w.])`).test(message);
}

/** Identity findings point at `['identities', index]` of the request. */
function pointsAt(finding: Finding, index: number): boolean {
  return finding.path[0] === 'identities' && finding.path[1] === index;
}
