// The code location of an error: the first stack frame that is not inside
// node's own modules or node_modules. V8 frames look like
// "    at fn (/path/file.js:12:5)" or "    at /path/file.js:12:5".
import type { Attributes } from '@opentelemetry/api';
import { ATTR } from './attributes.ts';

const FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):\d+\)?$/;

export function locationFromStack(stack: string | undefined): Attributes {
  if (!stack) return {};
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const file = match[2]!;
    if (file.startsWith('node:') || file.includes('/node_modules/') || file === 'native') continue;
    const attributes: Attributes = {
      [ATTR.filePath]: file.replace(/^file:\/\//, ''),
      [ATTR.lineNumber]: Number(match[3]),
    };
    const fn = match[1]?.replace(/^async /, '');
    if (fn && fn !== '<anonymous>') attributes[ATTR.functionName] = fn;
    return attributes;
  }
  return {};
}
