import { toInt, type ParsedException, type StackParser } from './types.ts';

/**
 * JVM stack traces (Java, Kotlin, Scala): `\tat pkg.Class.method(File.java:12)`,
 * optional `module/` and class-loader prefixes, `Caused by:` sections and their
 * `... N more` (frames shared with the enclosing trace, not repeated);
 * `Suppressed:` sections are skipped.
 */

const FRAME = /^\s*at ([^\s(]+)\(([^()]*)\)\s*$/;
const JVM_PLACE =
  /^(?:([\w$.-]+\.(?:java|kt|kts|scala|groovy|clj)|Native Method|Unknown Source)(?::(\d+))?)$/;
const CAUSED_BY = /^Caused by: (.*)$/;
const HEADER = /^([\w$.]+)(?:: ([\s\S]*))?$/;

function header(text: string): ParsedException {
  const m = HEADER.exec(text.trim());
  return m ? { type: m[1], message: m[2], frames: [] } : { message: text.trim(), frames: [] };
}

export const parseJava: StackParser = (lines) => {
  const isJvmFrame = (l: string) => {
    const m = FRAME.exec(l);
    return m !== null && JVM_PLACE.test(m[2]!);
  };
  if (!lines.some(isJvmFrame)) return undefined;
  const chain: ParsedException[] = [header(lines[0] ?? '')];
  let suppressed = false;
  for (const line of lines.slice(1)) {
    const cause = CAUSED_BY.exec(line);
    if (cause) {
      chain.push(header(cause[1]!));
      suppressed = false;
      continue;
    }
    if (/^\s+Suppressed: /.test(line)) suppressed = true;
    const m = FRAME.exec(line);
    if (!m || suppressed) continue;
    // Drop loader and module prefixes: "app//x.Y.z", "java.base/java.util.List.of".
    const qualified = m[1]!.slice(m[1]!.lastIndexOf('/') + 1);
    const dot = qualified.lastIndexOf('.');
    const place = JVM_PLACE.exec(m[2]!);
    chain.at(-1)!.frames.push({
      function: dot >= 0 ? qualified.slice(dot + 1) : qualified,
      module: dot >= 0 ? qualified.slice(0, dot) : undefined,
      file: place?.[1],
      line: toInt(place?.[2]),
      platform: 'java',
    });
  }
  return chain;
};
