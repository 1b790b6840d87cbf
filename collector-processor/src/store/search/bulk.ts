import type { WriteFailure } from '../store.ts';
import { EngineError, type EngineTransport } from './transport.ts';

/**
 * Bulk writing: actions packed into requests of about `maxBytes`, a few in
 * flight, items answered 429 retried with backoff, other item failures
 * returned with the engine's reason. A request that fails as a whole (the
 * engine down or overloaded past the retries) rejects: the caller keeps the
 * batch and may send it again (creates are idempotent by id).
 */

export interface BulkAction {
  readonly id: string;
  /** The action line and the document line, serialized, with their newlines. */
  readonly lines: string;
}

export interface BulkOptions {
  readonly maxBytes: number;
  readonly concurrency: number;
  readonly retries: number;
  readonly backoffMs: number;
}

export const DEFAULT_BULK: BulkOptions = {
  maxBytes: 5 * 1024 * 1024,
  concurrency: 3,
  retries: 5,
  backoffMs: 100,
};

export interface BulkOutcome {
  /** Items the engine created. */
  created: number;
  createdIds: string[];
  /** Ids answered 409: on create, already stored; on a conditional index, changed meanwhile. */
  conflicts: string[];
  /** For created and 409 items: the concrete index the engine answered for (a stream's backing index). */
  placedIn: Map<string, string>;
  failed: WriteFailure[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function packByBytes(actions: readonly BulkAction[], maxBytes: number): BulkAction[][] {
  const chunks: BulkAction[][] = [];
  let current: BulkAction[] = [];
  let size = 0;
  for (const action of actions) {
    const bytes = Buffer.byteLength(action.lines);
    if (current.length && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(action);
    size += bytes;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

async function sendChunk(
  transport: EngineTransport,
  chunk: BulkAction[],
  options: BulkOptions,
  outcome: BulkOutcome,
): Promise<void> {
  let pending = chunk;
  for (let attempt = 0; pending.length; attempt += 1) {
    const response = await transport.request({
      method: 'POST',
      path: '/_bulk',
      ndjson: pending.map((a) => a.lines).join(''),
    });
    if (response.status === 429 || response.status >= 500) {
      if (attempt >= options.retries) throw new EngineError('bulk write', response);
      await sleep(options.backoffMs * 2 ** attempt);
      continue;
    }
    if (response.status >= 300) throw new EngineError('bulk write', response);
    const retry: BulkAction[] = [];
    (
      response.body.items as Record<
        string,
        { status: number; _index?: string; error?: { type: string; reason: string } }
      >[]
    ).forEach((item, i) => {
      const result = Object.values(item)[0]!;
      const action = pending[i]!;
      if (result._index && (result.status < 300 || result.status === 409)) {
        outcome.placedIn.set(action.id, result._index);
      }
      if (result.status === 200 || result.status === 201) {
        outcome.created += 1;
        outcome.createdIds.push(action.id);
      } else if (result.status === 409) outcome.conflicts.push(action.id);
      else if (result.status === 429) retry.push(action);
      else {
        outcome.failed.push({
          id: action.id,
          reason: result.error
            ? `${result.error.type}: ${result.error.reason}`
            : `HTTP ${result.status}`,
        });
      }
    });
    if (retry.length && attempt >= options.retries) {
      throw new Error(
        `bulk write: ${retry.length} items still rejected with 429 after ${attempt + 1} attempts`,
      );
    }
    if (retry.length) await sleep(options.backoffMs * 2 ** attempt);
    pending = retry;
  }
}

export async function runBulk(
  transport: EngineTransport,
  actions: readonly BulkAction[],
  options: BulkOptions = DEFAULT_BULK,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = {
    created: 0,
    createdIds: [],
    conflicts: [],
    placedIn: new Map(),
    failed: [],
  };
  const queue = packByBytes(actions, options.maxBytes);
  const workers = Array.from({ length: Math.min(options.concurrency, queue.length) }, async () => {
    for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
      await sendChunk(transport, chunk, options, outcome);
    }
  });
  await Promise.all(workers);
  return outcome;
}
