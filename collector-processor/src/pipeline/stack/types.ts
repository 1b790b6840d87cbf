/**
 * A stack trace as parsed, before in-app is decided. Frames are ordered most
 * recent call first in every language (Python and .NET print some the other
 * way round; their parsers turn them), so frame 0 is where it was thrown.
 */
export interface RawFrame {
  function?: string;
  /** Package, class or namespace (Java, .NET, Go, Python modules), or the Node package. */
  module?: string;
  file?: string;
  line?: number;
  column?: number;
  /** Which parser read it; in-app defaults differ a little by platform. */
  platform: Platform;
}

export type Platform = 'javascript' | 'python' | 'java' | 'go' | 'dotnet' | 'ruby';

export interface ParsedException {
  type?: string;
  message?: string;
  frames: RawFrame[];
}

/**
 * A parser reads one language's format. It answers undefined when the text is
 * not in its format, so the dispatcher can try the next one. The chain starts
 * with the exception that was reported and goes on to its causes.
 */
export type StackParser = (lines: readonly string[]) => ParsedException[] | undefined;

export const toInt = (s: string | undefined): number | undefined =>
  s === undefined ? undefined : Number.parseInt(s, 10);
