import { EngineError, expectOk, type EngineTransport } from './transport.ts';

/**
 * `_update_by_query` / `_delete_by_query` run as tasks: started without
 * waiting, then awaited through the tasks API. Waiting on the call itself
 * fails on large runs: OpenSearch answers with one response header per
 * scroll batch (task resource usage), past Node's 16 KiB header limit.
 */
export async function runByQuery(
  transport: EngineTransport,
  what: string,
  path: string,
  query: Readonly<Record<string, string | number | boolean>>,
  body: unknown,
): Promise<{ total?: number; updated?: number; deleted?: number }> {
  const started = await expectOk(transport, what, {
    method: 'POST',
    path,
    query: { ...query, wait_for_completion: false },
    body,
  });
  const task = started.body.task as string | undefined;
  if (!task) return started.body; // an engine that ran it at once
  for (;;) {
    const { status, body: state } = await transport.request({
      method: 'GET',
      path: `/_tasks/${encodeURIComponent(task)}`,
      query: { wait_for_completion: true, timeout: '30s' },
    });
    // 408: still running after the timeout; ask again.
    if (status === 408 || (status === 200 && !state.completed)) continue;
    if (status !== 200) throw new EngineError(`${what} (task ${task})`, { status, body: state });
    if (state.error) throw new EngineError(`${what} (task ${task})`, { status: 500, body: state });
    const failures = state.response?.failures as { cause?: { type: string; reason: string } }[];
    if (failures?.length) {
      const cause = failures[0]!.cause;
      throw new Error(
        `${what} failed for ${failures.length} documents: ${cause?.type}: ${cause?.reason}`,
      );
    }
    // The stored result is ours to remove; a leftover one is harmless.
    await transport
      .request({ method: 'DELETE', path: `/.tasks/_doc/${encodeURIComponent(task)}` })
      .catch(() => undefined);
    return state.response;
  }
}
