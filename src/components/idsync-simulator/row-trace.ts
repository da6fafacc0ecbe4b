/**
 * Traces each column of a list row back to the profile value it came from, so the panel can show
 * raw -> normalised -> sent. Nothing is guessed: a raw value is shown only when the core's own
 * normaliser turns it into exactly the value sent, and a normalised form only when its SHA-256 is
 * the value sent (or it is the value sent, for columns sent in clear).
 */
import { findDestination } from '../../core/catalog.js';
import {
  formatPhone,
  normaliseColumn,
  normaliseGmail,
  sha256Hex,
} from '../../core/simulate/list-normalise.js';
import type {
  Destination,
  IdSyncConfig,
  SimulationResult,
  SimulationSettings,
} from '../../core/types.js';

export interface ColumnTrace {
  raw: string;
  /** The value before hashing; undefined when it cannot be shown with certainty. */
  normalised?: string;
  hashed: boolean;
}

export function traceRow(
  row: Record<string, unknown>,
  context: {
    config: IdSyncConfig;
    destination: Destination | undefined;
    result: SimulationResult;
    settings: SimulationSettings;
  },
): Record<string, ColumnTrace> {
  const { config, result, settings } = context;
  const destination = context.destination ?? findDestination(config.destination);
  const traces: Record<string, ColumnTrace> = {};

  for (const [column, sent] of Object.entries(row)) {
    if (typeof sent !== 'string' || sent === '') continue;

    for (const type of typesFor(column, config, destination)) {
      const raw = (result.selection[type] ?? []).find(
        (value) =>
          normaliseColumn(config.destination, column, type, value, settings).value === sent,
      );
      if (raw === undefined) continue;

      if (raw === sent) {
        traces[column] = { raw, normalised: raw, hashed: false };
      } else {
        const normalised = candidates(raw, settings).find(
          (c) => c === sent || sha256Hex(c) === sent,
        );
        traces[column] = { raw, normalised, hashed: normalised !== sent };
      }
      break;
    }
  }

  return traces;
}

/** The identifier types whose values land in `column` under this config. */
function typesFor(
  column: string,
  config: IdSyncConfig,
  destination: Destination | undefined,
): string[] {
  const fromRows = config.idSyncConfiguration
    .filter((r) => r.mapTo === column)
    .map((r) => r.externalId);
  const fromDefaults = Object.entries(destination?.keyFor ?? {})
    .filter(([, key]) => key === column)
    .map(([type]) => type);
  return [...new Set([...fromRows, ...fromDefaults])];
}

/** The usual normal forms of a value, from the core's own helpers. */
function candidates(raw: string, settings: SimulationSettings): string[] {
  const trimmed = raw.trim();
  const lower = trimmed.toLowerCase();
  const digits = raw.replace(/\D/g, '');
  const gmail = normaliseGmail(raw);
  const phone = formatPhone(raw, settings.defaultCountryCode);
  return [
    ...new Set([
      lower,
      trimmed,
      gmail.segment,
      gmail.google,
      digits,
      digits.replace(/^0+/, ''),
      phone.segment,
      phone.e164,
      phone.segment.slice(1),
      phone.e164.slice(1),
    ]),
  ].filter((c) => c !== '');
}
