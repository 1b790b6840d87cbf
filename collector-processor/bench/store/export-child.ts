import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openOpenSearchStore } from '../../src/store/opensearch/opensearch-store.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';

/**
 * The streamed export of the store benchmark, in a process of its own: the
 * benchmark process has written a million events by then, so its RSS says
 * little about the export. This one opens the store, streams every event
 * and reports its peak RSS (the kernel's high-water mark, Node included)
 * and its RSS once open, before streaming.
 *
 *   node export-child.ts sqlite <file> | opensearch <url>
 */

export interface ExportRun {
  readonly rows: number;
  readonly ms: number;
  readonly peakRssMiB: number;
  readonly idleRssMiB: number;
}

const MiB = 1024 * 1024;

/** Runs this file as a child process and resolves with what it measured. */
export async function exportInChild(backend: 'sqlite' | 'opensearch', target: string) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [fileURLToPath(import.meta.url), backend, target],
    { maxBuffer: MiB },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ExportRun;
}

async function main(backend: string, target: string): Promise<ExportRun> {
  const store: Store =
    backend === 'sqlite'
      ? new SqliteStore({ file: target })
      : await openOpenSearchStore({ url: target, namespace: 'bench' });
  try {
    const idleRssMiB = process.memoryUsage.rss() / MiB;
    const start = process.hrtime.bigint();
    let rows = 0;
    for await (const e of store.streamEvents({}, { batchSize: 5000 })) {
      if (e.event.id) rows += 1;
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    // maxRSS is in KiB.
    return { rows, ms, peakRssMiB: process.resourceUsage().maxRSS / 1024, idleRssMiB };
  } finally {
    await store.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [backend, target] = process.argv.slice(2);
  if ((backend !== 'sqlite' && backend !== 'opensearch') || !target) {
    console.error('usage: node export-child.ts sqlite <file> | opensearch <url>');
    process.exit(2);
  }
  console.log(JSON.stringify(await main(backend, target)));
}
