/**
 * `npm run bench:ingest`: the same OTLP/HTTP protobuf load (bench/mix.ts) at
 * fixed batch sizes, first to the Faultline processor (full processing, the
 * embedded store, spool fsync as configured), then to an OpenTelemetry
 * Collector built from the go.opentelemetry.io/collector modules (OTLP
 * receiver → batch → discarding exporter, bench/otelcol). Prints accepted
 * spans/s, events/s written, p50/p99 latency, peak RSS and process CPU
 * time per request of each (Faultline's main thread's part too), and the ratio.
 *
 * Both run side by side, and the load alternates between them in
 * BENCH_ROUNDS slices each (Faultline's, then once its queue has drained the
 * Collector's), so that other work on the machine weighs on both alike.
 *
 * Options (environment): BENCH_SECONDS (per system and batch size, default 20),
 * BENCH_ROUNDS (default 4), BENCH_CONNECTIONS (default 8), BENCH_BATCHES
 * (default "100,1000"), BENCH_CPU_PROFILE_DIR (write V8 CPU profiles of the
 * processor's threads there).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { combine, runLoad, type LoadResult } from './load.ts';
import { buildMix, DEFAULT_EVENT_SHARE, eventCycle } from './mix.ts';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const BIN = path.join(HERE, '..', 'bin', 'faultline-processor.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const BATCHES = (process.env.BENCH_BATCHES ?? '100,1000').split(',').map(Number);
const EVENT_SHARE = Number(process.env.BENCH_EVENT_SHARE ?? DEFAULT_EVENT_SHARE);
try {
  eventCycle(EVENT_SHARE);
} catch (error) {
  console.error(`BENCH_EVENT_SHARE: ${(error as Error).message}`);
  process.exit(2);
}

interface Target {
  readonly url: string;
  readonly child: ChildProcess;
  /** Events written so far (Faultline only). */
  written?(): Promise<number>;
  /** Resolves once everything accepted is stored (Faultline only). */
  drained?(): Promise<void>;
  stop(): Promise<void>;
}

/** Peak resident set size of a process (VmHWM), in MiB. */
async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** CPU time a process has used so far (user + system, all threads), in ms; /proc counts 100 ticks a second. */
async function cpuMs(pid: number, thread?: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/${thread ? `task/${thread}/` : ''}stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startFaultline(dir: string): Promise<Target> {
  // BENCH_CPU_PROFILE_DIR: V8 CPU profiles of the processor's threads, for finding where the time goes.
  const profile = process.env.BENCH_CPU_PROFILE_DIR;
  const args = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`, BIN] : [BIN];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      FAULTLINE_DATA_DIR: dir,
      FAULTLINE_HOST: '127.0.0.1',
      FAULTLINE_OTLP_HTTP_PORT: '0',
      FAULTLINE_OTLP_GRPC_PORT: '0',
      FAULTLINE_API_PORT: '0',
      FAULTLINE_ADMIN_TOKEN: 'bench',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const urls: { otlp?: string; api?: string } = {};
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      urls.otlp ??= /OTLP\/HTTP receiver on (\S+)/.exec(line)?.[1];
      urls.api ??= /REST API on (\S+)\/api\/v1/.exec(line)?.[1];
      if (urls.otlp && urls.api) resolve();
    });
    child.once('exit', () => reject(new Error('the processor exited before listening')));
  });
  const metric = async (name: string) => {
    const text = await (await fetch(`${urls.api}/metrics`)).text();
    return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  };
  return {
    url: urls.otlp!,
    child,
    written: () => metric('faultline_store_written_events_total'),
    drained: async () => {
      const deadline = Date.now() + 60_000;
      while ((await metric('faultline_queue_depth')) > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () => stopChild(child),
  };
}

function buildCollector(): string | undefined {
  const out = path.join(os.tmpdir(), 'faultline-bench-otelcol');
  try {
    execFileSync('go', ['build', '-o', out, '.'], {
      cwd: path.join(HERE, 'otelcol'),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    return out;
  } catch (error) {
    console.error(
      `could not build the Collector (${(error as Error).message}); comparison skipped`,
    );
    return undefined;
  }
}

async function startCollector(binary: string, dir: string, port: number): Promise<Target> {
  const config = path.join(dir, 'otelcol.yaml');
  await writeFile(
    config,
    [
      'receivers:',
      '  otlp:',
      '    protocols:',
      '      http:',
      `        endpoint: 127.0.0.1:${port}`,
      'processors:',
      '  batch:',
      'exporters:',
      '  nop:',
      'service:',
      '  telemetry:',
      '    metrics:',
      '      level: none',
      '  pipelines:',
      '    traces: { receivers: [otlp], processors: [batch], exporters: [nop] }',
      '    logs: { receivers: [otlp], processors: [batch], exporters: [nop] }',
      '',
    ].join('\n'),
  );
  const child = spawn(binary, ['--config', `file:${config}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the Collector did not start:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, stop: () => stopChild(child) };
}

interface Row {
  readonly system: string;
  readonly batch: number;
  readonly load: LoadResult;
  readonly eventsPerSecond: number | undefined;
  readonly peakRssMiB: number;
  /** Process CPU time per request during its slices (Faultline's including its store writes). */
  readonly cpuMsPerRequest: number;
  /** The part of it on the main thread (Faultline only). */
  readonly mainCpuMsPerRequest?: number;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

function print(rows: readonly Row[]) {
  console.log('');
  console.log(
    'system     batch  spans+logs/s  events/s written  p50 ms  p99 ms  peak RSS MiB  CPU ms/request  main thread  failures',
  );
  for (const r of rows) {
    const rate = r.load.acceptedItems / r.load.seconds;
    console.log(
      [
        r.system.padEnd(9),
        String(r.batch).padStart(6),
        fmt(rate).padStart(13),
        (r.eventsPerSecond === undefined ? '—' : fmt(r.eventsPerSecond)).padStart(17),
        fmt(r.load.p50Ms, 1).padStart(7),
        fmt(r.load.p99Ms, 1).padStart(7),
        fmt(r.peakRssMiB).padStart(13),
        r.cpuMsPerRequest.toFixed(3).padStart(15),
        (r.mainCpuMsPerRequest === undefined ? '—' : r.mainCpuMsPerRequest.toFixed(3)).padStart(12),
        `  ${JSON.stringify(r.load.failures)}`,
      ].join(' '),
    );
  }
  for (const batch of new Set(rows.map((r) => r.batch))) {
    const ours = rows.find((r) => r.system === 'faultline' && r.batch === batch);
    const theirs = rows.find((r) => r.system === 'otelcol' && r.batch === batch);
    if (ours && theirs) {
      const ratio =
        ours.load.acceptedItems /
        ours.load.seconds /
        (theirs.load.acceptedItems / theirs.load.seconds);
      console.log(
        `batch ${batch}: Faultline / Collector accepted items per second = ${ratio.toFixed(2)}×`,
      );
    }
  }
}

async function main() {
  console.log(
    `ingest benchmark: ${SECONDS}s per system and batch size in ${ROUNDS} alternating slices, ${CONNECTIONS} connections, batches ${BATCHES.join(', ')}, events from ${EVENT_SHARE * 100} % of spans and log records, ${os.availableParallelism()} cores, Node ${process.version}`,
  );
  const collector = buildCollector();
  const rows: Row[] = [];
  for (const batch of BATCHES) {
    // Distinct bodies; a longer run cycles through them again (replays are idempotent).
    const bodies = buildMix(batch >= 1000 ? 200 : 1000, batch, EVENT_SHARE);
    const slice = { connections: CONNECTIONS, seconds: SECONDS / ROUNDS };

    const dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-bench-'));
    try {
      const faultline = await startFaultline(dir);
      const otelcol = collector ? await startCollector(collector, dir, 24318) : undefined;
      const ours: LoadResult[] = [];
      const theirs: LoadResult[] = [];
      const cursors = { ours: { next: 0 }, theirs: { next: 0 } };
      const before = await faultline.written!();
      const cpu = { ours: 0, oursMain: 0, theirs: 0 };
      const timed = async (pid: number, run: () => Promise<void>) => {
        const start = await cpuMs(pid);
        await run();
        return (await cpuMs(pid)) - start;
      };
      for (let round = 0; round < ROUNDS; round++) {
        // The main thread's id is the process id.
        const main = await cpuMs(faultline.child.pid!, faultline.child.pid!);
        cpu.ours += await timed(faultline.child.pid!, async () => {
          ours.push(await runLoad(faultline.url, bodies, { ...slice, cursor: cursors.ours }));
          // Faultline's store writes go on after its answers: they finish before the Collector's turn.
          await faultline.drained!();
        });
        cpu.oursMain += (await cpuMs(faultline.child.pid!, faultline.child.pid!)) - main;
        if (otelcol) {
          cpu.theirs += await timed(otelcol.child.pid!, async () => {
            theirs.push(await runLoad(otelcol.url, bodies, { ...slice, cursor: cursors.theirs }));
          });
        }
      }
      const load = combine(ours);
      rows.push({
        system: 'faultline',
        batch,
        load,
        eventsPerSecond: ((await faultline.written!()) - before) / load.seconds,
        peakRssMiB: await peakRssMiB(faultline.child.pid!),
        cpuMsPerRequest: cpu.ours / load.requests,
        mainCpuMsPerRequest: cpu.oursMain / load.requests,
      });
      await faultline.stop();
      if (otelcol) {
        rows.push({
          system: 'otelcol',
          batch,
          load: combine(theirs),
          eventsPerSecond: undefined,
          peakRssMiB: await peakRssMiB(otelcol.child.pid!),
          cpuMsPerRequest: cpu.theirs / combine(theirs).requests,
        });
        await otelcol.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  print(rows);
}

await main();
