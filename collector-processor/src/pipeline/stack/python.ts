import { toInt, type ParsedException, type RawFrame, type StackParser } from './types.ts';

/**
 * Python tracebacks: blocks of `File "path", line N, in fn`, oldest call first,
 * ending with `Type: message`; chained exceptions come first, joined by
 * "During handling of the above exception…" or "The above exception was the
 * direct cause…". The chain is returned reported-exception first.
 */

const FRAME = /^\s*File "(.+)", line (\d+)(?:, in (.+))?$/;
const TRACEBACK = /^Traceback \(most recent call last\):$/;
const CHAIN = /^(During handling of the above exception|The above exception was the direct cause)/;
const HEADER = /^([A-Za-z_][\w.]*)(?:: (.*))?$/;

/** Dotted module path for installed packages (after site-/dist-packages), else the file's stem. */
export function pythonModule(file: string): string | undefined {
  if (file.startsWith('<')) return undefined;
  const parts = file.split(/[\\/]/);
  const at = parts.findLastIndex((p) => p === 'site-packages' || p === 'dist-packages');
  const rest = at >= 0 ? parts.slice(at + 1) : parts.slice(-1);
  const stem = rest
    .join('.')
    .replace(/\.py$/, '')
    .replace(/\.__init__$/, '');
  return stem || undefined;
}

function block(lines: readonly string[]): ParsedException {
  const frames: RawFrame[] = [];
  let header: RegExpExecArray | null = null;
  for (const line of lines) {
    const m = FRAME.exec(line);
    if (m) {
      const file = m[1]!;
      frames.push({
        function: m[3],
        file,
        line: toInt(m[2]),
        module: pythonModule(file),
        platform: 'python',
      });
    } else if (!/^\s/.test(line) && !TRACEBACK.test(line) && line !== '') {
      header = HEADER.exec(line) ?? header;
    }
  }
  return { type: header?.[1], message: header?.[2], frames: frames.reverse() };
}

export const parsePython: StackParser = (lines) => {
  if (!lines.some((l) => FRAME.test(l))) return undefined;
  const blocks: string[][] = [[]];
  for (const line of lines) {
    if (CHAIN.test(line)) blocks.push([]);
    else blocks.at(-1)!.push(line);
  }
  return blocks
    .filter((b) => b.some((l) => FRAME.test(l)))
    .map(block)
    .reverse();
};
