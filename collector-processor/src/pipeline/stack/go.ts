import { toInt, type RawFrame, type StackParser } from './types.ts';

/**
 * Go panics: `panic: message`, then `goroutine N [state]:` and pairs of lines,
 * `pkg/path.Func(args)` and `\t/file.go:12 +0x25`, ending with `created by …`.
 * Only the first goroutine (the one that panicked) is read.
 */

const GOROUTINE = /^goroutine \d+ \[/;
/** Arguments never hold parentheses, receivers like (*T) do: only a final (…) is the argument list. */
const FUNCTION = /^(?:created by )?(\S+?)(?:\([^()]*\))?(?: in goroutine \d+)?$/;
const PLACE = /^\t(.+?):(\d+)(?: \+0x[0-9a-f]+)?$/;

/** "example.com/shop/orders.(*Service).Total" → package "example.com/shop/orders", "(*Service).Total". */
function split(qualified: string): Pick<RawFrame, 'module' | 'function'> {
  const slash = qualified.lastIndexOf('/');
  const dot = qualified.indexOf('.', slash + 1);
  if (dot < 0) return { function: qualified };
  return { module: qualified.slice(0, dot), function: qualified.slice(dot + 1) };
}

export const parseGo: StackParser = (lines) => {
  const start = lines.findIndex((l) => GOROUTINE.test(l));
  if (start < 0) return undefined;
  const panic = lines
    .slice(0, start)
    .find((l) => l.startsWith('panic: ') || l.startsWith('fatal error: '));
  const frames: RawFrame[] = [];
  for (let i = start + 1; i < lines.length - 1; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || GOROUTINE.test(line)) break;
    const fn = FUNCTION.exec(line);
    const place = PLACE.exec(lines[i + 1]!);
    if (!fn || !place) continue;
    frames.push({ ...split(fn[1]!), file: place[1], line: toInt(place[2]), platform: 'go' });
    i++;
  }
  const message = panic?.replace(/^(panic|fatal error): /, '').replace(/ \[recovered\]$/, '');
  return [{ message, frames }];
};
