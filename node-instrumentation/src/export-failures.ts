// Wraps an exporter so that a failed export is counted and reported once (as
// a FaultlineWarning), never thrown: the application must not notice that the
// processor is down, except for this one line on stderr.
import { warnOnce } from './warn.ts';

interface ExportResult {
  code: number;
  error?: Error;
}

interface Exporter<T> {
  export(items: T[], done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

const SUCCESS = 0;

export interface ExportCounters {
  /** Batches the exporter failed to deliver, per signal. */
  readonly failures: Record<'traces' | 'logs', number>;
}

export const exportCounters: ExportCounters = { failures: { traces: 0, logs: 0 } };

export function countingExporter<T, E extends Exporter<T>>(signal: 'traces' | 'logs', inner: E): E {
  const wrapped: Exporter<T> = {
    export(items, done) {
      try {
        inner.export(items, (result) => {
          if (result.code !== SUCCESS) record(signal, items.length, result.error);
          done(result);
        });
      } catch (error) {
        record(signal, items.length, error);
        done({ code: 1, error: error instanceof Error ? error : new Error(String(error)) });
      }
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
  return wrapped as E;
}

function record(signal: 'traces' | 'logs', count: number, error: unknown): void {
  exportCounters.failures[signal]++;
  const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
  warnOnce(
    `FAULTLINE_EXPORT_FAILED_${signal.toUpperCase()}`,
    `@faultline/node: could not export ${count} ${signal === 'logs' ? 'log records' : 'spans'} (${reason}); ` +
      'the application goes on, later failures are only counted',
  );
}
