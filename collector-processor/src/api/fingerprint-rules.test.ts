import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exceptionSpanProtobuf } from '../otlp/testing.ts';
import type { Pattern } from '../store/patterns.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { startTestProcessor, TEST_TOKEN, type TestProcessor } from '../test-support/processor.ts';

/**
 * Fingerprint rules end to end: a processor with a pipeline thread, rules
 * from a configuration file and from the API, and the events it groups.
 */
let p: TestProcessor;
const configFile = path.join(os.tmpdir(), `faultline-grouping-${process.pid}.json`);

beforeAll(async () => {
  const rule = { id: 'file-rule', match: { type: 'FileRuleError' }, fingerprint: ['file'] };
  await writeFile(configFile, JSON.stringify({ rules: [rule] }));
  p = await startTestProcessor({
    FAULTLINE_WORKERS: '1',
    FAULTLINE_GROUPING_CONFIG_FILE: configFile,
  });
});
afterAll(async () => {
  await p.stop();
  await rm(configFile, { force: true });
});

const call = (method: string, url: string, body?: unknown) =>
  fetch(`${p.apiUrl}/api/v1${url}`, {
    method,
    headers: {
      authorization: `Bearer ${TEST_TOKEN}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
const json = async <T>(res: Response) => (await res.json()) as T;

type RuleList = { items: { id: string; source: string }[]; version: string };

/** Sends one PaymentError and waits for its pattern; resolves with the pattern. */
async function paymentPattern(spanId: string): Promise<Pattern> {
  const body = exceptionSpanProtobuf({
    spanId,
    exceptionType: 'PaymentError',
    exceptionMessage: `card ${spanId} declined`,
  });
  const res = await fetch(`${p.otlpHttpUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf' },
    body,
  });
  expect(res.status).toBe(200);
  for (let i = 0; i < 200; i++) {
    const page = await json<{
      items: { span?: { id?: string }; error?: { grouping_key?: string } }[];
    }>(await call('GET', '/events?limit=100'));
    const event = page.items.find((e) => e.span?.id === spanId);
    const key = event?.error?.grouping_key;
    const pattern =
      key && (await json<{ pattern?: Pattern }>(await call('GET', `/patterns/${key}`))).pattern;
    if (pattern) return pattern;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no pattern for span ${spanId}`);
}

describe('fingerprint rules', () => {
  it('groups with the rules in force and records the version in each new pattern; history keeps its version', async () => {
    const before = await json<RuleList>(await call('GET', '/fingerprint-rules'));
    expect(before.items).toEqual([
      {
        id: 'file-rule',
        match: { type: 'FileRuleError' },
        fingerprint: ['file'],
        source: 'config',
      },
    ]);
    const first = await paymentPattern('0000000000000001');
    expect(first.grouping_version).toBe(before.version);

    const created = await call('POST', '/fingerprint-rules', {
      id: 'payments',
      match: { type: 'Payment*' },
      fingerprint: ['payments', '{{ service }}'],
    });
    expect(created.status).toBe(201);
    const { version } = await json<{ version: string }>(created);
    expect(version).not.toBe(before.version);

    const second = await paymentPattern('0000000000000002');
    expect(second.id).not.toBe(first.id);
    expect(second.grouping_version).toBe(version);
    // The rule's key does not depend on the message: another card joins it.
    expect((await paymentPattern('0000000000000003')).id).toBe(second.id);
    expect(
      (await json<{ pattern: Pattern }>(await call('GET', `/patterns/${first.id}`))).pattern,
    ).toMatchObject({ grouping_version: before.version, count: 1 });
  });

  it('replaces and deletes API rules; each change is audited and moves the version', async () => {
    const list = await json<RuleList>(await call('GET', '/fingerprint-rules'));
    const put = await call('PUT', '/fingerprint-rules/payments', {
      match: { type: 'PaymentError', service: 'billing' },
      fingerprint: ['payments'],
      priority: 5,
    });
    expect(put.status).toBe(200);
    const replaced = await json<{ priority: number; version: string }>(put);
    expect(replaced.priority).toBe(5);
    expect(replaced.version).not.toBe(list.version);
    expect((await call('DELETE', '/fingerprint-rules/payments')).status).toBe(204);
    expect((await json<RuleList>(await call('GET', '/fingerprint-rules'))).items).toHaveLength(1);
    // The audit log, read from the processor's own SQLite file.
    const store = new SqliteStore({ dataDir: p.dataDir });
    const actions = (await store.audit.list({ limit: 10 })).map((r) => r.action);
    await store.close();
    expect(actions).toEqual(
      expect.arrayContaining([
        'fingerprint_rule.create',
        'fingerprint_rule.update',
        'fingerprint_rule.delete',
      ]),
    );
  });

  it('answers 400 for a bad rule (naming it), 409 for a taken id, 404 for none, 400 for a file rule', async () => {
    const bad = await call('POST', '/fingerprint-rules', {
      id: 'broken',
      match: { message: '/([a-/' },
      fingerprint: ['x'],
    });
    expect(bad.status).toBe(400);
    expect((await json<{ error: { message: string } }>(bad)).error.message).toMatch(/"broken"/);
    const shape = await call('POST', '/fingerprint-rules', { id: 'x', match: {}, fingerprint: [] });
    expect(shape.status).toBe(400);
    const taken = await call('POST', '/fingerprint-rules', {
      id: 'file-rule',
      match: {},
      fingerprint: ['x'],
    });
    expect(taken.status).toBe(409);
    expect((await call('DELETE', '/fingerprint-rules/nothing')).status).toBe(404);
    expect(
      (await call('PUT', '/fingerprint-rules/nothing', { match: {}, fingerprint: ['x'] })).status,
    ).toBe(404);
    expect((await call('DELETE', '/fingerprint-rules/file-rule')).status).toBe(400);
  });
});
