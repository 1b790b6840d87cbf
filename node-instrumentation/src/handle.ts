import { warnOnce } from './warn.ts';

/** What `init()` gives back to the application. Neither method ever rejects. */
export interface TelemetryHandle {
  /** Sends every finished span now; resolves when the exporter answered or gave up. */
  flush(): Promise<void>;
  /** Flushes and stops telemetry; runs once, later calls get the same promise. */
  shutdown(): Promise<void>;
}

/** The handle of telemetry that is off (bad config, disabled, failed start). */
export const noopHandle: TelemetryHandle = Object.freeze({
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
});

interface HandleParts {
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export function createHandle(parts: HandleParts): TelemetryHandle {
  let stopping: Promise<void> | undefined;
  return Object.freeze({
    flush(): Promise<void> {
      if (stopping) return stopping;
      return settle(parts.flush, 'FAULTLINE_FLUSH_FAILED', 'flush');
    },
    shutdown(): Promise<void> {
      stopping ??= settle(parts.shutdown, 'FAULTLINE_SHUTDOWN_FAILED', 'shutdown');
      return stopping;
    },
  });
}

// The host awaits these in its own shutdown path; a rejection there could
// abort that path, so failures become a warning instead.
async function settle(run: () => Promise<void>, code: string, what: string): Promise<void> {
  try {
    await run();
  } catch (error) {
    warnOnce(code, `@faultline/node: telemetry ${what} failed: ${describeError(error)}`);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
