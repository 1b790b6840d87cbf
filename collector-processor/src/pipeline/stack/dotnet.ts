import { toInt, type ParsedException, type StackParser } from './types.ts';

/**
 * .NET `Exception.ToString()`: `   at Ns.Type.Method(Args) in path:line N`.
 * Inner exceptions are announced in the header with ` ---> Type: message`;
 * their frames come first and end with `--- End of inner exception stack
 * trace ---`. The chain is returned outer (reported) exception first.
 */

const FRAME = /^\s*at (.+?)\((.*?)\)(?: in (.+):line (\d+))?\s*$/;
const INNER = /^\s*---> (.*)$/;
const END_INNER = /^\s*--- End of inner exception stack trace ---/;
const HEADER = /^([\w.`+]+)(?:: ([\s\S]*))?$/;

function header(text: string): ParsedException {
  const m = HEADER.exec(text.trim());
  return m ? { type: m[1], message: m[2], frames: [] } : { message: text.trim(), frames: [] };
}

export const parseDotnet: StackParser = (lines) => {
  if (!lines.some((l) => FRAME.test(l))) return undefined;
  // The header may hold several " ---> " on one line (older runtimes) or one per line.
  const firstFrame = lines.findIndex((l) => FRAME.test(l) || END_INNER.test(l));
  const headerText = lines.slice(0, firstFrame).join('\n');
  const chain = headerText
    .split(/\s*---> /)
    .filter((part) => part.trim() !== '')
    .map(header);
  if (chain.length === 0) chain.push({ frames: [] });
  let current = chain.length - 1;
  for (const line of lines.slice(firstFrame)) {
    if (END_INNER.test(line)) {
      current = Math.max(0, current - 1);
      continue;
    }
    if (INNER.test(line)) continue;
    const m = FRAME.exec(line);
    if (!m) continue;
    const qualified = m[1]!;
    const dot = qualified.lastIndexOf(
      '.',
      qualified.indexOf('[') >= 0 ? qualified.indexOf('[') : undefined,
    );
    chain[current]!.frames.push({
      function: dot >= 0 ? qualified.slice(dot + 1) : qualified,
      module: dot >= 0 ? qualified.slice(0, dot) : undefined,
      file: m[3],
      line: toInt(m[4]),
      platform: 'dotnet',
    });
  }
  return chain;
};
