import { locateJsonError } from '../json-locate.js';

/** Parses a whole JSON document; on failure throws an Error naming the line and column. */
export function parseJsonDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const where = locateJsonError(text);
    if (!where) throw new Error(`Not valid JSON: ${(error as Error).message}`, { cause: error });
    throw new Error(
      `Not valid JSON at line ${where.line}, column ${where.column}: ${where.reason}.`,
      {
        cause: error,
      },
    );
  }
}
