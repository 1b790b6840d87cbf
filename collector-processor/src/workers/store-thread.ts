import { parentPort, workerData } from 'node:worker_threads';
import { compileGroupingConfig, type GroupingConfig } from '../grouping/index.ts';
import { PatternCounting } from '../patterns/counting.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { parseJson } from './event-batch.ts';
import type { StoreCall } from './store-writes.ts';

/**
 * The store-writes thread (see store-writes.ts): its own connection to the
 * embedded SQLite store in the data dir, taking the spool writer's inserts
 * one at a time, in the order they come, and counting what each stored into
 * its patterns. (Only the SQLite store is imported: the search-engine clients
 * would slow the thread's start.)
 */
const { dataDir, grouping } = workerData as { dataDir: string; grouping?: GroupingConfig };
const store = new SqliteStore({ dataDir });
let compiled = grouping && compileGroupingConfig(grouping);
const counting = new PatternCounting(store, () => compiled);

let queue = Promise.resolve();
parentPort!.on('message', (call: StoreCall) => {
  if (call.op === 'reconfigure') {
    // In order with the writes: those queued before it still count with the old one.
    queue = queue.then(() => {
      try {
        compiled = compileGroupingConfig(call.grouping);
      } catch {
        // Checked on the main thread before it was sent; should it fail here, the last one stays.
      }
    });
    return;
  }
  queue = queue.then(async () => {
    try {
      if (call.op === 'close') {
        await store.close();
        parentPort!.postMessage({ id: call.id, ok: true });
        parentPort!.close();
        return;
      }
      const value = await counting.write(parseJson(call.json));
      parentPort!.postMessage({ id: call.id, ok: true, value });
    } catch (error) {
      parentPort!.postMessage({ id: call.id, ok: false, message: (error as Error).message });
    }
  });
});
parentPort!.postMessage({ ready: true });
