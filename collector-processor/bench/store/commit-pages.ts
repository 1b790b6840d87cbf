import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { benchEvent } from './scenario.ts';

/**
 * node collector-processor/bench/store/commit-pages.ts [--events 200000 --batch 5000]
 * What one SQLite commit writes: fills a store with the benchmark's events, checkpoints,
 * writes one more batch, then reads the WAL's frame headers and names the b-tree each
 * page belongs to (dbstat). Pages, not time: it needs no quiet machine.
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '5000' },
  },
});
const events = Number(values.events);
const batch = Number(values.batch);
const DAY = 86_400_000;
const start = Date.now() - 35 * DAY;
const step = (35 * DAY) / events;
const batchAt = (from: number) =>
  Array.from({ length: batch }, (_, k) => benchEvent(from + k, start, step));

const dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-commit-pages-'));
try {
  const store = new SqliteStore({ dataDir: dir });
  for (let i = 0; i < events; i += batch) await store.writeEvents(batchAt(i));
  const db = new DatabaseSync(store.file);
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)'); // the WAL now holds the next commit only
  await store.writeEvents(batchAt(events));
  await store.close();
  const wal = await readFile(`${store.file}-wal`);
  const pageSize = wal.readUInt32BE(8);
  // A 32-byte WAL header, then frames: a 24-byte header (page number first) and the page.
  const pages: number[] = [];
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    pages.push(wal.readUInt32BE(at));
  }
  const owners = new Map<number, string>();
  for (const row of db.prepare('SELECT name, pageno FROM dbstat').all()) {
    owners.set(Number(row.pageno), String(row.name));
  }
  db.close();
  const byTree = new Map<string, number>();
  for (const page of pages) {
    const name = owners.get(page) ?? '(free or new)';
    byTree.set(name, (byTree.get(name) ?? 0) + 1);
  }
  console.log(
    `one ${batch}-event commit after ${events} events: ${pages.length} pages of ${pageSize} bytes (${(wal.length / 2 ** 20).toFixed(1)} MiB of WAL)`,
  );
  for (const [name, count] of [...byTree].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${name.padEnd(28)} ${String(count).padStart(6)}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
