import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { silentLogger } from './log.ts';
import { exampleTraceJson } from './otlp/testing.ts';
import { startProcessor, type Processor } from './processor.ts';

let dir = '';
const running: Processor[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}) {
  const processor = await startProcessor(
    loadConfig({
      FAULTLINE_DATA_DIR: dir,
      FAULTLINE_HOST: '127.0.0.1',
      FAULTLINE_OTLP_HTTP_PORT: '0',
      FAULTLINE_OTLP_GRPC_PORT: '0',
      FAULTLINE_API_PORT: '0',
      ...env,
    }),
    { logger: silentLogger },
  );
  running.push(processor);
  return processor;
}

const sendExample = (p: Processor) =>
  fetch(`${p.otlpHttpUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(exampleTraceJson()),
  });

const listEvents = (p: Processor, token = p.adminToken) =>
  fetch(`${p.apiUrl}/api/v1/events`, { headers: { authorization: `Bearer ${token}` } });

describe('startProcessor', () => {
  it('receives OTLP, stores the event and serves it through the API, on ephemeral ports', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-processor-'));
    const p = await start({ FAULTLINE_ADMIN_TOKEN: 'given' });
    expect(p.otlpHttpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(p.otlpHttpUrl).not.toMatch(/:0$/);
    expect(p.adminToken).toBe('given');
    expect(p.adminTokenSource).toBe('env');

    expect((await sendExample(p)).status).toBe(200);
    // Stored just after the acknowledgement (the spool has it at once).
    const errorTypes = async () => {
      const res = await listEvents(p);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: { error?: { type?: string } }[] };
      return page.items.map((e) => e.error?.type);
    };
    await expect.poll(errorTypes).toEqual(['TypeError']);
    expect((await listEvents(p, 'wrong')).status).toBe(401);
  });

  it('generates an admin token on first start, keeps it, and keeps the data across restarts', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-processor-'));
    const first = await start();
    expect(first.adminTokenSource).toBe('generated');
    expect((await readFile(first.adminTokenFile!, 'utf8')).trim()).toBe(first.adminToken);
    expect((await sendExample(first)).status).toBe(200);
    await first.close();
    await first.close();

    const second = await start();
    expect(second.adminTokenSource).toBe('stored');
    expect(second.adminToken).toBe(first.adminToken);
    const page = (await (await listEvents(second)).json()) as { total: { value: number } };
    expect(page.total.value).toBe(1);
  });

  it('a port already in use fails the start and leaves nothing running', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-processor-'));
    const first = await start({ FAULTLINE_ADMIN_TOKEN: 't' });
    const busyPort = new URL(first.otlpHttpUrl).port;
    await expect(start({ FAULTLINE_OTLP_HTTP_PORT: busyPort })).rejects.toThrow(/EADDRINUSE/);
    // The failed start closed its store: the first processor still writes to the same file.
    expect((await sendExample(first)).status).toBe(200);
  });
});
