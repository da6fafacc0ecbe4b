/**
 * Incremental readers for batch input: they take chunks of any size and hand back whole profiles
 * as soon as each is complete, so memory is bounded by one profile (plus one line), never by the
 * file. Every profile goes through `parseIdentities`, the same door as pasted input.
 *
 * Formats:
 * - `jsonl`: one profile per line, in any shape `parseIdentities` accepts.
 * - `profile-api`: one Profile API `/external_ids` page per line. A page whose
 *   `cursor.has_more` is true continues on the next line; pages are merged until one ends the
 *   profile.
 * - `user-identifiers`: a Profiles Sync `user_identifiers` CSV with a header row. The rows of one
 *   profile must be contiguous (export ordered or clustered by `canonical_segment_id`); see
 *   `CsvGrouping` for what happens when they are not.
 *
 * A line that cannot be read is a `BadLine` with its number and the reason; it never stops the run.
 */
import { parseIdentities } from '../identities.js';
import type { Finding, Identity } from '../types.js';
import { DEFAULT_MAX_LINE_LENGTH, LineSplitter, utf8Length, type Line } from './lines.js';

export type BatchFormat = 'jsonl' | 'profile-api' | 'user-identifiers';

export const BATCH_FORMATS: readonly BatchFormat[] = ['jsonl', 'profile-api', 'user-identifiers'];

/**
 * How the CSV reader treats rows of one profile.
 * - `contiguous` (default): rows of a profile are next to each other. A profile that shows up
 *   again after its rows ended is detected while it is among the last `recentProfiles` finished
 *   ones; its late rows are reported as bad lines (not simulated) and the profile is listed as
 *   split, because its earlier part was simulated without them.
 * - `sorted`: the export is ordered by `canonical_segment_id` (code-point order). Every
 *   out-of-order row is then detected exactly, in constant memory.
 */
export type CsvGrouping = 'contiguous' | 'sorted';

export interface BatchProfile {
  /** What the profile is called in reports: its canonical_segment_id, else its first user_id or
   * email, else its line number. */
  key: string;
  /** First line of the profile in the input. */
  line: number;
  identities: Identity[];
  findings: Finding[];
}

export interface BadLine {
  line: number;
  message: string;
  /** The input this bad line stands for when it is more than its own line: a CSV record whose
   * quoted field is never closed (or grows past the line limit) swallows the lines after it. */
  unread?: UnreadSpan;
  /** Set when a profile was skipped for having more rows (CSV) or page items (Profile API) than
   * `maxIdentitiesPerProfile`: a caller can then say how to raise the cap. */
  kind?: 'profile-too-large';
}

/** Input lines a bad line made unreadable, from its record's first line to `lastLine`. */
export interface UnreadSpan {
  lines: number;
  /** Bytes of those lines, line endings included; a lower bound when `atLeast` is set (a line
   * over the line limit is not kept, so only the limit is known of its size). */
  bytes: number;
  atLeast?: true;
  lastLine: number;
}

export interface ReadOutput {
  profiles: BatchProfile[];
  bad: BadLine[];
}

export interface BatchReaderOptions {
  maxLineLength?: number;
  /** Rows (CSV) or page items (Profile API) one profile may have before it is skipped. The rows
   * of the profile being read are held in memory until it ends, so this cap is what bounds memory
   * per profile. Segment keeps at most 1000 identifier mappings per profile (Segment docs, Unify
   * product limits), so the default leaves ample room for duplicates and history rows. */
  maxIdentitiesPerProfile?: number;
  grouping?: CsvGrouping;
  recentProfiles?: number;
}

export interface BatchReader {
  readonly format: BatchFormat;
  push(chunk: Uint8Array | string): ReadOutput;
  end(): ReadOutput;
}

/** The default of `BatchReaderOptions.maxIdentitiesPerProfile`. */
export const DEFAULT_MAX_IDENTITIES_PER_PROFILE = 10_000;

/** Guesses the format from the first line of the input. */
export function detectFormat(firstLine: string): BatchFormat {
  const text = firstLine.replace(/^\uFEFF/, '').trim();
  if (text === '') return 'jsonl';
  if (!text.startsWith('{') && !text.startsWith('[')) return 'user-identifiers';
  try {
    const value: unknown = JSON.parse(text);
    if (isPage(value)) return 'profile-api';
  } catch {
    // A first line that is not JSON on its own is reported by the reader, line by line.
  }
  return 'jsonl';
}

export function createBatchReader(
  format: BatchFormat,
  options: BatchReaderOptions = {},
): BatchReader {
  switch (format) {
    case 'jsonl':
      return new JsonLinesReader(format, options);
    case 'profile-api':
      return new JsonLinesReader(format, options);
    case 'user-identifiers':
      return new UserIdentifiersReader(options);
    default:
      throw new RangeError(
        `Unknown batch format "${String(format)}"; expected one of ${BATCH_FORMATS.join(', ')}.`,
      );
  }
}

/** Reads every profile of a whole JSON document: an array of profiles (each an array of
 * identities or a Profile API page) or a single profile. Not streamed: the document is in memory
 * already. */
export function profilesFromJson(value: unknown): ReadOutput {
  const out: ReadOutput = { profiles: [], bad: [] };
  const many =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => Array.isArray(item) || isPage(item));
  const items = many ? (value as unknown[]) : [value];
  items.forEach((item, index) => {
    const where = many ? index + 1 : 1;
    // Without line numbers, a record is named by its 1-based position, as a reader counts.
    const locate: Locate = (i, inData) => ({
      label:
        (many ? `Profile ${where}, ` : '') +
        (inData ? `${many ? 'data' : 'Data'} item ${i + 1}` : `${many ? 'item' : 'Item'} ${i + 1}`),
      path: [...(many ? [index] : []), ...(inData ? ['data', i] : [i])],
    });
    const read = readProfile(item, where, many ? `profile ${where}` : 'profile 1', locate);
    if ('message' in read) out.bad.push(read);
    else out.profiles.push(read);
  });
  return out;
}

function isPage(value: unknown): value is { data: unknown[]; cursor?: { has_more?: unknown } } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Array.isArray((value as { data?: unknown }).data)
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function profileKey(identities: Identity[], fallback: string): string {
  const named =
    identities.find((i) => i.type === 'user_id') ?? identities.find((i) => i.type === 'email');
  return named ? `${named.type}:${named.id}` : fallback;
}

/** Where a record is in the file, in words (`Line 7, item 2`) and as a path. */
interface Place {
  label: string;
  path: Finding['path'];
}

/** Maps the position `parseIdentities` gives a record (its 0-based index in the list it was
 * handed, or in the page's `data`) to where the record is in the file. */
type Locate = (index: number, inData: boolean) => Place;

/**
 * `parseIdentities` names a record by its index in the list it was handed ("Item 0",
 * "data[3]"), which in a batch is neither the file's line nor a number a person counts. Each
 * finding that points at a record is renamed after the record's place in the file.
 */
function relocate(findings: Finding[], locate: Locate): Finding[] {
  return findings.map((finding) => {
    const inData = finding.path[0] === 'data';
    const index = inData ? finding.path[1] : finding.path[0];
    if (typeof index !== 'number') return finding;

    const place = locate(index, inData);
    const prefix = inData ? `data[${index}]: ` : `Item ${index}: `;
    const message = finding.message.startsWith(prefix)
      ? `${place.label}: ${finding.message.slice(prefix.length)}`
      : finding.message;
    return { ...finding, message, path: [...place.path, ...finding.path.slice(inData ? 2 : 1)] };
  });
}

/** Records of one JSONL line: item N of its array, or data item N of its Profile API page. */
function inLine(line: number): Locate {
  return (i, inData) => ({
    label: inData ? `Line ${line}, data item ${i + 1}` : `Line ${line}, item ${i + 1}`,
    path: inData ? ['line', line, 'data', i] : ['line', line, i],
  });
}

function readProfile(
  input: unknown,
  line: number,
  fallbackKey: string,
  locate: Locate,
): BatchProfile | BadLine {
  try {
    const parsed = parseIdentities(input);
    const identities = parsed.identities;
    const findings = relocate(parsed.findings, locate);
    // Nothing readable plus an error means the line is not a profile at all (a number, a wrong
    // shape): a bad line. A profile with some good identities keeps its item errors as findings.
    const error = findings.find((f) => f.severity === 'error');
    if (identities.length === 0 && error) return { line, message: error.message };
    return { key: profileKey(identities, fallbackKey), line, identities, findings };
  } catch (error) {
    return { line, message: errorText(error) };
  }
}

class JsonLinesReader implements BatchReader {
  private readonly lines: LineSplitter;

  private readonly maxItems: number;

  /** Profile API pages of the profile still being read (its last page said `has_more`), with
   * the line of each page and the index its items start at in `data`. */
  private open:
    | { line: number; data: unknown[]; cursor: unknown; pages: { line: number; start: number }[] }
    | undefined;

  /** Set while the remaining pages of a profile over the cap go by. */
  private skipping = false;

  constructor(
    readonly format: 'jsonl' | 'profile-api',
    options: BatchReaderOptions,
  ) {
    this.lines = new LineSplitter({ maxLineLength: options.maxLineLength });
    this.maxItems = options.maxIdentitiesPerProfile ?? DEFAULT_MAX_IDENTITIES_PER_PROFILE;
  }

  push(chunk: Uint8Array | string): ReadOutput {
    return this.take(this.lines.push(chunk), false);
  }

  end(): ReadOutput {
    return this.take(this.lines.end(), true);
  }

  private take(lines: Line[], final: boolean): ReadOutput {
    const out: ReadOutput = { profiles: [], bad: [] };
    for (const line of lines) this.readLine(line, out);
    if (final && this.open) {
      // The last page promised more: simulate what was read; parseIdentities warns about it.
      this.flushOpen(out);
    }
    return out;
  }

  private readLine(line: Line, out: ReadOutput): void {
    if (line.tooLong) {
      out.bad.push({ line: line.number, message: 'Line is too long to be one profile; skipped.' });
      return;
    }
    if (line.text.trim() === '') return;

    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      out.bad.push({ line: line.number, message: `Not valid JSON: ${errorText(error)}` });
      return;
    }

    if (this.format === 'jsonl') {
      const read = readProfile(value, line.number, `line ${line.number}`, inLine(line.number));
      if ('message' in read) out.bad.push(read);
      else out.profiles.push(read);
      return;
    }

    if (!isPage(value)) {
      out.bad.push({
        line: line.number,
        message: 'Expected a Profile API page: an object with a "data" array and a "cursor".',
      });
      return;
    }
    const hasMore = (value.cursor as { has_more?: unknown } | undefined)?.has_more === true;
    if (this.skipping) {
      // The rest of a profile already skipped for its size: not a new profile of its own.
      this.skipping = hasMore;
      return;
    }
    if (this.open) {
      this.open.pages.push({ line: line.number, start: this.open.data.length });
      this.open.data.push(...value.data);
      this.open.cursor = value.cursor;
    } else {
      this.open = {
        line: line.number,
        data: [...value.data],
        cursor: value.cursor,
        pages: [{ line: line.number, start: 0 }],
      };
    }
    if (this.open.data.length > this.maxItems) {
      out.bad.push({
        line: this.open.line,
        message: `Profile has more than ${this.maxItems} identities across its pages, the per-profile cap that bounds memory; skipped.`,
        kind: 'profile-too-large',
      });
      this.open = undefined;
      this.skipping = hasMore;
      return;
    }
    if (!hasMore) this.flushOpen(out);
  }

  private flushOpen(out: ReadOutput): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    // An item of the merged list is named after the page (line) it came from.
    const locate: Locate = (i, inData) => {
      const page = [...open.pages].reverse().find((p) => p.start <= i) ?? open.pages[0];
      return inLine(page?.line ?? open.line)(page ? i - page.start : i, inData);
    };
    const read = readProfile(
      { data: open.data, cursor: open.cursor },
      open.line,
      `line ${open.line}`,
      locate,
    );
    if ('message' in read) out.bad.push(read);
    else out.profiles.push(read);
  }
}

const REQUIRED_COLUMNS = ['canonical_segment_id', 'type', 'value'];

class UserIdentifiersReader implements BatchReader {
  readonly format = 'user-identifiers' as const;

  private readonly lines: LineSplitter;

  private readonly maxRows: number;

  private readonly grouping: CsvGrouping;

  private readonly recentLimit: number;

  private header: string[] | undefined;

  private idColumn = -1;

  /** A record whose quoted field spans lines, waiting for its closing quote. */
  private partial: OpenRecord | undefined;

  private readonly maxRecordLength: number;

  /** The profile being read: its rows and the line each row starts on. */
  private current:
    { id: string; line: number; rows: Record<string, string>[]; rowLines: number[] } | undefined;

  private tooBig = false;

  /** Recently finished profile ids, oldest first (a Map keeps insertion order). */
  private readonly recent = new Map<string, number>();

  private lastFinishedId: string | undefined;

  constructor(options: BatchReaderOptions) {
    this.lines = new LineSplitter({ maxLineLength: options.maxLineLength });
    this.maxRecordLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    this.maxRows = options.maxIdentitiesPerProfile ?? DEFAULT_MAX_IDENTITIES_PER_PROFILE;
    this.grouping = options.grouping ?? 'contiguous';
    this.recentLimit = options.recentProfiles ?? 65_536;
  }

  push(chunk: Uint8Array | string): ReadOutput {
    return this.take(this.lines.push(chunk), false);
  }

  end(): ReadOutput {
    return this.take(this.lines.end(), true);
  }

  private take(lines: Line[], final: boolean): ReadOutput {
    const out: ReadOutput = { profiles: [], bad: [] };
    for (const line of lines) this.readLine(line, out);
    if (final) {
      if (this.partial) {
        out.bad.push(unclosedRecord(this.partial));
        this.partial = undefined;
      }
      if (!this.header) {
        out.bad.push({ line: 1, message: 'The CSV has no header row.' });
      }
      this.finishProfile(out);
    }
    return out;
  }

  private readLine(line: Line, out: ReadOutput): void {
    if (line.tooLong) {
      if (this.partial) {
        // Whether the over-long line closes the quote cannot be known: the record ends here.
        addLine(this.partial, line, this.maxRecordLength);
        out.bad.push(overlongRecord(this.partial));
        this.partial = undefined;
        return;
      }
      out.bad.push({ line: line.number, message: 'Line is too long to be one CSV row; skipped.' });
      return;
    }

    // A quoted field may hold a newline: keep joining lines until the quotes balance. The quote
    // state is carried from line to line, so each character is looked at once.
    const record = this.partial ?? openRecord(line);
    if (this.partial) {
      addLine(record, line, this.maxRecordLength);
      if (record.text !== undefined) record.text += `\n${line.text}`;
    }
    scanQuotes(line.text, line.number, record.quotes);
    if (record.text !== undefined && record.text.length > this.maxRecordLength) {
      // Past the line limit the text is dropped (memory stays bounded) but the lines are still
      // scanned, to find where the record ends and reading resumes.
      record.text = undefined;
    }
    if (record.quotes.inQuotes) {
      this.partial = record;
      return;
    }
    this.partial = undefined;
    if (record.text === undefined) {
      out.bad.push(overlongRecord(record));
      return;
    }
    if (record.text.trim() === '') return;

    const fields = splitCsvRecord(record.text);
    if (typeof fields === 'string') {
      out.bad.push({ line: record.line, message: fields });
      return;
    }

    if (!this.header) {
      this.readHeader(fields, record.line, out);
      return;
    }
    if (this.idColumn === -1) return;
    this.readRow(fields, record.line, out);
  }

  private readHeader(fields: string[], line: number, out: ReadOutput): void {
    this.header = fields.map((f) => f.trim().toLowerCase());
    const missing = REQUIRED_COLUMNS.filter((c) => !this.header?.includes(c));
    const hasTime = this.header.includes('timestamp') || this.header.includes('received_at');
    if (missing.length > 0 || !hasTime) {
      const need = [...missing, ...(hasTime ? [] : ['timestamp or received_at'])];
      out.bad.push({
        line,
        message: `The header lacks the user_identifiers column(s) ${need.join(', ')}; no row can be read.`,
      });
      return;
    }
    this.idColumn = this.header.indexOf('canonical_segment_id');
  }

  private readRow(fields: string[], line: number, out: ReadOutput): void {
    const header = this.header ?? [];
    if (fields.length !== header.length) {
      out.bad.push({
        line,
        message: `Expected ${header.length} fields as in the header, found ${fields.length}.`,
      });
      return;
    }
    const id = fields[this.idColumn] ?? '';
    if (id === '') {
      out.bad.push({ line, message: 'The canonical_segment_id is empty.' });
      return;
    }

    if (this.current?.id !== id) {
      if (this.isOutOfGroup(id)) {
        out.bad.push({
          line,
          message:
            `Profile ${id} appears again after its rows ended` +
            (this.recent.has(id) ? ` (it started on line ${this.recent.get(id)})` : '') +
            '; the input must keep the rows of a profile together (order it by ' +
            'canonical_segment_id). This row was not simulated.',
        });
        return;
      }
      this.finishProfile(out);
      this.current = { id, line, rows: [], rowLines: [] };
      this.tooBig = false;
    }

    if (this.tooBig) return;
    if (this.current.rows.length >= this.maxRows) {
      this.tooBig = true;
      out.bad.push({
        line: this.current.line,
        message: `Profile ${id} has more than ${this.maxRows} rows, the per-profile cap that bounds memory; skipped.`,
        kind: 'profile-too-large',
      });
      return;
    }
    const row: Record<string, string> = {};
    header.forEach((name, index) => {
      row[name] = fields[index] ?? '';
    });
    this.current.rows.push(row);
    this.current.rowLines.push(line);
  }

  private isOutOfGroup(id: string): boolean {
    if (this.grouping === 'sorted') {
      const previous = this.current?.id ?? this.lastFinishedId;
      return previous !== undefined && compareCodePoints(id, previous) < 0;
    }
    return this.recent.has(id);
  }

  private finishProfile(out: ReadOutput): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    this.lastFinishedId = current.id;
    this.recent.set(current.id, current.line);
    if (this.recent.size > this.recentLimit) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
    if (this.tooBig) return;
    try {
      const parsed = parseIdentities(current.rows);
      const identities = parsed.identities;
      const findings = relocate(parsed.findings, (i) => {
        const at = current.rowLines[i] ?? current.line;
        return { label: `Line ${at}`, path: ['line', at] };
      });
      const error = findings.find((f) => f.severity === 'error');
      if (identities.length === 0 && error) {
        out.bad.push({ line: current.line, message: `Profile ${current.id}: ${error.message}` });
        return;
      }
      out.profiles.push({ key: current.id, line: current.line, identities, findings });
    } catch (error) {
      out.bad.push({ line: current.line, message: `Profile ${current.id}: ${errorText(error)}` });
    }
  }
}

/** Where the quotes of a CSV record stand after the characters scanned so far. */
interface QuoteState {
  inQuotes: boolean;
  fieldStart: boolean;
  /** Line on which the quoted field that is open now was opened. */
  openedOn: number;
}

/** A CSV record being joined from several lines because a quoted field holds line breaks. */
interface OpenRecord {
  line: number;
  lastLine: number;
  lines: number;
  /** Bytes of the record's lines in the input, line endings included. */
  bytes: number;
  /** Set when an over-long line is among them: `bytes` is then a lower bound. */
  atLeast: boolean;
  /** Undefined once the record grew past the line limit (it is then only scanned). */
  text: string | undefined;
  quotes: QuoteState;
}

function openRecord(line: Line): OpenRecord {
  return {
    line: line.number,
    lastLine: line.number,
    lines: 1,
    bytes: utf8Length(line.text) + line.eol,
    atLeast: false,
    text: line.text,
    quotes: { inQuotes: false, fieldStart: true, openedOn: line.number },
  };
}

function addLine(record: OpenRecord, line: Line, maxLineLength: number): void {
  record.lastLine = line.number;
  record.lines++;
  if (line.tooLong) {
    // An over-long line's text is gone; only the limit is known of its size.
    record.bytes += maxLineLength;
    record.atLeast = true;
  } else {
    record.bytes += utf8Length(line.text) + line.eol;
  }
}

/** Moves the quote state over one line of a record. A quote in the middle of an unquoted field
 * does not open one (the row is then reported as malformed). */
function scanQuotes(text: string, lineNumber: number, state: QuoteState): void {
  // The line break that joined this line to the previous one is part of the open field.
  if (state.inQuotes) state.fieldStart = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (state.inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else state.inQuotes = false;
      }
    } else if (ch === ',') {
      state.fieldStart = true;
      continue;
    } else if (ch === '"' && state.fieldStart) {
      state.inQuotes = true;
      state.openedOn = lineNumber;
    }
    state.fieldStart = false;
  }
}

function span(record: OpenRecord): string {
  const lines =
    record.lastLine === record.line
      ? `line ${record.line}`
      : `lines ${record.line}–${record.lastLine}`;
  const count = `${record.lines} ${record.lines === 1 ? 'line' : 'lines'}`;
  return `${lines} (${count}, ${record.atLeast ? 'more than ' : ''}${record.bytes} bytes)`;
}

function unreadSpan(record: OpenRecord): UnreadSpan {
  return {
    lines: record.lines,
    bytes: record.bytes,
    ...(record.atLeast ? { atLeast: true as const } : {}),
    lastLine: record.lastLine,
  };
}

function unclosedRecord(record: OpenRecord): BadLine {
  const opened = record.quotes.openedOn;
  const start = opened === record.line ? '' : ` (in the row that starts on line ${record.line})`;
  return {
    line: opened,
    message:
      `A quoted field opens on line ${opened}${start} and is not closed before the end of the ` +
      `input, so the rest of the input was read as part of that field: ${span(record)} not ` +
      'read, and no profile after it was simulated. Close the quote (a quote inside a value is ' +
      'written twice, "") and run again.',
    unread: unreadSpan(record),
  };
}

function overlongRecord(record: OpenRecord): BadLine {
  return {
    line: record.quotes.openedOn,
    message:
      `A quoted field that opens on line ${record.quotes.openedOn} makes its row longer than the ` +
      `line limit: ${span(record)} skipped. A quote is probably not closed where it should be.`,
    unread: unreadSpan(record),
  };
}

/** Code-point order, the order `ORDER BY` gives under a binary collation. */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done === y.done ? 0 : x.done ? -1 : 1;
    const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}

/** Splits one CSV record (RFC 4180 quoting). Returns a message when the quoting is broken. */
function splitCsvRecord(text: string): string[] | string {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) return 'A quoted field is not closed.';
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      if (j < text.length && text[j] !== ',') {
        return `Unexpected character after a closing quote at column ${j + 1}.`;
      }
      fields.push(value);
      if (j >= text.length) return fields;
      i = j + 1;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma === -1 ? text.length : comma;
      const value = text.slice(i, end);
      if (value.includes('"')) return `A quote inside an unquoted field at column ${i + 1}.`;
      fields.push(value);
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}
