import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPinoLogger } from './log.ts';

describe('createPinoLogger', () => {
  it('writes one JSON object per line, with the error and its stack', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().trim().split('\n'));
        done();
      },
    });
    const logger = createPinoLogger(sink);
    logger.info('spool: replaying 3 unstored request(s)');
    logger.error('store write failed', new Error('disk full'));
    const [info, error] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(info).toMatchObject({
      level: 30,
      name: 'faultline-processor',
      msg: 'spool: replaying 3 unstored request(s)',
    });
    expect(error).toMatchObject({ level: 50, msg: 'store write failed' });
    expect((error!.err as { message: string; stack: string }).message).toBe('disk full');
    expect((error!.err as { stack: string }).stack).toContain('log.test.ts');
  });
});
