// The trace sampler, from OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG, by
// default a parent-based trace-id ratio. Whatever it decides, spans keep
// recording (not exported when unsampled): that is what lets every error of
// an instrumented operation be seen by error-span-processor.ts while only
// sampled traces are sent. Incoming HTTP requests are decided earlier, by
// the request gate (request-gate.ts), with this same sampler.
import { SpanKind, trace } from '@opentelemetry/api';
import type { Sampler } from '@opentelemetry/sdk-trace';
import type { OtelModules } from './otel-modules.ts';
import { currentScope } from './scope.ts';

export const SAMPLER_NAMES = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];

export const DEFAULT_SAMPLER: SamplerName = 'parentbased_traceidratio';
export const DEFAULT_RATIO = 0.1;

export interface SamplerConfig {
  readonly name: SamplerName;
  readonly ratio: number;
  /** Keep unsampled spans recording so their errors are still captured. */
  readonly recordUnsampled: boolean;
}

export function buildSampler(otel: OtelModules['sdkTrace'], config: SamplerConfig): Sampler {
  const root = (): Sampler => {
    switch (config.name) {
      case 'always_on':
      case 'parentbased_always_on':
        return new otel.AlwaysOnSampler();
      case 'always_off':
      case 'parentbased_always_off':
        return new otel.AlwaysOffSampler();
      default:
        return new otel.TraceIdRatioBasedSampler(config.ratio);
    }
  };
  const sampler = config.name.startsWith('parentbased_')
    ? new otel.ParentBasedSampler({ root: root() })
    : root();
  return config.recordUnsampled ? otel.createAlwaysRecordSampler(sampler) : sampler;
}

/**
 * The SDK's sampler: the server span of a request the gate chose to trace is
 * sampled (asking `sampler` again, with the SDK's new trace id, would trace
 * only ratio² of requests); every other span is decided by `sampler`.
 */
export function followRequestGate(otel: OtelModules['sdkTrace'], sampler: Sampler): Sampler {
  return {
    shouldSample(ctx, traceId, name, kind, attributes, links) {
      const scope = kind === SpanKind.SERVER ? currentScope() : undefined;
      if (scope?.sampleServerSpan) {
        scope.sampleServerSpan = false;
        // With a remote parent the sampler already agrees with the gate.
        if (trace.getSpanContext(ctx) === undefined)
          return { decision: otel.SamplingDecision.RECORD_AND_SAMPLED };
      }
      return sampler.shouldSample(ctx, traceId, name, kind, attributes, links);
    },
    toString: () => `FollowRequestGate{${sampler.toString()}}`,
  };
}
