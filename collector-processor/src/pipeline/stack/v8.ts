import { fileURLToPath } from 'node:url';
import { toInt, type ParsedException, type RawFrame, type StackParser } from './types.ts';

/**
 * V8 (Node, Chrome, Edge, Deno): `    at fn (file:line:col)` or `    at file:line:col`,
 * with `async `, `new `, eval origins and `file://` URLs.
 */

const FRAME = /^\s*at (?:async )?(.*?)(?: \[as [^\]]+\])? \((.+)\)$/;
const BARE = /^\s*at (?:async )?(.+)$/;
const LOCATION = /^(.*?):(\d+)(?::(\d+))?$/;
/** `eval at fn (origin), <anonymous>:1:30`: the frame's place in the real source is the origin. */
const EVAL = /^eval at [^(]*\((.+)\), [^,]+$/;
const HEADER = /^([A-Za-z_$][\w$.]*(?:\[[^\]]*\])?): ?(.*)$/;

function filePath(file: string): string {
  if (!file.startsWith('file://')) return file;
  try {
    return fileURLToPath(file);
  } catch {
    return file.slice('file://'.length);
  }
}

function location(text: string): Pick<RawFrame, 'file' | 'line' | 'column'> {
  // `at async Promise.all (index 0)`: a built-in combinator, no place in any file.
  if (/^index \d+$/.test(text)) return {};
  let place = text;
  for (let depth = 0; depth < 8 && place.startsWith('eval at '); depth++) {
    const origin = EVAL.exec(place);
    if (!origin) break;
    place = origin[1]!;
  }
  const m = LOCATION.exec(place);
  if (!m) return { file: place };
  return { file: filePath(m[1]!), line: toInt(m[2]), column: toInt(m[3]) };
}

/** The package for files under node_modules, else the file's name without extension. */
export function jsModule(file: string | undefined): string | undefined {
  if (!file || file.startsWith('<') || file === 'native') return undefined;
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at >= 0 && parts[at + 1]) {
    const name = parts[at + 1]!;
    return name.startsWith('@') && parts[at + 2] ? `${name}/${parts[at + 2]}` : name;
  }
  const base = (parts.at(-1) ?? '').replace(/[?#].*$/, '');
  return base.replace(/\.[cm]?[jt]sx?$/, '') || undefined;
}

function frame(line: string): RawFrame | undefined {
  const full = FRAME.exec(line);
  if (full) {
    const place = location(full[2]!);
    return {
      function: full[1] || undefined,
      ...place,
      module: jsModule(place.file),
      platform: 'javascript',
    };
  }
  const bare = BARE.exec(line);
  // Without parentheses the whole rest is the place, and it must look like one.
  if (!bare || !/:\d+(:\d+)?$/.test(bare[1]!)) return undefined;
  const place = location(bare[1]!);
  return { ...place, module: jsModule(place.file), platform: 'javascript' };
}

export const parseV8: StackParser = (lines) => {
  const firstFrame = lines.findIndex((l) => /^\s+at \S/.test(l));
  if (firstFrame < 0) return undefined;
  const frames = lines.slice(firstFrame).flatMap((l) => frame(l) ?? []);
  const header = HEADER.exec(lines[0] ?? '');
  const exception: ParsedException = { frames };
  if (header && firstFrame > 0) {
    exception.type = header[1];
    exception.message = [header[2], ...lines.slice(1, firstFrame)].join('\n');
  }
  return [exception];
};
