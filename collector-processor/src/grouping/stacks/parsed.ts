import type { StackFrame } from '../../schema/index.ts';

/**
 * What the local stack parsers get out of a stack-trace text: the frames of
 * the thrown exception, innermost (where it was thrown) first, and the types
 * of its causes, nearest cause first.
 */
export interface ParsedStack {
  readonly type?: string;
  readonly frames: StackFrame[];
  readonly causes: string[];
  /** Frames of the deepest cause that has any, innermost first: where the failure began. */
  readonly rootCauseFrames?: StackFrame[];
}

export const EMPTY_STACK: ParsedStack = { frames: [], causes: [] };
