import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

export interface AdminToken {
  readonly token: string;
  /** Where it came from: the environment, the data dir, or generated just now (show it once). */
  readonly source: 'env' | 'stored' | 'generated';
  /** The file holding a stored or generated token. */
  readonly file?: string;
}

/**
 * The configured token wins; otherwise the one kept in the data dir from an
 * earlier start; otherwise a new random one, stored (owner-only) for next time.
 */
export async function resolveAdminToken(
  dataDir: string,
  configured: string | undefined,
): Promise<AdminToken> {
  if (configured !== undefined) return { token: configured, source: 'env' };
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  const stored = await readStored(file);
  if (stored) return { token: stored, source: 'stored', file };

  const token = randomBytes(32).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  try {
    // 'wx': two processors starting on one data dir must not overwrite each other's token.
    await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const winner = (error as NodeJS.ErrnoException).code === 'EEXIST' && (await readStored(file));
    if (winner) return { token: winner, source: 'stored', file };
    throw error;
  }
  return { token, source: 'generated', file };
}

async function readStored(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
