import type { FaultlineEvent, StackFrame } from '../schema/index.ts';
import { TextMemo } from '../memo.ts';
import type { PipelineRules } from './rules.ts';
import { isInApp, type InAppRules } from './stack/in-app.ts';
import { parseStackTrace } from './stack/parse.ts';
import type { RawFrame } from './stack/types.ts';
import { parseUserAgent } from './user-agent.ts';

/**
 * Stage 3: what can be read out of the event itself. The stack trace becomes
 * frames (every exception of a chain, the reported one first, each most recent
 * call first) with in_app decided per frame; the top in-app frame — the
 * culprit — fills the code location when the event has none; the user agent
 * is parsed. (Service, version, environment and host come from the resource
 * in normalize.)
 */

function toStackFrame(frame: RawFrame, inApp: InAppRules): StackFrame {
  const out: StackFrame = { in_app: isInApp(frame, inApp) };
  if (frame.function) out.function = frame.function;
  if (frame.module) out.module = frame.module;
  if (frame.file) out.file = frame.file;
  if (frame.line !== undefined && frame.line >= 0) out.line = frame.line;
  if (frame.column !== undefined && frame.column >= 0) out.column = frame.column;
  return out;
}

function withCulprit(event: FaultlineEvent, frames: readonly StackFrame[]): FaultlineEvent {
  // Frames of the reported exception come first, so the first in-app frame is its culprit.
  const culprit = frames.find((f) => f.in_app);
  if (!culprit) return event;
  const code = event.code ?? {};
  const hasLocation =
    code.function?.name !== undefined ||
    code.file?.path !== undefined ||
    code.line?.number !== undefined;
  return {
    ...event,
    faultline: { ...event.faultline, module: event.faultline.module ?? culprit.module },
    // A location the sender gave is kept whole; a culprit never mixes into it.
    code: hasLocation
      ? code
      : {
          function: culprit.function ? { name: culprit.function } : undefined,
          file: culprit.file ? { path: culprit.file } : undefined,
          line: culprit.line !== undefined ? { number: culprit.line } : undefined,
        },
  };
}

/**
 * A stack's frames, remembered per stack text and in-app rules (error streams
 * repeat the same stacks). Frozen: every event of that stack shares them.
 */
const framesMemo = new WeakMap<InAppRules, TextMemo<StackFrame[]>>();

function framesOf(stack: string, inApp: InAppRules): StackFrame[] {
  let memo = framesMemo.get(inApp);
  if (!memo) framesMemo.set(inApp, (memo = new TextMemo()));
  return memo.get(stack, (text) =>
    parseStackTrace(text).flatMap((e) => e.frames.map((f) => toStackFrame(f, inApp))),
  );
}

function withFrames(event: FaultlineEvent, rules: PipelineRules): FaultlineEvent {
  const stack = event.error?.stack_trace;
  if (!stack || event.error?.frames) return event;
  const frames = framesOf(stack, rules.inApp);
  if (frames.length === 0) return event;
  return withCulprit({ ...event, error: { ...event.error, frames } }, frames);
}

function withUserAgent(event: FaultlineEvent): FaultlineEvent {
  const original = event.user_agent?.original;
  if (!original) return event;
  return { ...event, user_agent: { ...parseUserAgent(original), original } };
}

export function enrich(event: FaultlineEvent, rules: PipelineRules): FaultlineEvent {
  return withUserAgent(withFrames(event, rules));
}
