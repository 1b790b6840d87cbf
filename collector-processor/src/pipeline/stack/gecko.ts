import { toInt, type RawFrame, type StackParser } from './types.ts';
import { jsModule } from './v8.ts';

/**
 * Firefox and Safari: `fn@url:line:col`, an empty name for anonymous code,
 * `async*` and `fn/<` decorations, Firefox's `url line N > eval` for eval'd
 * code and Safari's `fn@[native code]`. These error.stack texts hold frames only.
 */

const FRAME = /^(.*?)@(.*)$/;
const LOCATION = /^(.*?):(\d+)(?::(\d+))?$/;
const EVAL_ORIGIN = /^(.*?) line (\d+) > (?:eval|Function)/;

function frame(line: string): RawFrame | undefined {
  const m = FRAME.exec(line.trim());
  if (!m) return undefined;
  const name = m[1]!.replace(/^async\*/, '').replace(/(\/<)+$/, '') || undefined;
  const place = m[2]!;
  if (place === '[native code]') return { function: name, file: place, platform: 'javascript' };
  const evalOrigin = EVAL_ORIGIN.exec(place);
  if (evalOrigin) {
    const file = evalOrigin[1]!;
    return {
      function: name,
      file,
      line: toInt(evalOrigin[2]),
      module: jsModule(file),
      platform: 'javascript',
    };
  }
  const loc = LOCATION.exec(place);
  if (!loc) return undefined;
  const file = loc[1]!;
  return {
    function: name === 'global code' ? undefined : name,
    file,
    line: toInt(loc[2]),
    column: toInt(loc[3]),
    module: jsModule(file),
    platform: 'javascript',
  };
}

export const parseGecko: StackParser = (lines) => {
  const content = lines.filter((l) => l.trim() !== '');
  const frames = content.map(frame);
  // Every line must be a frame: '@' alone is too common in messages to guess from.
  if (frames.length === 0 || frames.some((f) => f === undefined)) return undefined;
  return [{ frames: frames as RawFrame[] }];
};
