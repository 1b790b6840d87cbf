/**
 * `npm run eval:grouping`: grouping quality on Loghub messages and on a
 * stack-trace corpus built here from real exceptions, and fingerprint speed.
 * Prints one report; never writes into the repository except the gitignored
 * `eval/.corpus/` folder.
 */
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { groupingAccuracy } from './metrics.ts';
import { faultlineKeys, faultlineMergedKeys, loadLoghub, md5Keys } from './loghub.ts';
import { runDrain3 } from './drain3.ts';
import { generateCorpus } from './corpus/generate.ts';
import {
  faultlineGrouper,
  faultlineLocalParserGrouper,
  framesWithLinesGrouper,
  md5Grouper,
  scoreStacks,
  type Grouper,
} from './stacks.ts';
import { measureSpeed } from './speed.ts';
import { DEFAULT_GROUPING_CONFIG } from '../src/grouping/index.ts';

const here = import.meta.dirname;
const repo = resolve(here, '..', '..');
const f3 = (x: number | undefined) => (x === undefined ? '  —  ' : x.toFixed(3));
const pad = (s: string, n: number) => s.padEnd(n);

async function loghubSection(): Promise<void> {
  const dir = process.env.FAULTLINE_LOGHUB_DIR ?? join(repo, '..', 'shared', 'data', 'loghub-2k');
  console.log(`\n## Messages: Loghub 2k, Grouping Accuracy (${dir})\n`);
  const systems = loadLoghub(dir);
  if (systems.length === 0) {
    console.log(`SKIPPED: no Loghub data at ${dir} (set FAULTLINE_LOGHUB_DIR to its folder).`);
    return;
  }
  const drain3 = runDrain3(systems);
  if ('error' in drain3) console.log(`Drain3 column empty: ${drain3.error}\n`);
  const cols = ['Faultline key', 'Faultline +merges', 'Drain3', 'md5(type+msg)'];
  console.log(`| system    | ${cols.join(' | ')} |`);
  console.log(`|-----------|${cols.map((c) => '-'.repeat(c.length + 2)).join('|')}|`);
  const sums = [0, 0, 0, 0];
  let drainCount = 0;
  for (const s of systems) {
    const d3 = 'ids' in drain3 ? drain3.ids[s.name] : undefined;
    const row = [
      groupingAccuracy(s.truth, faultlineKeys(s.lines)),
      groupingAccuracy(s.truth, await faultlineMergedKeys(s.lines)),
      d3 ? groupingAccuracy(s.truth, d3.map(String)) : undefined,
      groupingAccuracy(s.truth, md5Keys(s.lines)),
    ];
    row.forEach((v, i) => (sums[i]! += v ?? 0));
    if (d3) drainCount++;
    console.log(
      `| ${pad(s.name, 9)} | ${row.map((v, i) => pad(f3(v), cols[i]!.length)).join(' | ')} |`,
    );
  }
  const n = systems.length;
  const avg = sums.map((v, i) => (i === 2 ? (drainCount ? v / drainCount : undefined) : v / n));
  console.log(
    `| ${pad('average', 9)} | ${avg.map((v, i) => pad(f3(v), cols[i]!.length)).join(' | ')} |`,
  );
}

function stackSection(): void {
  console.log('\n## Stack traces: corpus of real exceptions raised on this machine\n');
  const { samples, notes } = generateCorpus(join(here, '.corpus'));
  for (const note of notes) console.log(`NOTE: ${note}`);
  const bugs = new Set(samples.map((s) => `${s.lang}:${s.bug}`)).size;
  const langs = [...new Set(samples.map((s) => s.lang))].join(', ');
  console.log(`${samples.length} exceptions, ${bugs} labelled bugs (${langs})\n`);
  const rows: [string, Grouper][] = [
    [`Faultline (maxFrames ${DEFAULT_GROUPING_CONFIG.maxFrames})`, faultlineGrouper()],
    ['Faultline, local parser only', faultlineLocalParserGrouper()],
    ['md5(type + message)', md5Grouper],
    ['type chain + frames with lines', framesWithLinesGrouper],
  ];
  console.log(
    '| grouper                        | pairs P | pairs R | pairs F1 | BCubed F1 | groups |',
  );
  console.log(
    '|--------------------------------|---------|---------|----------|-----------|--------|',
  );
  for (const [name, g] of rows) {
    const r = scoreStacks(samples, g);
    console.log(
      `| ${pad(name, 30)} | ${pad(f3(r.pairwise.precision), 7)} | ${pad(f3(r.pairwise.recall), 7)} | ${pad(f3(r.pairwise.f1), 8)} | ${pad(f3(r.bcubed.f1), 9)} | ${pad(String(r.groups), 6)} |`,
    );
  }
  const sweep = [1, 2, 3, 4, 6, 10].map(
    (k) => `${k}: ${f3(scoreStacks(samples, faultlineGrouper(k)).pairwise.f1)}`,
  );
  console.log(`\nFaultline pairwise F1 by maxFrames — ${sweep.join(', ')}`);
}

function speedSection(): void {
  console.log('\n## Speed: events fingerprinted per second on one core\n');
  const { messageOnly, stack30 } = measureSpeed();
  const k = (x: number) => `${Math.round(x / 1000)}k`;
  console.log(
    `message-only:          ${k(messageOnly.cpu)}/s per CPU-second (${k(messageOnly.wall)}/s wall)`,
  );
  console.log(
    `30-frame stack traces: ${k(stack30.cpu)}/s per CPU-second (${k(stack30.wall)}/s wall)`,
  );
}

console.log('# Faultline grouping evaluation');
if (!existsSync(join(here, 'corpus'))) throw new Error('eval/corpus is missing');
await loghubSection();
stackSection();
speedSection();
