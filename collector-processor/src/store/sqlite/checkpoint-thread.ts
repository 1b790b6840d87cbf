import { parentPort, workerData } from 'node:worker_threads';
import { loadSqlite } from './load.ts';

/**
 * The checkpoint thread (checkpoints.ts): its own connection to the store's
 * file, copying the WAL's committed pages into the database whenever the
 * writer says it committed. The requests queued by the time a pass starts are
 * all served by it; those that come while it copies make one more.
 */
const { DatabaseSync } = loadSqlite();
const db = new DatabaseSync((workerData as { file: string }).file);
// FULL as the writer has it: the database file is synced before the WAL is reused.
db.exec('PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

let scheduled = false;
function copy() {
  scheduled = false;
  checkpoint.get();
}

parentPort!.on('message', (message: 'checkpoint' | 'close') => {
  if (message === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  // After the messages already queued: a burst of commits is one pass.
  if (!scheduled) {
    scheduled = true;
    setImmediate(copy);
  }
});
