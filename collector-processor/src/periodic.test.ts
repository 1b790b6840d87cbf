import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runPeriodically } from './periodic.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('runPeriodically', () => {
  it('runs first after firstMs, then every everyMs, never two runs at once; stop waits for a run', async () => {
    let started = 0;
    let finish: () => void = () => {};
    const task = () => {
      started++;
      return new Promise<void>((resolve) => (finish = resolve));
    };
    const stop = runPeriodically(task, 1000, 100);
    await vi.advanceTimersByTimeAsync(99);
    expect(started).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toBe(1);
    // Still running at the interval: no second run.
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(2);
    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await vi.advanceTimersByTimeAsync(5000);
    expect(started).toBe(2);
  });
});
