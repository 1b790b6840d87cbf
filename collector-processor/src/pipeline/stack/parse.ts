import { parseDotnet } from './dotnet.ts';
import { parseGecko } from './gecko.ts';
import { parseGo } from './go.ts';
import { parseJava } from './java.ts';
import { parsePython } from './python.ts';
import { parseRuby } from './ruby.ts';
import type { ParsedException, StackParser } from './types.ts';
import { parseV8 } from './v8.ts';

/**
 * Reads a stack trace in whichever supported format it is. The order matters
 * where formats look alike: Python and Go have unmistakable markers; JVM
 * frames are told from .NET ones by what their parentheses hold; V8 frames
 * start with "at " like both, but have a space before the parenthesis.
 */
const PARSERS: readonly StackParser[] = [
  parsePython,
  parseGo,
  parseJava,
  parseV8Strict,
  parseDotnet,
  parseRuby,
  parseGecko,
];

/** V8 only when its frames really look like V8's (a location with line and column). */
function parseV8Strict(lines: readonly string[]) {
  const v8Like = lines.some(
    (l) => /^\s+at .*:\d+:\d+\)?$/.test(l) || /^\s+at .*\((?:<anonymous>|native)\)$/.test(l),
  );
  return v8Like ? parseV8(lines) : undefined;
}

/** Beyond this, a trace is read only in part: enough for frames and a culprit. */
const MAX_CHARS = 64 * 1024;
const MAX_FRAMES = 256;
const MAX_LINE = 2048;

export function parseStackTrace(text: string): ParsedException[] {
  // Frame lines are short; a very long one is cut so that no pattern works on it for long.
  const lines = text
    .slice(0, MAX_CHARS)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line));
  for (const parse of PARSERS) {
    const chain = parse(lines);
    if (chain && chain.some((e) => e.frames.length > 0)) {
      for (const e of chain) e.frames = e.frames.slice(0, MAX_FRAMES);
      return chain;
    }
  }
  return [];
}
