import type { StackFrame } from '../../schema/index.ts';
import type { ParsedStack } from './parsed.ts';
import { isForeign } from './runtime.ts';

// "\tat com.acme.Foo.bar(Foo.java:12)", "\tat java.base/java.util.X.y(X.java:3)"
const FRAME = /^\s*at (?:[\w.]+\/)?([\w$.]+)\.([\w$<>]+)\(([^:)]*)(?::(\d+))?\)/;
const HEADER = /^(?:Exception in thread "[^"]*" )?([A-Za-z_$][\w$.]*)(?::|$)/;
const CAUSE = /^Caused by: ([A-Za-z_$][\w$.]*)/;

/** Parses a JVM stack trace: frames of the outer exception, then "Caused by:" types in order. */
export function parseJava(text: string): ParsedStack {
  const lines = text.split('\n');
  const type = HEADER.exec(lines[0]?.trim() ?? '')?.[1];
  const frames: StackFrame[] = [];
  const causes: string[] = [];
  let causeFrames: StackFrame[] | undefined;
  let rootCauseFrames: StackFrame[] | undefined;
  let suppressed = false;
  for (const line of lines) {
    const cause = CAUSE.exec(line.trim());
    if (cause) {
      causes.push(cause[1]!);
      causeFrames = [];
      suppressed = false;
      continue;
    }
    // Suppressed exceptions (try-with-resources) are not on the failure's path.
    if (/^\s*Suppressed:/.test(line)) suppressed = true;
    if (suppressed) continue;
    const m = FRAME.exec(line);
    if (!m) continue;
    const target = causeFrames ?? frames;
    if (causeFrames && causeFrames.length === 0) rootCauseFrames = causeFrames;
    target.push({
      module: m[1]!,
      function: m[2]!,
      ...(m[3] && { file: m[3] }),
      ...(m[4] !== undefined && { line: Number(m[4]) }),
      in_app: !isForeign(undefined, m[1]),
    });
  }
  return { type, frames, causes, ...(rootCauseFrames && { rootCauseFrames }) };
}
