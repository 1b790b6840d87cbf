// node node-instrumentation/bench/profile.mjs — where the overhead goes: the
// bench app is started uninstrumented and with @faultline/node (and, with
// PROFILE_EXTRA_ARGS, with @faultline/node and those node flags), warmed up,
// then CPU-profiled while it serves the same number of requests. Each
// profile's samples are summed per package (or per function,
// PROFILE_BY=function) and divided by the requests: µs per request side by
// side, largest difference first. The profiler samples wall time: on a busy
// machine every row grows, so compare rows, not totals across runs.
// Run `npm run build -w @faultline/node` first.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startSink } from './sink.mjs';

const REQUESTS = Number(process.env.PROFILE_REQUESTS ?? 60000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BY = process.env.PROFILE_BY ?? 'package';
const TOP = Number(process.env.PROFILE_TOP ?? 30);
const here = import.meta.dirname;

const sink = await startSink();
const variants = [
  { name: 'bare', args: [] },
  { name: 'faultline', args: ['--import', '@faultline/node/register'] },
  // PROFILE_EXTRA_ARGS='--experimental-async-context-frame': a third column with those flags.
  ...(process.env.PROFILE_EXTRA_ARGS
    ? [
        {
          name: 'faultline+',
          args: [
            ...process.env.PROFILE_EXTRA_ARGS.split(' '),
            '--import',
            '@faultline/node/register',
          ],
        },
      ]
    : []),
];

const perRequest = new Map();
for (const variant of variants) {
  const out = join(mkdtempSync(join(tmpdir(), 'profile-')), `${variant.name}.cpuprofile`);
  const app = await startApp(['--import', join(here, 'profile-preload.mjs'), ...variant.args], out);
  // Warm up first, so that the profile shows optimised code and no start-up.
  await autocannon({
    url: `${app.url}/work?c=ada`,
    connections: CONNECTIONS,
    amount: REQUESTS / 4,
  });
  app.startProfile();
  await autocannon({ url: `${app.url}/work?c=ada`, connections: CONNECTIONS, amount: REQUESTS });
  await app.stopProfile();
  await app.stop();
  perRequest.set(variant.name, summarise(out, REQUESTS));
}
await sink.close();

const names = [...perRequest.keys()];
const keys = new Set(names.flatMap((name) => [...perRequest.get(name).keys()]));
const rows = [...keys].map((key) => ({
  key,
  values: names.map((name) => perRequest.get(name).get(key) ?? 0),
}));
rows.sort((a, b) => b.values.at(-1) - b.values[0] - (a.values.at(-1) - a.values[0]));
console.log(`µs per request (${REQUESTS} requests, ${CONNECTIONS} connections), by ${BY}`);
console.log(`${names.map((n) => n.padStart(11)).join('')}  ${'diff'.padStart(7)}  what`);
const totals = names.map((_, i) => rows.reduce((sum, row) => sum + row.values[i], 0));
console.log(
  `${totals.map((t) => t.toFixed(1).padStart(11)).join('')}  ${(totals.at(-1) - totals[0]).toFixed(1).padStart(7)}  TOTAL`,
);
for (const row of rows.slice(0, TOP)) {
  console.log(
    `${row.values.map((v) => v.toFixed(2).padStart(11)).join('')}  ${(row.values.at(-1) - row.values[0]).toFixed(2).padStart(7)}  ${row.key}`,
  );
}

function summarise(file, requests) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const out = new Map();
  for (const [id, micros] of self) {
    const key = keyOf(nodes.get(id).callFrame);
    if (key === '(idle)') continue;
    out.set(key, (out.get(key) ?? 0) + micros / requests);
  }
  return out;
}

function keyOf({ functionName, url, lineNumber }) {
  if (!url) return functionName || '(anonymous)';
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  const ours = /\/dist\/([^/]+)$/.exec(path);
  if (BY === 'package') return pkg ?? (ours ? '@faultline/node' : path);
  const where = pkg ?? (ours ? `@faultline/node ${ours[1]}` : path);
  return `${functionName || '(anonymous)'} ${where}${pkg ? '' : `:${lineNumber + 1}`}`;
}

function startApp(args, profileOut) {
  const child = spawn(process.execPath, [...args, join(here, 'app.mjs')], {
    cwd: here,
    env: {
      ...process.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
      OTEL_SERVICE_NAME: 'bench',
      PROFILE_OUT: profileOut,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /LISTENING (\d+)/.exec(stdout);
      if (match)
        resolve({
          url: `http://127.0.0.1:${match[1]}`,
          startProfile: () => child.kill('SIGUSR2'),
          stopProfile: () =>
            new Promise((done) => {
              child.kill('SIGUSR2');
              const poll = setInterval(() => {
                if (stdout.includes('PROFILED')) {
                  clearInterval(poll);
                  done();
                }
              }, 50);
            }),
          stop: () =>
            new Promise((done) => {
              child.once('exit', done);
              child.kill('SIGTERM');
            }),
        });
    });
    child.once('exit', (code) => reject(new Error(`app exited (${code})`)));
  });
}
