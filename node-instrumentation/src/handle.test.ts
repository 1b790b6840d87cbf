import { describe, expect, it } from 'vitest';
import { createHandle, noopHandle } from './handle.ts';

describe('createHandle', () => {
  it('shutdown: runs the underlying shutdown once, every call gets the same promise', async () => {
    let shutdowns = 0;
    const handle = createHandle({
      flush: () => Promise.resolve(),
      shutdown: async () => {
        shutdowns += 1;
      },
    });
    const first = handle.shutdown();
    const second = handle.shutdown();
    expect(second).toBe(first);
    await first;
    await handle.shutdown();
    expect(shutdowns).toBe(1);
  });

  it('flush and shutdown failures: resolve anyway (the host never sees a rejection)', async () => {
    const handle = createHandle({
      flush: () => Promise.reject(new Error('exporter down')),
      shutdown: () => Promise.reject(new Error('exporter down')),
    });
    await expect(handle.flush()).resolves.toBeUndefined();
    await expect(handle.shutdown()).resolves.toBeUndefined();
  });

  it('flush after shutdown: waits for the shutdown instead of flushing a stopped SDK', async () => {
    let flushes = 0;
    const handle = createHandle({
      flush: async () => {
        flushes += 1;
      },
      shutdown: () => Promise.resolve(),
    });
    await handle.shutdown();
    await handle.flush();
    expect(flushes).toBe(0);
  });
});

describe('noopHandle', () => {
  it('resolves both methods and cannot be modified', async () => {
    await expect(noopHandle.flush()).resolves.toBeUndefined();
    await expect(noopHandle.shutdown()).resolves.toBeUndefined();
    expect(Object.isFrozen(noopHandle)).toBe(true);
  });
});
