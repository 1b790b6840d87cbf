// npm run bench:instrumentation — the same Express app uninstrumented, with
// @faultline/node, with plain @opentelemetry/auto-instrumentations-node and
// with @sentry/node, each loaded by autocannon in turn (A B C D A B C D …),
// then requests/s and p99 latency per variant (median of the rounds) and the
// ratio to the uninstrumented app. Not part of `npm test`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startSink } from './sink.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const here = import.meta.dirname;

const sink = await startSink();
const ONLY = process.env.BENCH_ONLY?.split(',');
const allVariants = [
  { name: 'uninstrumented', args: [], env: {} },
  {
    name: '@faultline/node',
    args: ['--import', '@faultline/node/register'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url },
  },
  {
    name: 'OTel auto-instrumentations',
    args: ['--import', '@opentelemetry/auto-instrumentations-node/register'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url },
  },
  {
    name: '@sentry/node',
    args: ['--import', join(here, 'sentry-init.mjs')],
    env: { BENCH_SENTRY_DSN: sink.url.replace('http://', 'http://public@') + '/1' },
  },
  // BENCH_COMPARE=/path/to/dist/register.js: another build of @faultline/node (say, main's) beside this one.
  ...(process.env.BENCH_COMPARE
    ? [
        {
          name: '@faultline/node compared',
          args: ['--import', process.env.BENCH_COMPARE],
          env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url },
        },
      ]
    : []),
  // BENCH_FRAME=1: @faultline/node on Node's AsyncContextFrame, an opt-in flag on Node 22.
  ...(process.env.BENCH_FRAME
    ? [
        {
          name: '@faultline/node context frame',
          args: ['--experimental-async-context-frame', '--import', '@faultline/node/register'],
          env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url },
        },
      ]
    : []),
  // BENCH_VARIANTS=/path/to/variants.json: more variants, each { name, args?, env? } (node
  // flags such as `--import ./piece.mjs`, variables): settings or parts side by side.
  ...(process.env.BENCH_VARIANTS ? readVariants(process.env.BENCH_VARIANTS) : []),
];
// BENCH_ONLY=uninstrumented,@faultline/node runs a subset (the first stays the base).
const variants = ONLY ? allVariants.filter((v) => ONLY.includes(v.name)) : allVariants;

const results = new Map(
  variants.map((v) => [v.name, { rps: [], p99: [], cpu: [], main: [], thrown: 0 }]),
);
const faultlineBefore = sink.counts.faultlineExceptions;

for (let round = 1; round <= ROUNDS; round++) {
  for (const variant of variants) {
    const app = await startApp(variant);
    try {
      await load(app.url, WARMUP);
      const cpuBefore = cpuMillis(app.pid);
      const mainBefore = cpuMillis(app.pid, app.pid);
      const result = await load(app.url, DURATION);
      const cpuUsed = cpuMillis(app.pid) - cpuBefore;
      const mainUsed = cpuMillis(app.pid, app.pid) - mainBefore;
      const entry = results.get(variant.name);
      entry.rps.push(result.requests.average);
      entry.p99.push(result.latency.p99);
      // CPU the app spent per request: less sensitive than req/s to other load on the machine.
      if (Number.isFinite(cpuUsed) && result.requests.total > 0) {
        entry.cpu.push((cpuUsed * 1000) / result.requests.total);
        entry.main.push((mainUsed * 1000) / result.requests.total);
      }
      entry.thrown += await thrownBy(app, variant);
      process.stdout.write(
        `round ${round} ${variant.name.padEnd(28)} ${result.requests.average.toFixed(0).padStart(7)} req/s  p99 ${result.latency.p99} ms  ${entry.cpu.at(-1)?.toFixed(0) ?? '?'} µs CPU/request (main thread ${entry.main.at(-1)?.toFixed(0) ?? '?'})\n`,
      );
      // Let the instrumented app export what it still holds before it stops.
      if (variant.name !== 'uninstrumented') await new Promise((r) => setTimeout(r, 2500));
    } finally {
      await app.stop();
    }
  }
}

const base = results.get('uninstrumented');
const baseRps = median(base.rps);
const baseP99 = median(base.p99);
const baseCpu = median(base.cpu);
const baseMain = median(base.main);
console.log(
  `\n${ROUNDS} rounds × ${DURATION} s, ${CONNECTIONS} connections, Node ${process.version}; medians`,
);
console.log(
  'variant                        req/s   ×base   p99 ms   ×base  µs CPU/req  ×base  µs main  ×base',
);
for (const [name, entry] of results) {
  const rps = median(entry.rps);
  const p99 = median(entry.p99);
  const cpu = median(entry.cpu);
  const main = median(entry.main);
  console.log(
    `${name.padEnd(28)} ${rps.toFixed(0).padStart(8)} ${(rps / baseRps).toFixed(2).padStart(7)} ${String(p99).padStart(8)} ${(p99 / baseP99).toFixed(2).padStart(7)} ${cpu.toFixed(0).padStart(11)} ${(cpu / baseCpu).toFixed(2).padStart(6)} ${main.toFixed(0).padStart(8)} ${(main / baseMain).toFixed(2).padStart(6)}`,
  );
}
// Every @faultline/node variant reports to the same sink: their errors are counted together.
const thrownFaultline = [...results]
  .filter(([name]) => name.startsWith('@faultline/node'))
  .reduce((sum, [, entry]) => sum + entry.thrown, 0);
const thrownSentry = results.get('@sentry/node')?.thrown ?? 0;
console.log(
  `\nerrors thrown / captured: @faultline/node ${thrownFaultline} / ${sink.counts.faultlineExceptions - faultlineBefore}` +
    `, @sentry/node ${thrownSentry} / ${sink.counts.sentryErrors}`,
);
await sink.close();

function load(url, duration) {
  return autocannon({ url: `${url}/work?c=ada`, connections: CONNECTIONS, duration });
}

/**
 * User + system CPU time in ms from /proc (Linux; NaN elsewhere): of the whole
 * process, or of one of its threads (`thread`: the process id names its main
 * thread, the one running JavaScript; the others are V8's compiler and GC
 * helpers and libuv's pool).
 */
function cpuMillis(pid, thread) {
  try {
    const file = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
    const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function readVariants(file) {
  const listed = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(listed))
    throw new Error(`${file}: expected an array of { name, args?, env? }`);
  return listed.map(({ name, args = [], env = {} }) => {
    if (typeof name !== 'string' || !Array.isArray(args))
      throw new Error(`${file}: each variant needs a name and an args array`);
    return { name, args, env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, ...env } };
  });
}

// The errors the app threw: asked after its round, so an app that died during it is reported
// with its exit and its stderr rather than as a failed fetch.
async function thrownBy(app, variant) {
  try {
    return (await (await fetch(`${app.url}/__thrown`)).json()).thrown;
  } catch (error) {
    throw new Error(
      `${variant.name} stopped answering during its round (${app.exit() ?? error.cause?.code ?? error.message}); its stderr:\n${app.stderr()}`,
      { cause: error },
    );
  }
}

function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function startApp(variant) {
  const child = spawn(process.execPath, [...variant.args, join(here, 'app.mjs')], {
    cwd: here,
    env: {
      ...process.env,
      ...variant.env,
      BENCH_VARIANT: variant.name.includes('sentry') ? 'sentry' : 'other',
      OTEL_SERVICE_NAME: 'bench',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /LISTENING (\d+)/.exec(stdout);
      if (match) {
        resolve({
          pid: child.pid,
          url: `http://127.0.0.1:${match[1]}`,
          stderr: () => stderr,
          exit: () => (exited() ? `exited: ${child.exitCode ?? child.signalCode}` : undefined),
          stop: () =>
            new Promise((done) => {
              if (exited()) return done();
              child.once('exit', done);
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 5000).unref();
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`${variant.name} exited (${code}):\n${stderr}`)));
  });
}
