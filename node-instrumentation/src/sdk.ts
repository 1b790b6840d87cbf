import { logs, trace } from '@opentelemetry/api';
import type { ResolvedConfig } from './config.ts';
import { loadOptionalInstrumentations } from './default-instrumentations.ts';
import { FrameContextManager } from './context-manager.ts';
import { ErrorSpanProcessor } from './error-span-processor.ts';
import { countingExporter } from './export-failures.ts';
import { copyRequestAttributes } from './express-hooks.ts';
import { createHandle, type TelemetryHandle } from './handle.ts';
import { loadOtelModules } from './otel-modules.ts';
import { installProcessHandlers } from './process-handlers.ts';
import { compileRedactor } from './redact.ts';
import { RedactingLogRecordProcessor, RedactingSpanProcessor } from './redacting-processors.ts';
import { installRequestGate, requestDecider } from './request-gate.ts';
import { buildResource } from './resource.ts';
import { createRouteErrorInstrumentation } from './express-router.ts';
import { setRuntime } from './runtime.ts';
import { serverSpanStarter } from './server-span.ts';
import { buildSampler, followRequestGate } from './sampler.ts';
import { SessionLogRecordProcessor, SessionSpanProcessor } from './session-processors.ts';

const SCOPE_NAME = '@faultline/node';

/**
 * Starts the OpenTelemetry Node SDK: spans (sampled) and log records (every
 * error and explicit event) over OTLP/HTTP. The batch processors are built
 * here rather than by the SDK so that `flush()` can reach them.
 */
export function startSdk(config: ResolvedConfig): TelemetryHandle {
  const otel = loadOtelModules();
  const redactor = compileRedactor(config.redact);
  const spanBatch = new otel.sdkTrace.BatchSpanProcessor({
    ...config.spanBatch,
    exporter: countingExporter(
      'traces',
      new otel.exporter.OTLPTraceExporter({ url: config.tracesUrl }),
    ),
  });
  const logBatch = new otel.sdkLogs.BatchLogRecordProcessor({
    ...config.logBatch,
    exporter: countingExporter(
      'logs',
      new otel.logsExporter.OTLPLogExporter({ url: config.logsUrl }),
    ),
  });
  const sampler = buildSampler(otel.sdkTrace, config.sampler);
  const ids = new otel.sdkTrace.RandomIdGenerator();
  const sdk = new otel.sdkNode.NodeSDK({
    resource: buildResource(otel.resources, config),
    autoDetectResources: false,
    sampler: followRequestGate(otel.sdkTrace, sampler),
    // One AsyncLocalStorage for the context and the request scope (context-manager.ts).
    contextManager: new FrameContextManager(),
    // Order matters: the session id is added and errors become log records
    // before anything is scrubbed, and scrubbing happens before the batch
    // processors queue anything for export.
    spanProcessors: [
      new SessionSpanProcessor(),
      new ErrorSpanProcessor(),
      new RedactingSpanProcessor(redactor),
      spanBatch,
    ],
    logRecordProcessors: [
      new SessionLogRecordProcessor(),
      new RedactingLogRecordProcessor(redactor, SCOPE_NAME),
      logBatch,
    ],
    // No metrics: an empty list keeps the SDK from building a reader from OTEL_* defaults.
    metricReaders: [],
    instrumentations: [
      // Incoming requests get their server span from the request gate.
      new otel.http.HttpInstrumentation({ disableIncomingRequestInstrumentation: true }),
      // Express layer spans cost on every traced request and say little in a
      // trace: off by default. The server span is named after the route and
      // route errors are captured by express-router.ts either way.
      ...(config.expressLayerSpans
        ? [new otel.express.ExpressInstrumentation({ requestHook: copyRequestAttributes })]
        : []),
      createRouteErrorInstrumentation(otel.instrumentation, otel.core),
      ...loadOptionalInstrumentations(config.defaultInstrumentations),
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
  installRequestGate(
    requestDecider(otel.sdkTrace, sampler, ids),
    serverSpanStarter(trace.getTracer(SCOPE_NAME), otel.core),
  );
  setRuntime({
    logger: logs.getLogger(SCOPE_NAME),
    redactor,
    captureQuery: config.captureQuery,
    captureBody: config.captureBody,
  });
  const flush = async (): Promise<void> => {
    // Spans first: ending spans can still produce log records (their errors).
    await spanBatch.forceFlush();
    await logBatch.forceFlush();
  };
  if (config.captureUncaught) installProcessHandlers(flush, config.exitFlushTimeoutMillis);
  return createHandle({
    flush,
    shutdown: async () => {
      await flush();
      setRuntime(undefined);
      await sdk.shutdown();
    },
  });
}
