import { parseJava } from './java.ts';
import { EMPTY_STACK, type ParsedStack } from './parsed.ts';
import { parsePython } from './python.ts';
import { parseV8 } from './v8.ts';

export type { ParsedStack } from './parsed.ts';

const FIRST_AT_LINE = /\n\s+at ([^\n]*)/;
const V8_LOCATION = /:\d+:\d+\)?$|\((?:native|<anonymous>|index \d+)\)$|^[^(]*$/;

/**
 * A minimal stack parser for grouping, used when an event carries
 * `error.stack_trace` but no `error.frames`. The language is recognised from
 * the text's own shape, so the result depends on the event alone: Python by
 * its "Traceback" header, the JVM by frames like `a.B.c(B.java:12)` (V8
 * frames end in `:line:column`).
 */
export function parseStack(text: string | undefined): ParsedStack {
  if (!text) return EMPTY_STACK;
  if (text.includes('Traceback (most recent call last):')) return parsePython(text);
  const first = FIRST_AT_LINE.exec(text)?.[1]?.trim();
  if (first !== undefined && !V8_LOCATION.test(first)) return parseJava(text);
  return parseV8(text);
}
