import { InvalidCursorError } from './store.ts';

/**
 * Opaque cursors: the sort values of the last item of a page, as base64url
 * JSON behind a version tag. Opaque to callers; a backend reads its own.
 */

const VERSION = 'c1';

export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([VERSION, ...values])).toString('base64url');
}

/** The values, checked for count and types; anything else is an InvalidCursorError. */
export function decodeCursor(cursor: string, types: readonly ('string' | 'number')[]): unknown[] {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed[0] !== VERSION || parsed.length !== types.length + 1) {
    throw new InvalidCursorError();
  }
  const values = parsed.slice(1);
  if (!values.every((v, i) => typeof v === types[i])) throw new InvalidCursorError();
  return values;
}
