import type { StackFrame } from '../../schema/index.ts';
import type { ParsedStack } from './parsed.ts';
import { isForeign } from './runtime.ts';

const FRAME = /^\s*File "(.+?)", line (\d+)(?:, in (.+))?$/;
const EXCEPTION = /^([A-Za-z_][\w.]*)(?::|$)/;
const CHAIN =
  /^(?:The above exception was the direct cause of the following exception:|During handling of the above exception, another exception occurred:)$/m;

/**
 * Parses a Python traceback. Python prints the outermost call first and, for
 * chained exceptions, the causes before the exception that was finally raised;
 * both are turned around so the result reads like the other languages'.
 */
export function parsePython(text: string): ParsedStack {
  const blocks = text.split(CHAIN).map(parseBlock);
  const last = blocks[blocks.length - 1]!;
  const causes = blocks
    .slice(0, -1)
    .reverse()
    .map((b) => b.type)
    .filter((t): t is string => t !== undefined);
  const root = blocks.slice(0, -1).find((b) => b.frames.length > 0);
  return {
    type: last.type,
    frames: last.frames,
    causes,
    ...(root && { rootCauseFrames: root.frames }),
  };
}

function parseBlock(block: string): { type?: string; frames: StackFrame[] } {
  const frames: StackFrame[] = [];
  let type: string | undefined;
  for (const line of block.split('\n')) {
    const m = FRAME.exec(line);
    if (m) {
      frames.push({
        ...(m[3] !== undefined && { function: m[3] }),
        file: m[1]!,
        line: Number(m[2]),
        in_app: !isForeign(m[1], undefined),
      });
      continue;
    }
    // The exception line is the last unindented line that names a type.
    if (!/^\s/.test(line)) {
      const e = EXCEPTION.exec(line);
      if (e && e[1] !== 'Traceback') type = e[1];
    }
  }
  return { type, frames: frames.reverse() };
}
