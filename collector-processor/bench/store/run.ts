import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startOpenSearch } from '../../../tests/opensearch/harness.ts';
import { openOpenSearchStore } from '../../src/store/opensearch/opensearch-store.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { exportInChild } from './export-child.ts';
import { fmt } from './measure.ts';
import { runScenario, type Figures } from './scenario.ts';

/**
 * npm run bench:store [-- --events 1000000 --update 100000 --backends sqlite,opensearch]
 * Prints each step as it goes and a summary against the targets.
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    update: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '5000' },
    searches: { type: 'string', default: '440' },
    backends: { type: 'string', default: 'sqlite,opensearch' },
    heap: { type: 'string', default: '2g' },
  },
});
const options = {
  events: Number(values.events),
  updateCount: Math.min(Number(values.update), Number(values.events)),
  batch: Number(values.batch),
  searches: Number(values.searches),
  log: (line: string) => console.log(line),
};
const backends = values.backends.split(',');
const results: Record<string, Figures> = {};

console.log(
  `store benchmark: ${fmt(options.events, 0)} events, bulk change of ${fmt(options.updateCount, 0)}, ${options.searches} searches; node ${process.version}, ${os.cpus().length} cores`,
);

if (backends.includes('sqlite')) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-bench-'));
  const store = new SqliteStore({ dataDir: dir });
  console.log(`sqlite (${store.file})`);
  try {
    results.sqlite = await runScenario(store, {
      ...options,
      exportAll: () => exportInChild('sqlite', store.file),
    });
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (backends.includes('opensearch')) {
  const node = await startOpenSearch({ heap: values.heap });
  console.log(`opensearch 2.19 in-process (${node.url}, heap ${values.heap})`);
  const store = await openOpenSearchStore({ url: node.url, namespace: 'bench' });
  try {
    results.opensearch = await runScenario(store, {
      ...options,
      exportAll: () => exportInChild('opensearch', node.url),
    });
  } finally {
    await store.destroy().catch(() => undefined);
    await store.close();
    await node.stop();
  }
}

const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
console.log('\nsummary (targets from the issue)');
const s = results.sqlite;
if (s) {
  console.log(
    `  sqlite write ${fmt(s.writePerSecond, 0)}/s (≥ 50k: ${check(s.writePerSecond >= 50_000)})`,
  );
  console.log(`  sqlite search p95 ${fmt(s.searchP95Ms)} ms (< 50: ${check(s.searchP95Ms < 50)})`);
  console.log(`  sqlite chart ${fmt(s.chartMs)} ms (< 300: ${check(s.chartMs < 300)})`);
  console.log(
    `  sqlite export ${fmt(s.export.perSecond, 0)} rows/s (≥ 200k: ${check(s.export.perSecond >= 200_000)}), RSS ${fmt(s.export.peakRssMiB, 0)} MiB (< 200: ${check(s.export.peakRssMiB < 200)})`,
  );
}
const o = results.opensearch;
if (o)
  console.log(
    `  opensearch search p95 ${fmt(o.searchP95Ms)} ms (< 100: ${check(o.searchP95Ms < 100)})`,
  );
console.log(JSON.stringify(results));
