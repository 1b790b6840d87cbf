import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log.ts';
import { recordSize } from './record.ts';
import { Spool, SpoolFullError, type FsyncPolicy } from './spool.ts';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'faultline-spool-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const open = (options: { maxBytes?: number; fsync?: FsyncPolicy; segmentBytes?: number } = {}) =>
  Spool.open({
    dir,
    maxBytes: options.maxBytes ?? 1024 * 1024,
    fsync: options.fsync ?? 'always',
    segmentBytes: options.segmentBytes,
    logger: silentLogger,
  });

const record = (text: string) => ({
  signal: 'traces' as const,
  encoding: 'json' as const,
  receivedAt: 1764151200123,
  body: Buffer.from(text),
});

async function segments() {
  return (await fs.readdir(dir)).filter((n) => n.endsWith('.seg')).sort();
}

describe('Spool', () => {
  it.each(['always', 'batch', 'off'] as const)(
    'replays what was appended and not completed (fsync %s)',
    async (fsync) => {
      const spool = await open({ fsync });
      const a = await spool.append(record('a'));
      const b = await spool.append(record('b'));
      await spool.append(record('c'));
      spool.complete(b); // out of order: a is still pending, so the committed position stays
      spool.complete(a);
      expect(spool.pending).toBe(1);
      await spool.close();

      const again = await open({ fsync });
      const ids = again.recovered();
      expect(ids).toHaveLength(1);
      const replayed = await again.read(ids[0]!);
      expect(Buffer.from(replayed.body).toString()).toBe('c');
      expect(replayed).toMatchObject({
        signal: 'traces',
        encoding: 'json',
        receivedAt: 1764151200123,
      });
      await again.close();
    },
  );

  it('a record torn by a crash is cut off; the ones before it are replayed', async () => {
    const spool = await open();
    await spool.append(record('whole'));
    await spool.append(record('torn one'));
    await spool.close();
    const [file] = await segments();
    const full = await fs.readFile(path.join(dir, file!));
    // The crash came in the middle of the second record.
    await fs.writeFile(path.join(dir, file!), full.subarray(0, full.length - 3));

    const again = await open();
    const ids = again.recovered();
    expect(ids).toHaveLength(1);
    expect(Buffer.from((await again.read(ids[0]!)).body).toString()).toBe('whole');
    expect((await fs.stat(path.join(dir, file!))).size).toBe(recordSize(5));
    await again.close();
  });

  it('a corrupted record (checksum) is not replayed as data', async () => {
    const spool = await open();
    await spool.append(record('first'));
    await spool.append(record('second'));
    await spool.close();
    const [file] = await segments();
    const data = await fs.readFile(path.join(dir, file!));
    data.writeUInt8(data.readUInt8(data.length - 1) ^ 0xff, data.length - 1);
    await fs.writeFile(path.join(dir, file!), data);
    const again = await open();
    expect(again.recovered()).toHaveLength(1);
    await again.close();
  });

  it('refuses appends past maxBytes, and takes them again once entries complete', async () => {
    const spool = await open({ maxBytes: recordSize(10) * 2 });
    const a = await spool.append(record('0123456789'));
    await spool.append(record('0123456789'));
    expect(spool.hasRoom(10)).toBe(false);
    await expect(spool.append(record('0123456789'))).rejects.toBeInstanceOf(SpoolFullError);
    spool.complete(a);
    expect(spool.bytes).toBe(recordSize(10));
    await spool.append(record('0123456789'));
    await spool.close();
  });

  it('rotates segments and removes the ones wholly processed', async () => {
    const spool = await open({ segmentBytes: recordSize(4) * 2 });
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await spool.append(record(`r${i}..`.slice(0, 4))));
    expect((await segments()).length).toBeGreaterThanOrEqual(3);
    for (const id of ids.slice(0, 5)) spool.complete(id);
    await spool.close();
    const again = await open({ segmentBytes: recordSize(4) * 2 });
    expect(again.recovered()).toHaveLength(1);
    // Only the last old segment (holding the pending record) and the new active one remain.
    expect((await segments()).length).toBeLessThanOrEqual(2);
    await again.close();
  });

  it('concurrent appends under fsync=always all resolve, with distinct ids', async () => {
    const spool = await open();
    const ids = await Promise.all(
      Array.from({ length: 50 }, (_, i) => spool.append(record(`${i}`))),
    );
    expect(new Set(ids).size).toBe(50);
    await spool.close();
    const again = await open();
    expect(again.recovered()).toHaveLength(50);
    await again.close();
  });

  it('writes whose fsync is still gathering more are made durable by close, and resolve', async () => {
    const spool = await open();
    const written = [spool.write(record('a')), spool.write(record('b'))];
    await spool.close();
    await Promise.all(written.map((w) => w.durable));
    const again = await open();
    expect(again.recovered()).toHaveLength(2);
    await again.close();
  });
});
