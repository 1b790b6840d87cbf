import { toInt, type ParsedException, type RawFrame, type StackParser } from './types.ts';

/**
 * Ruby: `path:line:in 'label'` (backtick before Ruby 3.4), the first line
 * carrying `: message (Type)`, the rest prefixed with `from`. A later line with
 * its own `: message (Type)` starts a cause.
 */

const FRAME = /^\s*(?:from )?(.+?):(\d+):in [`'](.*?)'(?:: (.*?)(?: \(([\w:]+)\))?)?\s*$/;

function frame(m: RegExpExecArray): RawFrame {
  const label = m[3]!;
  // "Order#total", "Order.build", "block in Order#total", "<main>".
  const owner = /^((?:block (?:\(\d+ levels\) )?in )?)([\w:]+)[#.]([^#.\s]+)$/.exec(label);
  return {
    function: owner ? `${owner[1]}${owner[3]}` : label,
    module: owner?.[2],
    file: m[1],
    line: toInt(m[2]),
    platform: 'ruby',
  };
}

export const parseRuby: StackParser = (lines) => {
  const chain: ParsedException[] = [];
  for (const line of lines) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const startsException = m[4] !== undefined || chain.length === 0;
    if (startsException && (m[4] !== undefined || !/^\s*from /.test(line))) {
      chain.push({ type: m[5], message: m[4], frames: [] });
    }
    chain.at(-1)?.frames.push(frame(m));
  }
  return chain.length > 0 ? chain : undefined;
};
