import { mkdir, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface DirLockOptions {
  /** A lock older than this is taken to be left by a process that died holding it. */
  staleAfterMs: number;
  /** Give up waiting after this long. */
  waitMs: number;
  pollMs?: number;
}

/**
 * Runs `fn` while holding a lock shared by every process on this machine. mkdir is atomic, so
 * the folder's existence is the lock; it needs no extra tool and works wherever Node does.
 */
export async function withDirLock<T>(
  lockDir: string,
  options: DirLockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const age = await lockAgeMs(lockDir);
    if (age !== undefined && age > options.staleAfterMs) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${options.waitMs} ms waiting for lock ${lockDir}`);
    }
    await sleep(options.pollMs ?? 250);
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function lockAgeMs(lockDir: string): Promise<number | undefined> {
  try {
    return Date.now() - (await stat(lockDir)).mtimeMs;
  } catch {
    // Released between our mkdir and stat: just try again.
    return undefined;
  }
}
