import { ensureBuilt } from './build.ts';
import { startNodeProcess, type NodeProcess } from './jvm-process.ts';

export interface StartOpenSearchOptions {
  /** Java heap, e.g. '512m' or '1g'. Only the first caller's value counts while a node is shared. */
  heap?: string;
  /** Time allowed for the JVM to come up, after the build. */
  startTimeoutMs?: number;
}

export interface OpenSearchNode {
  /** Base URL of the node's HTTP API, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Releases this caller's use; the node stops when the last user has stopped. */
  stop(): Promise<void>;
}

const DEFAULT_HEAP = '512m';
const DEFAULT_START_TIMEOUT_MS = 180_000;

let shared: { node: Promise<NodeProcess>; users: number } | undefined;

/**
 * Starts a real single-node OpenSearch 2.19 (building the launcher with Maven the first time),
 * or joins the one this process already started. Progress goes to stderr.
 */
export async function startOpenSearch(
  options: StartOpenSearchOptions = {},
): Promise<OpenSearchNode> {
  if (!shared) {
    const started = launch(options);
    shared = { node: started, users: 0 };
    // A failed start must not be handed to the next caller.
    started.catch(() => {
      if (shared?.node === started) shared = undefined;
    });
  }
  const current = shared;
  current.users += 1;
  let node: NodeProcess;
  try {
    node = await current.node;
  } catch (error) {
    current.users -= 1;
    throw error;
  }
  let released = false;
  return {
    url: node.url,
    async stop() {
      if (released) return;
      released = true;
      current.users -= 1;
      if (current.users > 0) return;
      if (shared === current) shared = undefined;
      await node.stop();
    },
  };
}

async function launch(options: StartOpenSearchOptions): Promise<NodeProcess> {
  const log = (line: string) => process.stderr.write(`[opensearch] ${line}\n`);
  const classpath = await ensureBuilt(log);
  const started = Date.now();
  const node = await startNodeProcess({
    classpath,
    heap: options.heap ?? DEFAULT_HEAP,
    startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    log,
  });
  log(`ready at ${node.url} in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${node.pid})`);
  return node;
}
