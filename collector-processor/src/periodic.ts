/**
 * Runs `task` shortly after start (`firstMs`) and then every `everyMs`; a run
 * never overlaps the previous one, and the timers never keep the process
 * alive. `task` handles its own errors. Returns the stop function, which
 * waits for a run in progress.
 */
export function runPeriodically(
  task: () => Promise<void>,
  everyMs: number,
  firstMs: number,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= task().finally(() => {
      running = undefined;
    });
  };
  const first = setTimeout(run, firstMs);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
