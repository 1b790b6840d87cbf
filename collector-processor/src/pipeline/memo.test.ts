import { describe, expect, it, vi } from 'vitest';
import { buildMix } from '../../bench/mix.ts';
import { decodeTraceProtobuf } from '../otlp/protobuf.ts';
import { createPipeline, PIPELINE_DEFAULTS, type PipelineSettings } from './index.ts';

/**
 * The pipeline remembers pure steps on their exact input (stack text →
 * frames, message → title, parts → key; src/memo.ts). Remembered or not, the
 * events must come out byte for byte the same, and a new configuration must
 * never be answered from the old one's results.
 */

const bodies = buildMix(10, 100).filter((b) => b.path === '/v1/traces');

/** The events' JSON from a pipeline module loaded afresh: nothing remembered yet. */
async function coldEventsJson(body: Uint8Array, settings?: PipelineSettings): Promise<string> {
  vi.resetModules();
  const fresh = await import('./index.ts');
  return JSON.stringify(
    fresh.createPipeline(settings).processTraces(decodeTraceProtobuf(body)).events,
  );
}

const warmEventsJson = (body: Uint8Array, settings?: PipelineSettings) =>
  JSON.stringify(createPipeline(settings).processTraces(decodeTraceProtobuf(body)).events);

describe('remembered pipeline steps', () => {
  it('give byte-identical events to a pipeline that remembers nothing', async () => {
    // Warm every memo with all the bodies first.
    for (const body of bodies) warmEventsJson(body.bytes);
    for (const body of bodies.slice(0, 3)) {
      expect(warmEventsJson(body.bytes)).toBe(await coldEventsJson(body.bytes));
    }
  });

  it('follow a changed grouping configuration', async () => {
    const oneFrame: PipelineSettings = {
      ...PIPELINE_DEFAULTS,
      grouping: { ...PIPELINE_DEFAULTS.grouping, maxFrames: 1 },
    };
    const body = bodies[0]!.bytes;
    warmEventsJson(body);
    const changed = warmEventsJson(body, oneFrame);
    expect(changed).not.toBe(warmEventsJson(body));
    expect(changed).toBe(await coldEventsJson(body, oneFrame));
  });

  it('follow changed in-app rules', async () => {
    const noShop: PipelineSettings = { ...PIPELINE_DEFAULTS, inAppExclude: ['/srv/shop/'] };
    const body = bodies[0]!.bytes;
    warmEventsJson(body);
    const changed = warmEventsJson(body, noShop);
    expect(changed).not.toBe(warmEventsJson(body));
    expect(changed).toBe(await coldEventsJson(body, noShop));
  });

  it('hand out frames no later stage can change', () => {
    const pipeline = createPipeline();
    const body = decodeTraceProtobuf(bodies[0]!.bytes);
    // Seen often enough to be kept (src/memo.ts admits texts after a few misses).
    for (let i = 0; i < 10; i++) pipeline.processTraces(body);
    const [event] = pipeline.processTraces(body).events.filter((e) => e.error?.frames);
    expect(Object.isFrozen(event!.error!.frames![0])).toBe(true);
  });
});
