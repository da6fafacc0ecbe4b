/**
 * Finds where a JSON text goes wrong. `JSON.parse` words and locates its errors differently in
 * each engine (some give no position at all), so after it fails we scan the text ourselves and
 * report the same line and column in Node, Chromium and a worker.
 */

export interface JsonErrorLocation {
  /** What is wrong, in words ("a comma or '}' was expected"). */
  reason: string;
  /** 1-based line and column (columns count UTF-16 code units, as editors do). */
  line: number;
  column: number;
  /** 0-based offset into the text. */
  offset: number;
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function describeChar(text: string, i: number): string {
  if (i >= text.length) return 'the end of the text';
  return `the character ${JSON.stringify(text[i])}`;
}

/** A key that occurs twice in one object of a JSON text: `JSON.parse` keeps only the last. */
export interface JsonDuplicateKey {
  key: string;
  /** Where the object sits: keys and array indexes from the root. */
  path: (string | number)[];
  /** 1-based lines of the first and the repeated occurrence. */
  firstLine: number;
  line: number;
}

class Scanner {
  private i = 0;
  private line = 1;
  private readonly path: (string | number)[] = [];
  readonly duplicates: JsonDuplicateKey[] = [];

  constructor(
    private readonly text: string,
    private readonly trackKeys = false,
  ) {}

  run(): void {
    this.space();
    this.value();
    this.space();
    if (this.i < this.text.length) this.fail(`${describeChar(this.text, this.i)} follows the end`);
  }

  private fail(reason: string): never {
    throw new JsonSyntaxError(this.i, reason);
  }

  private unexpected(expected: string): never {
    this.fail(`${expected} was expected, found ${describeChar(this.text, this.i)}`);
  }

  private space(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i])) {
      // Strings cannot hold a raw line break, so counting here counts every line.
      if (this.text[this.i] === '\n') this.line++;
      this.i++;
    }
  }

  private value(): void {
    const c = this.text[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    }
    this.unexpected('a value');
  }

  private object(): void {
    this.i++;
    this.space();
    if (this.text[this.i] === '}') {
      this.i++;
      return;
    }
    const seen = this.trackKeys ? new Map<string, number>() : undefined;
    for (;;) {
      if (this.text[this.i] !== '"') this.unexpected('a key in double quotes');
      const start = this.i;
      this.string();
      // Only decoded keys compare equal the way JSON.parse sees them ("a" and "\u0061").
      const key = seen ? (JSON.parse(this.text.slice(start, this.i)) as string) : '';
      if (seen) {
        const first = seen.get(key);
        if (first === undefined) seen.set(key, this.line);
        else this.duplicates.push({ key, path: [...this.path], firstLine: first, line: this.line });
      }
      this.space();
      if (this.text[this.i] !== ':') this.unexpected("':' after the key");
      this.i++;
      this.space();
      if (seen) this.path.push(key);
      this.value();
      if (seen) this.path.pop();
      this.space();
      if (this.text[this.i] === '}') {
        this.i++;
        return;
      }
      if (this.text[this.i] !== ',') this.unexpected("',' or '}'");
      this.i++;
      this.space();
    }
  }

  private array(): void {
    this.i++;
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      if (this.trackKeys) this.path.push(index);
      this.value();
      if (this.trackKeys) this.path.pop();
      this.space();
      if (this.text[this.i] === ']') {
        this.i++;
        return;
      }
      if (this.text[this.i] !== ',') this.unexpected("',' or ']'");
      this.i++;
      this.space();
    }
  }

  private string(): void {
    this.i++;
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === '"') {
        this.i++;
        return;
      }
      if (c < ' ') this.fail('a line break or control character inside a string');
      if (c === '\\') {
        const e = this.text[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) {
            this.fail('a \\u escape needs four hex digits');
          }
          this.i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail('an unknown escape');
        this.i += 2;
        continue;
      }
      this.i++;
    }
    this.fail('a string is not closed');
  }

  private number(): void {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.i));
    if (!match || match[0] === '-') this.unexpected('a number');
    this.i += match[0].length;
  }
}

/** Where the first syntax error of a JSON text is, or undefined when the text is valid JSON. */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  try {
    new Scanner(text).run();
    return undefined;
  } catch (error) {
    // A stack overflow on absurdly deep nesting is not a syntax error we can place.
    if (!(error instanceof JsonSyntaxError)) return undefined;

    const before = text.slice(0, error.offset);
    const line = before.split('\n').length;
    const column = error.offset - (before.lastIndexOf('\n') + 1) + 1;
    return { reason: error.reason, line, column, offset: error.offset };
  }
}

/**
 * Keys that occur more than once in the same object of a valid JSON text, in text order. One
 * pass over the text, a set of keys per open object: linear in the text's length.
 */
export function findDuplicateKeys(text: string): JsonDuplicateKey[] {
  const scanner = new Scanner(text, true);
  try {
    scanner.run();
  } catch {
    // Invalid text is reported by locateJsonError; its duplicates up to the error still count.
  }
  return scanner.duplicates;
}
