import type { ResolvedConfig } from './config.ts';
import { copyRequestAttributes } from './express-hooks.ts';
import { createHandle, type TelemetryHandle } from './handle.ts';
import { loadOtelModules } from './otel-modules.ts';
import { buildResource } from './resource.ts';

/**
 * Starts the OpenTelemetry Node SDK for traces only. The span processor is
 * built here rather than by the SDK so that `flush()` can reach it (NodeSDK
 * exposes no flush of its own).
 */
export function startSdk(config: ResolvedConfig): TelemetryHandle {
  const otel = loadOtelModules();
  const exporter = new otel.exporter.OTLPTraceExporter({ url: config.tracesUrl });
  const processor = new otel.sdkTrace.BatchSpanProcessor({
    exporter,
    ...(config.scheduledDelayMillis === undefined
      ? {}
      : { scheduledDelayMillis: config.scheduledDelayMillis }),
  });
  const sdk = new otel.sdkNode.NodeSDK({
    resource: buildResource(otel.resources, config),
    autoDetectResources: false,
    spanProcessors: [processor],
    // Empty lists keep the SDK from building metric and log exporters from
    // OTEL_* defaults: this package sends traces, nothing else, for now.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new otel.http.HttpInstrumentation(),
      new otel.express.ExpressInstrumentation({ requestHook: copyRequestAttributes }),
      ...config.instrumentations,
    ],
  });
  try {
    sdk.start();
  } catch (error) {
    // A half-started SDK would keep patches and timers alive in the host.
    void sdk.shutdown().catch(() => {});
    throw error;
  }
  return createHandle({
    flush: () => processor.forceFlush(),
    shutdown: () => sdk.shutdown(),
  });
}
