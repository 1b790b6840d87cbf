import { parentPort, workerData } from 'node:worker_threads';
import type { FaultlineEvent } from '../schema/index.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { StoreCall } from './store-writes.ts';

/**
 * The store-writes thread (see store-writes.ts): its own connection to the
 * embedded SQLite store in the data dir, taking the spool writer's inserts
 * and pattern upserts one at a time, in the order they come. (Only the SQLite
 * store is imported: the search-engine clients would slow the thread's start.)
 */
const { dataDir } = workerData as { dataDir: string };
const store = new SqliteStore({ dataDir });

let queue = Promise.resolve();
parentPort!.on('message', (call: StoreCall) => {
  queue = queue.then(async () => {
    try {
      if (call.op === 'close') {
        await store.close();
        parentPort!.postMessage({ id: call.id, ok: true });
        parentPort!.close();
        return;
      }
      const value =
        call.op === 'writeEvents'
          ? await store.writeEvents(JSON.parse(call.json) as FaultlineEvent[])
          : await store.patterns.upsert(call.increments);
      parentPort!.postMessage({ id: call.id, ok: true, value });
    } catch (error) {
      parentPort!.postMessage({ id: call.id, ok: false, message: (error as Error).message });
    }
  });
});
parentPort!.postMessage({ ready: true });
