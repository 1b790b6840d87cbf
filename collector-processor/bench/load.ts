import { Agent, request } from 'node:http';
import { ExportTraceServiceResponse } from '../src/otlp/protobuf.ts';
import type { Body } from './mix.ts';

/**
 * Closed-loop OTLP/HTTP load: `connections` senders, each posting the next
 * body as soon as the previous answer arrived, for `seconds`. Counts items in
 * 200 answers (minus the partial-success rejections) and keeps every request's
 * latency for the percentiles.
 */

export interface LoadResult {
  readonly seconds: number;
  readonly requests: number;
  readonly acceptedItems: number;
  readonly failures: Readonly<Record<string, number>>;
  /** Every request's latency, sorted. */
  readonly latenciesMs: readonly number[];
  readonly p50Ms: number;
  readonly p99Ms: number;
}

function percentiles(sorted: readonly number[]) {
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** Several runs against one target as one (their times, counts and latencies together). */
export function combine(runs: readonly LoadResult[]): LoadResult {
  const failures: Record<string, number> = {};
  for (const r of runs) {
    for (const [k, n] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + n;
  }
  const latenciesMs = runs.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  return {
    seconds: runs.reduce((a, r) => a + r.seconds, 0),
    requests: runs.reduce((a, r) => a + r.requests, 0),
    acceptedItems: runs.reduce((a, r) => a + r.acceptedItems, 0),
    failures,
    latenciesMs,
    ...percentiles(latenciesMs),
  };
}

function post(agent: Agent, base: URL, body: Body): Promise<{ status: number; answer: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        path: body.path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-protobuf', 'content-length': body.bytes.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, answer: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body.bytes);
  });
}

/** The rejected count of an answer (traces and logs responses share the field layout). */
function rejectedIn(answer: Buffer): number {
  if (answer.length === 0) return 0;
  return Number(ExportTraceServiceResponse.decode(answer).partialSuccess?.rejectedSpans ?? 0);
}

export async function runLoad(
  url: string,
  bodies: readonly Body[],
  options: {
    connections: number;
    seconds: number;
    /** Where in `bodies` to go on from (a run in slices passes the same one to each). */
    cursor?: { next: number };
  },
): Promise<LoadResult> {
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let accepted = 0;
  const cursor = options.cursor ?? { next: 0 };
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const sender = async () => {
    while (performance.now() < deadline) {
      const body = bodies[cursor.next++ % bodies.length]!;
      const t0 = performance.now();
      try {
        const { status, answer } = await post(agent, base, body);
        latencies.push(performance.now() - t0);
        if (status === 200) accepted += body.items - rejectedIn(answer);
        else failures[String(status)] = (failures[String(status)] ?? 0) + 1;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        failures[code] = (failures[code] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, sender));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    seconds,
    requests: latencies.length,
    acceptedItems: accepted,
    failures,
    latenciesMs: latencies,
    ...percentiles(latencies),
  };
}
