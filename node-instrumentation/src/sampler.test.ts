import { context, ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import * as sdkTrace from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { buildSampler, followRequestGate, type SamplerConfig } from './sampler.ts';
import { frameStorage, type Scope } from './scope.ts';

const { SamplingDecision } = sdkTrace;
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

function decide(config: SamplerConfig, parentFlags?: TraceFlags) {
  const ctx =
    parentFlags === undefined
      ? ROOT_CONTEXT
      : trace.setSpanContext(context.active(), {
          traceId: TRACE_ID,
          spanId: 'b7ad6b7169203331',
          traceFlags: parentFlags,
          isRemote: true,
        });
  return buildSampler(sdkTrace, config).shouldSample(ctx, TRACE_ID, 'span', SpanKind.SERVER, {}, [])
    .decision;
}

describe('buildSampler', () => {
  it('ratio 0: the root span is not sampled but still records (its errors are captured)', () => {
    const config = { name: 'parentbased_traceidratio', ratio: 0, recordUnsampled: true } as const;
    expect(decide(config)).toBe(SamplingDecision.RECORD);
  });

  it('ratio 0 without recording unsampled spans: dropped', () => {
    const config = { name: 'parentbased_traceidratio', ratio: 0, recordUnsampled: false } as const;
    expect(decide(config)).toBe(SamplingDecision.NOT_RECORD);
  });

  it('parent-based: follows a sampled parent whatever the ratio', () => {
    const config = { name: 'parentbased_traceidratio', ratio: 0, recordUnsampled: true } as const;
    expect(decide(config, TraceFlags.SAMPLED)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('always_on samples, always_off only records', () => {
    expect(decide({ name: 'always_on', ratio: 0.1, recordUnsampled: true })).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
    expect(decide({ name: 'always_off', ratio: 0.1, recordUnsampled: true })).toBe(
      SamplingDecision.RECORD,
    );
  });
});

const inScope = (scope: Scope, fn: () => void) =>
  frameStorage.run({ scope, context: undefined, lazy: undefined }, fn);

describe('followRequestGate', () => {
  const never = buildSampler(sdkTrace, {
    name: 'parentbased_traceidratio',
    ratio: 0,
    recordUnsampled: false,
  });
  const sampler = followRequestGate(sdkTrace, never);
  const decideRoot = (kind: SpanKind) =>
    sampler.shouldSample(ROOT_CONTEXT, TRACE_ID, 'span', kind, {}, []).decision;

  it('samples the server span of a request the gate chose, once', () => {
    inScope({ sampleServerSpan: true }, () => {
      expect(decideRoot(SpanKind.SERVER)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
      expect(decideRoot(SpanKind.SERVER)).toBe(SamplingDecision.NOT_RECORD);
    });
  });

  it('leaves every other span to the configured sampler', () => {
    inScope({ sampleServerSpan: true }, () => {
      expect(decideRoot(SpanKind.INTERNAL)).toBe(SamplingDecision.NOT_RECORD);
    });
    inScope({}, () => {
      expect(decideRoot(SpanKind.SERVER)).toBe(SamplingDecision.NOT_RECORD);
    });
    expect(decideRoot(SpanKind.SERVER)).toBe(SamplingDecision.NOT_RECORD);
  });
});
