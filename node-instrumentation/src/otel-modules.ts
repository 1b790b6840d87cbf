// The OpenTelemetry packages are loaded through require(), inside init(), on
// purpose: a failure to load them (a broken install, or a copy of
// @opentelemetry/api older than an instrumentation needs, which npm can hoist
// next to it when another package pins the API lower) then throws inside
// init(), which turns it into a warning. A static ESM import would fail at
// link time and take the whole application down with it.
import { createRequire } from 'node:module';
import type * as Core from '@opentelemetry/core';
import type * as ExporterLogsOtlpHttp from '@opentelemetry/exporter-logs-otlp-http';
import type * as ExporterTraceOtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Instrumentation from '@opentelemetry/instrumentation';
import type * as InstrumentationExpress from '@opentelemetry/instrumentation-express';
import type * as InstrumentationHttp from '@opentelemetry/instrumentation-http';
import type * as Resources from '@opentelemetry/resources';
import type * as SdkLogs from '@opentelemetry/sdk-logs';
import type * as SdkNode from '@opentelemetry/sdk-node';
import type * as SdkTrace from '@opentelemetry/sdk-trace';

export interface OtelModules {
  readonly core: typeof Core;
  readonly exporter: typeof ExporterTraceOtlpHttp;
  readonly logsExporter: typeof ExporterLogsOtlpHttp;
  readonly sdkLogs: typeof SdkLogs;
  readonly instrumentation: typeof Instrumentation;
  readonly express: typeof InstrumentationExpress;
  readonly http: typeof InstrumentationHttp;
  readonly resources: typeof Resources;
  readonly sdkNode: typeof SdkNode;
  readonly sdkTrace: typeof SdkTrace;
}

const requireHere = createRequire(import.meta.url);

/** Loads the SDK packages; throws when one cannot be loaded (init() catches it). */
export function loadOtelModules(): OtelModules {
  return {
    core: requireHere('@opentelemetry/core') as typeof Core,
    exporter: requireHere(
      '@opentelemetry/exporter-trace-otlp-http',
    ) as typeof ExporterTraceOtlpHttp,
    logsExporter: requireHere(
      '@opentelemetry/exporter-logs-otlp-http',
    ) as typeof ExporterLogsOtlpHttp,
    sdkLogs: requireHere('@opentelemetry/sdk-logs') as typeof SdkLogs,
    instrumentation: requireHere('@opentelemetry/instrumentation') as typeof Instrumentation,
    express: requireHere('@opentelemetry/instrumentation-express') as typeof InstrumentationExpress,
    http: requireHere('@opentelemetry/instrumentation-http') as typeof InstrumentationHttp,
    resources: requireHere('@opentelemetry/resources') as typeof Resources,
    sdkNode: requireHere('@opentelemetry/sdk-node') as typeof SdkNode,
    sdkTrace: requireHere('@opentelemetry/sdk-trace') as typeof SdkTrace,
  };
}
