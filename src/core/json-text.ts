/**
 * JSON text with an error that says where. Engines word `JSON.parse` failures differently and
 * Node 20 gives no position at all, so on failure a small scanner finds the first bad character.
 */

/** Parses JSON text; throws an Error naming line and column of the first problem. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const problem = findJsonError(text);
    const { line, column } = lineAndColumn(text, problem.offset);
    throw new Error(`Not valid JSON at line ${line}, column ${column}: ${problem.reason}.`);
  }
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

interface JsonProblem {
  offset: number;
  reason: string;
}

class Scan {
  pos = 0;

  constructor(readonly text: string) {}

  fail(reason: string, offset = this.pos): never {
    throw { offset, reason } satisfies JsonProblem;
  }

  describe(ch = this.text[this.pos]): string {
    return ch === undefined ? 'the text ends too early' : `unexpected ${JSON.stringify(ch)}`;
  }

  space(): void {
    while (/[ \t\n\r]/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  value(): void {
    this.space();
    const ch = this.text[this.pos];
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return;
      }
    }
    this.fail(`${this.describe()} where a value should start`);
  }

  object(): void {
    this.pos++;
    this.space();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"') this.fail(`${this.describe()} where a quoted key should be`);
      this.string();
      this.space();
      if (this.text[this.pos] !== ':')
        this.fail(`${this.describe()} where ":" should follow a key`);
      this.pos++;
      this.value();
      this.space();
      const ch = this.text[this.pos];
      this.pos++;
      if (ch === '}') return;
      if (ch !== ',') this.fail(`${this.describe(ch)} where "," or "}" should be`, this.pos - 1);
    }
  }

  array(): void {
    this.pos++;
    this.space();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      this.space();
      const ch = this.text[this.pos];
      this.pos++;
      if (ch === ']') return;
      if (ch !== ',') this.fail(`${this.describe(ch)} where "," or "]" should be`, this.pos - 1);
    }
  }

  string(): void {
    const start = this.pos;
    this.pos++;
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) this.fail('a string is not closed', start);
      if (ch === '"') {
        this.pos++;
        return;
      }
      if (ch < ' ') this.fail('a control character (such as a line break) inside a string');
      if (ch === '\\') {
        const next = this.text[this.pos + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6)))
            this.fail('a \\u escape needs four hex digits');
          this.pos += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) this.fail('an unknown escape');
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
  }

  number(): void {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!m) this.fail('a malformed number');
    this.pos += m[0].length;
  }
}

function findJsonError(text: string): JsonProblem {
  const scan = new Scan(text);
  try {
    scan.value();
    scan.space();
    if (scan.pos < text.length) scan.fail(`${scan.describe()} after the end of the JSON value`);
  } catch (problem) {
    return problem as JsonProblem;
  }
  // JSON.parse refused text the scanner accepts: point at the end rather than guess.
  return { offset: text.length, reason: 'the JSON parser refused it' };
}
