import { init } from './init.ts';

/**
 * What both register entries do after (or without) the loader hook: start
 * telemetry from OTEL_* and FAULTLINE_* variables, and flush at the end.
 */
export function startFromEnvironment(): void {
  const handle = init();
  // The application never sees this handle, so records still queued when the
  // event loop drains would be lost without this last flush. `beforeExit` does
  // not fire on process.exit() or signals: call init().shutdown() there.
  process.once('beforeExit', () => {
    void handle.shutdown();
  });
}
