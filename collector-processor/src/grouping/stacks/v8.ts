import type { StackFrame } from '../../schema/index.ts';
import { EMPTY_STACK, type ParsedStack } from './parsed.ts';
import { isForeign } from './runtime.ts';

const HEADER = /^([A-Za-z_$][\w$.]*)(?::|$)/;
const CAUSE = /^\s*\[cause\]: ([A-Za-z_$][\w$.]*)[:\s{]/;
const LINE_COL = /:(\d+)(?::(\d+))?$/;

/**
 * Parses a V8 (Node, Chrome) stack: a "Type: message" header, then
 * "at fn (location)" or "at location" lines, innermost first. Plain string
 * operations rather than one regular expression: this runs once per frame
 * on the ingest path, and the lazy-quantifier regex was the hot spot.
 */
export function parseV8(text: string): ParsedStack {
  const lines = text.split('\n');
  const frames: StackFrame[] = [];
  const causes: string[] = [];
  const type = HEADER.exec(lines[0] ?? '')?.[1];
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('[cause]:')) {
      const cause = CAUSE.exec(line);
      if (cause) causes.push(cause[1]!);
      break; // frames after this belong to the cause
    }
    if (!line.startsWith('at ')) continue;
    frames.push(parseFrame(line.slice(3)));
  }
  return frames.length === 0 && type === undefined ? EMPTY_STACK : { type, frames, causes };
}

function parseFrame(body: string): StackFrame {
  let fn: string | undefined;
  let location = body;
  if (body.endsWith(')')) {
    const open = body.lastIndexOf(' (');
    if (open > 0) {
      fn = body.slice(0, open);
      location = body.slice(open + 2, -1);
    }
  }
  const lc = LINE_COL.exec(location);
  const file = stripScheme(lc ? location.slice(0, lc.index) : location);
  // Assigned one by one: object spreads per frame showed in the profile.
  const frame: StackFrame = { file, in_app: !isForeign(file, undefined) };
  if (fn !== undefined) frame.function = fn;
  if (lc) {
    frame.line = Number(lc[1]);
    if (lc[2] !== undefined) frame.column = Number(lc[2]);
  }
  return frame;
}

function stripScheme(file: string): string {
  return file.startsWith('file://') ? file.slice('file://'.length) : file;
}
