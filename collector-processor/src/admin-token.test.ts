import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveAdminToken } from './admin-token.ts';

describe('resolveAdminToken', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the configured token wins and nothing is written', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-token-'));
    expect(await resolveAdminToken(dir, 'given')).toEqual({ token: 'given', source: 'env' });
    await expect(stat(path.join(dir, 'admin-token'))).rejects.toThrow();
  });

  it('generates a token once, stores it owner-only, and reuses it afterwards', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-token-'));
    const first = await resolveAdminToken(path.join(dir, 'data'), undefined);
    expect(first.source).toBe('generated');
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const file = path.join(dir, 'data', 'admin-token');
    expect((await readFile(file, 'utf8')).trim()).toBe(first.token);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const second = await resolveAdminToken(path.join(dir, 'data'), undefined);
    expect(second).toEqual({ token: first.token, source: 'stored', file });
  });
});
