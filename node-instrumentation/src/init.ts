import { resolveConfig, type InitOptions } from './config.ts';
import { describeError, noopHandle, type TelemetryHandle } from './handle.ts';
import { startSdk } from './sdk.ts';
import { warnOnce } from './warn.ts';

// The OpenTelemetry API keeps one global tracer provider per process, so a
// second SDK could never take over: the first start is the only one.
let running: TelemetryHandle | undefined;

/**
 * Starts tracing for this process and returns its handle. Never throws: on a
 * bad configuration it warns once and returns a handle that does nothing.
 * A second call returns the running handle (so an app started with
 * `--import @faultline/node/register` can still get it by calling `init()`).
 */
export function init(options?: InitOptions): TelemetryHandle {
  try {
    if (running) {
      if (options !== undefined && Object.keys(options).length > 0) {
        warnOnce(
          'FAULTLINE_ALREADY_STARTED',
          '@faultline/node: telemetry is already running; the options of this init() call are ignored',
        );
      }
      return running;
    }
    const result = resolveConfig(options);
    if (!result.ok) {
      warnOnce('FAULTLINE_BAD_CONFIG', `@faultline/node: ${result.problem}; telemetry is off`);
      return noopHandle;
    }
    if (result.warnings.length > 0) {
      warnOnce('FAULTLINE_CONFIG_FALLBACK', `@faultline/node: ${result.warnings.join('; ')}`);
    }
    if (result.config.disabled) {
      running = noopHandle;
      return running;
    }
    running = startSdk(result.config);
    return running;
  } catch (error) {
    warnOnce(
      'FAULTLINE_START_FAILED',
      `@faultline/node: telemetry could not start (${describeError(error)}); telemetry is off`,
    );
    return noopHandle;
  }
}
