import type { StackFrame } from '../schema/index.ts';
import { isRuntimeFile, isRuntimeModule } from './stacks/runtime.ts';

/**
 * Frame normalization: each frame becomes "module:function" with nothing that
 * changes between builds or deploys (no line, no column, no directory, no
 * content hash, no generated lambda index), so the same code path reads the
 * same in every release. Frames are expected innermost first.
 */

const QUERY = /[?#].*$/;
// Bundler content hashes in file names: main.3f2a1b9c.js, chunk-4KX7Q2LM.js
const CONTENT_HASH = /[.\-_](?=[0-9a-z]*\d)(?=[0-9a-z]*[a-z])[0-9a-z]{6,}(?=\.)/gi;
const EXTENSION = /\.(?:[cm]?[jt]sx?|py|pyc|java|kt|scala|groovy|class)$/;
const MINIFIED_FILE = /\.min\.|(?:^|[.\-_])(?:bundle|chunk|vendor)s?[.\-_]/i;
// Java: Foo$$Lambda$14/0x000000080012, Foo$1, lambda$run$0; V8/JSC prefixes.
const JAVA_LAMBDA_CLASS = /\$\$Lambda(?:\$\d+)?(?:\/(?:0x)?[0-9a-f]+)?/g;
const JAVA_ANON_CLASS = /\$\d+(?=$|\$|\.)/g;
const JAVA_LAMBDA_METHOD = /^lambda\$(.+?)\$\d+$/;
const JS_PREFIX = /^(?:async |new )+/;
const JS_ANON = /^(?:<anonymous>|anonymous|Object\.<anonymous>|)$/;
// Receivers V8 prints for plain objects and ES module namespaces: they depend on how the
// function was called (fn() vs ns.fn()), not on which function it is.
const JS_NAMESPACE_RECEIVER = /^(?:Object|Module|exports|module\.exports)\./;

export function frameModule(frame: StackFrame): string {
  if (frame.module) {
    return frame.module
      .replace(JAVA_LAMBDA_CLASS, '$$$$Lambda')
      .replace(JAVA_ANON_CLASS, '$$<anon>');
  }
  const file = (frame.file ?? '').replace(QUERY, '');
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return base.replace(CONTENT_HASH, '').replace(EXTENSION, '') || '<unknown>';
}

const PLAIN_NAME = /^[A-Za-z_][\w]{2,}$/;

export function frameFunction(frame: StackFrame): string {
  const raw = frame.function ?? '';
  // Fast path: most frames carry a plain name that no rule below would change.
  if (PLAIN_NAME.test(raw)) return raw;
  let fn = raw.trim().replace(JS_PREFIX, '');
  if (JS_ANON.test(fn)) return '<anon>';
  const lambda = JAVA_LAMBDA_METHOD.exec(fn);
  if (lambda) return `lambda$${lambda[1]}`;
  fn = fn.replace(JS_NAMESPACE_RECEIVER, '').replace(JAVA_ANON_CLASS, '$$<anon>');
  // V8 "Foo.bar [as baz]": the alias depends on how it was called, the name on what it is.
  fn = fn.replace(/ \[as [^\]]+\]$/, '');
  // Minified bundles rename every function on each build: the name says nothing.
  const last = fn.slice(fn.lastIndexOf('.') + 1);
  if (last.length <= 2 && MINIFIED_FILE.test(frame.file ?? '')) return '<minified>';
  return fn || '<anon>';
}

/** In-app as the pipeline said, and never the runtime's own code whatever it said. */
export function isAppFrame(frame: StackFrame): boolean {
  return frame.in_app && !isRuntimeFile(frame.file) && !isRuntimeModule(frame.module);
}

/**
 * Drops repeats of one frame or of a short cycle of frames (recursion). The
 * result ends with the recursive frames: what lies beyond them depends on the
 * recursion depth (runtimes cut stacks at a fixed number of frames, 10 in V8),
 * so it cannot identify the bug.
 */
export function collapseRecursion(
  keys: Iterable<string>,
  maxCycle = 3,
  enough = Infinity,
): string[] {
  const out: string[] = [];
  let recursed = false;
  for (const key of keys) {
    out.push(key);
    let repeated = false;
    for (let len = 1; len <= maxCycle && out.length >= 2 * len && !repeated; len++) {
      repeated = true;
      for (let i = 0; i < len; i++) {
        if (out[out.length - 1 - i] !== out[out.length - 1 - len - i]) {
          repeated = false;
          break;
        }
      }
      if (repeated) out.length -= len;
    }
    if (repeated) recursed = true;
    else if (recursed) {
      out.pop();
      break;
    }
    // Later repeats only ever remove entries past `enough`: stop reading frames.
    if (out.length >= enough + maxCycle) break;
  }
  return out;
}

/**
 * The frames that enter the grouping key, counted from the throw site: the
 * in-app frames (or, when the exception never passed through application
 * code, the non-runtime ones), normalized, recursion collapsed. When the
 * exception was thrown inside a library or the runtime, that library counts
 * as the first of the `limit` positions, so the key holds the application
 * frame that called it; when application code threw, the key also holds its
 * caller (which tells apart two bugs that share a throwing helper).
 */
export function normalizeFrames(frames: readonly StackFrame[], limit: number): string[] {
  if (frames.length === 0) return [];
  let chosen = frames.filter(isAppFrame);
  const thrownOutsideApp = chosen.length > 0 && frames[0] !== chosen[0];
  if (chosen.length === 0) {
    chosen = frames.filter((f) => !isRuntimeFile(f.file) && !isRuntimeModule(f.module));
  }
  const keep = Math.max(1, thrownOutsideApp ? limit - 1 : limit);
  return collapseRecursion(frameKeys(chosen), 3, keep).slice(0, keep);
}

// Python before 3.12 runs list, dict and set comprehensions in frames of their own;
// 3.12 inlines them into the enclosing function (PEP 709). Skipped, the same code keys
// the same on either side of an upgrade.
const INLINED_COMPREHENSION = /^<(?:listcomp|dictcomp|setcomp)>$/;

/** Normalized keys, computed only as far as they are read. */
function* frameKeys(frames: readonly StackFrame[]): Generator<string> {
  for (const f of frames) {
    if (f.function !== undefined && INLINED_COMPREHENSION.test(f.function)) continue;
    yield `${frameModule(f)}:${frameFunction(f)}`;
  }
}
