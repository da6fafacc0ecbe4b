/**
 * Splits a byte or text stream into lines, whatever the chunk boundaries: a chunk may end inside
 * a line, inside a multi-byte UTF-8 character or between the CR and LF of a CRLF. A leading byte
 * order mark is dropped. Memory holds one line at most: a line longer than `maxLineLength`
 * characters is reported as too long and skipped up to its end, so one broken file cannot
 * exhaust memory.
 */

export interface Line {
  /** 1-based line number in the input. */
  number: number;
  text: string;
  /** Characters of the line ending that `text` leaves out: 2 for CRLF, 1 for LF, 0 for a last
   * line without one. With `utf8Length(text)` it gives the line's size in the input. */
  eol: number;
  /** Set when the line was longer than the limit; `text` is then empty. */
  tooLong?: true;
}

/** Bytes `text` takes in UTF-8, counted without encoding it. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Each UTF-16 unit up to U+007F is one byte; up to U+07FF two; a surrogate pair (4 bytes)
    // is two units, so each of them adds one; other units three.
    if (code >= 0x80) bytes += code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 1 : 2;
  }
  return bytes;
}

export const DEFAULT_MAX_LINE_LENGTH = 8 * 1024 * 1024;

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');

  private readonly maxLineLength: number;

  private pending = '';

  private skippingLongLine = false;

  private lineNumber = 0;

  private atStart = true;

  constructor(options: { maxLineLength?: number } = {}) {
    this.maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  }

  /** Feeds a chunk; returns the lines it completed. */
  push(chunk: Uint8Array | string): Line[] {
    // The decoder keeps an incomplete UTF-8 sequence until the next chunk completes it.
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });

    if (this.atStart && text.length > 0) {
      // TextDecoder drops a BOM itself; a string input may still carry one.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.atStart = false;
    }

    return this.split(text, false);
  }

  /** Ends the input; returns the last line when the input did not end with a newline. */
  end(): Line[] {
    const rest = this.decoder.decode();
    return this.split(rest, true);
  }

  private split(text: string, final: boolean): Line[] {
    const lines: Line[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      this.emit(lines, text.slice(start, nl), 1);
      start = nl + 1;
    }
    const tail = text.slice(start);
    if (this.skippingLongLine) {
      // Still inside an over-long line: its characters are discarded as they arrive.
    } else if (this.pending.length + tail.length > this.maxLineLength) {
      this.skippingLongLine = true;
      this.pending = '';
    } else {
      this.pending += tail;
    }
    if (final && (this.pending.length > 0 || this.skippingLongLine)) this.emit(lines, '', 0);
    return lines;
  }

  private emit(lines: Line[], piece: string, newline: number): void {
    this.lineNumber++;
    if (this.skippingLongLine || this.pending.length + piece.length > this.maxLineLength) {
      this.skippingLongLine = false;
      this.pending = '';
      lines.push({ number: this.lineNumber, text: '', eol: newline, tooLong: true });
      return;
    }
    let text = this.pending + piece;
    let eol = newline;
    this.pending = '';
    if (text.endsWith('\r')) {
      text = text.slice(0, -1);
      eol++;
    }
    lines.push({ number: this.lineNumber, text, eol });
  }
}
