/**
 * Reading one profile's identities from what a person pastes, imports or drops. The shapes
 * themselves are the core's business (`parseIdentities`); this module adds what only the panel
 * knows: the source's name, size limits, JSON Lines, and a line and column for unreadable JSON.
 */
import { parseIdentities } from '../../core/identities.js';
import { locateJsonError } from '../../core/json-locate.js';
import type { Finding, Identity } from '../../core/types.js';

/** Larger inputs are refused before reading: one profile's identities are far smaller. */
export const MAX_INPUT_BYTES = 2 * 1024 * 1024;

/** Segment stops adding identifier mappings to a profile at 1,000 (Profile API limits page). */
export const MAX_IDENTITIES = 1000;

export type ProfileRead =
  { ok: true; identities: Identity[]; findings: Finding[] } | { ok: false; message: string };

/** Reads pasted text, or a file's text with its name (the extension picks JSON Lines). */
export function readProfileText(text: string, sourceName: string): ProfileRead {
  if (text.length > MAX_INPUT_BYTES) {
    return {
      ok: false,
      message: `${sourceName} is ${formatBytes(text.length)}; the simulator reads one profile of up to ${formatBytes(MAX_INPUT_BYTES)}.`,
    };
  }

  // Only the byte-order mark goes: trimming would shift the line numbers of every message.
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trim();
  if (trimmed === '') return { ok: false, message: `${sourceName} is empty.` };

  const isJsonLines = /\.(jsonl|ndjson)$/i.test(sourceName);
  const looksLikeJson = trimmed.startsWith('{') || trimmed.startsWith('[');
  let value: unknown;
  if (isJsonLines) {
    const lines = readJsonLines(body, sourceName);
    if (!lines.ok) return lines;
    value = lines.value;
  } else if (looksLikeJson && trimmed.includes('\n') && !isJson(trimmed)) {
    // Pasted JSON Lines has no file name to say so: accept it when every line is JSON, else
    // let the core report where the text stops being JSON.
    const lines = readJsonLines(body, sourceName);
    value = lines.ok ? lines.value : body;
  } else {
    // JSON text or CSV with a header row: the core reads both and locates what it cannot read.
    value = body;
  }

  return readProfileValue(value, sourceName);
}

/** Reads an already-parsed value (a sample's data, or JSON a host hands over). */
export function readProfileValue(value: unknown, sourceName: string): ProfileRead {
  let parsed: { identities: Identity[]; findings: Finding[] };
  try {
    parsed = parseIdentities(value);
  } catch (error) {
    return { ok: false, message: `${sourceName}: ${errorMessage(error)}` };
  }

  const errors = parsed.findings.filter((f) => f.severity === 'error');
  if (parsed.identities.length === 0) {
    const why = errors.length
      ? errors.map((f) => describeFinding(f)).join(' ')
      : 'it holds no identities.';
    return { ok: false, message: `${sourceName} gave no profile: ${why}` };
  }
  if (parsed.identities.length > MAX_IDENTITIES) {
    return {
      ok: false,
      message: `${sourceName} holds ${parsed.identities.length} identities; a Segment profile keeps at most ${MAX_IDENTITIES} identifier mappings, so this is more than one profile.`,
    };
  }

  return { ok: true, identities: parsed.identities, findings: parsed.findings };
}

/** A finding as one sentence with where it points. */
export function describeFinding(finding: Finding): string {
  const where = finding.path.length ? ` (at ${formatPath(finding.path)})` : '';
  return `${finding.message}${where}`;
}

export function formatPath(path: (string | number)[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`,
    )
    .join('');
}

function readJsonLines(
  text: string,
  sourceName: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const values: unknown[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    if (line === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      const at = locateJsonError(line);
      const where = at ? `column ${at.column}: ${at.reason}` : 'its end';
      return {
        ok: false,
        message: `${sourceName}, line ${index + 1}: not valid JSON at ${where}.`,
      };
    }
  }

  // One line may hold a whole Profile API page; several lines are one identity each.
  return { ok: true, value: values.length === 1 ? values[0] : values };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
