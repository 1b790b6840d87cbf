import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exceptionSpanProtobuf } from '../otlp/testing.ts';
import { startTestProcessor, type TestProcessor } from '../test-support/processor.ts';

let processor: TestProcessor;

beforeAll(async () => {
  processor = await startTestProcessor({
    FAULTLINE_WORKERS: '0',
  });
});

afterAll(async () => {
  await processor?.stop();
});

describe('operations endpoints', () => {
  it('/readyz answers ready with each check, without a token', async () => {
    const res = await fetch(`${processor.apiUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { store: 'ok', spool: 'ok' } });
  });

  it('/metrics counts requests, items and events, and exposes the spool and the queue', async () => {
    const sent = await fetch(`${processor.otlpHttpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: Buffer.from(exceptionSpanProtobuf()),
    });
    expect(sent.status).toBe(200);
    const bad = await fetch(`${processor.otlpHttpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);

    // Storing follows the acknowledgement: wait for the event, so the write is measured.
    for (let stored = 0; stored === 0; await new Promise((r) => setTimeout(r, 20))) {
      const page = await fetch(`${processor.apiUrl}/api/v1/events`, {
        headers: { authorization: 'Bearer t' },
      });
      stored = ((await page.json()) as { items: unknown[] }).items.length;
    }
    const res = await fetch(`${processor.apiUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain(
      'faultline_otlp_requests_total{transport="http",signal="traces",status="200"} 1',
    );
    expect(text).toContain(
      'faultline_otlp_requests_total{transport="http",signal="traces",status="400"} 1',
    );
    expect(text).toContain('faultline_received_items_total{signal="traces"} 1');
    expect(text).toContain('faultline_accepted_events_total{signal="traces"} 1');
    expect(text).toContain('faultline_rejected_items_total{reason="undecodable"} 1');
    expect(text).toMatch(/^faultline_spool_bytes \d+$/m);
    expect(text).toMatch(/^faultline_queue_depth \d+$/m);
    expect(text).toContain('faultline_store_write_seconds_bucket');
  });
});
