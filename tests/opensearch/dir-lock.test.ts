import { mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withDirLock } from './dir-lock.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dir-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('withDirLock', () => {
  it('runs concurrent holders one at a time', async () => {
    const lock = join(dir, 'lock');
    let inside = 0;
    let mostInside = 0;
    const holder = (name: string) =>
      withDirLock(lock, { staleAfterMs: 60_000, waitMs: 10_000, pollMs: 5 }, async () => {
        inside += 1;
        mostInside = Math.max(mostInside, inside);
        await sleep(30);
        inside -= 1;
        return name;
      });
    expect(await Promise.all([holder('a'), holder('b'), holder('c')])).toEqual(['a', 'b', 'c']);
    expect(mostInside).toBe(1);
  });

  it('takes over a lock older than staleAfterMs', async () => {
    const lock = join(dir, 'lock');
    await mkdir(lock);
    const old = new Date(Date.now() - 120_000);
    await utimes(lock, old, old);
    const result = await withDirLock(lock, { staleAfterMs: 60_000, waitMs: 1_000 }, async () => 42);
    expect(result).toBe(42);
  });

  it('gives up after waitMs on a fresh lock held by someone else', async () => {
    const lock = join(dir, 'lock');
    await mkdir(lock);
    await expect(
      withDirLock(lock, { staleAfterMs: 60_000, waitMs: 50, pollMs: 5 }, async () => 1),
    ).rejects.toThrow(/timed out/);
  });

  it('releases the lock when the holder throws', async () => {
    const lock = join(dir, 'lock');
    const options = { staleAfterMs: 60_000, waitMs: 100, pollMs: 5 };
    await expect(
      withDirLock(lock, options, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(withDirLock(lock, options, async () => 'again')).resolves.toBe('again');
  });
});
