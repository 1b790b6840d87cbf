import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** The body is over the limit (counted after decompression). */
export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`request body is larger than ${limit} bytes (after decompression)`);
    this.name = 'BodyTooLargeError';
  }
}

/** The body could not be decompressed. */
export class BadEncodingError extends Error {
  constructor(detail: string) {
    super(`request body is not valid gzip: ${detail}`);
    this.name = 'BadEncodingError';
  }
}

/**
 * Reads the whole body, decompressing gzip on the way, and stops as soon as
 * the decompressed size passes `limit`: a small compressed bomb never grows
 * past the limit in memory.
 */
export async function readBody(
  request: IncomingMessage,
  encoding: 'identity' | 'gzip',
  limit: number,
): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (encoding === 'identity' && declared > limit) throw new BodyTooLargeError(limit);

  const gunzip = encoding === 'gzip' ? createGunzip() : undefined;
  if (gunzip) {
    request.on('error', (error) => gunzip.destroy(error));
    request.pipe(gunzip);
  }
  const source: Readable = gunzip ?? request;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new BodyTooLargeError(limit);
      chunks.push(chunk);
    }
  } catch (error) {
    if (gunzip) request.unpipe(gunzip);
    if (error instanceof BodyTooLargeError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (gunzip && code.startsWith('Z_')) {
      throw new BadEncodingError((error as Error).message);
    }
    throw error;
  }
  return Buffer.concat(chunks, size);
}
