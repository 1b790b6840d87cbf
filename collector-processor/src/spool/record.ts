import { crc32 } from 'node:zlib';

/**
 * One spooled OTLP request on disk:
 *
 *   [payload length: u32 LE][crc32 of payload: u32 LE][payload]
 *   payload = [format 1: u8][signal: u8][encoding: u8][0: u8][received at, ms: f64 LE][body]
 *
 * The length and checksum let recovery tell a whole record from one torn by a
 * crash mid-write; the body is the request as received, after decompression.
 */

export type SpoolSignal = 'traces' | 'logs';
export type SpoolEncoding = 'json' | 'protobuf';

export interface SpoolRecord {
  readonly signal: SpoolSignal;
  readonly encoding: SpoolEncoding;
  /** When the receiver got the request (ms since the epoch). */
  readonly receivedAt: number;
  readonly body: Uint8Array;
}

export const HEADER_BYTES = 8;
const META_BYTES = 12;
const FORMAT = 1;

const SIGNALS: readonly SpoolSignal[] = ['traces', 'logs'];
const ENCODINGS: readonly SpoolEncoding[] = ['json', 'protobuf'];

/** The record's bytes as separate buffers (header, meta, body), ready for one vectored write. */
export function encodeRecord(record: SpoolRecord): Buffer[] {
  const meta = Buffer.alloc(META_BYTES);
  meta.writeUInt8(FORMAT, 0);
  meta.writeUInt8(SIGNALS.indexOf(record.signal), 1);
  meta.writeUInt8(ENCODINGS.indexOf(record.encoding), 2);
  meta.writeDoubleLE(record.receivedAt, 4);
  const body = Buffer.from(record.body.buffer, record.body.byteOffset, record.body.byteLength);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(META_BYTES + body.byteLength, 0);
  header.writeUInt32LE(crc32(body, crc32(meta)), 4);
  return [header, meta, body];
}

export function recordSize(bodyBytes: number): number {
  return HEADER_BYTES + META_BYTES + bodyBytes;
}

/** Reads the record starting at `offset`; undefined when it is incomplete or its checksum fails. */
export function decodeRecordAt(
  data: Buffer,
  offset: number,
): { record: SpoolRecord; size: number } | undefined {
  if (data.length - offset < HEADER_BYTES) return undefined;
  const length = data.readUInt32LE(offset);
  const checksum = data.readUInt32LE(offset + 4);
  const start = offset + HEADER_BYTES;
  if (length < META_BYTES || data.length - start < length) return undefined;
  const payload = data.subarray(start, start + length);
  if (crc32(payload) !== checksum) return undefined;
  const signal = SIGNALS[payload.readUInt8(1)];
  const encoding = ENCODINGS[payload.readUInt8(2)];
  if (payload.readUInt8(0) !== FORMAT || !signal || !encoding) return undefined;
  return {
    record: {
      signal,
      encoding,
      receivedAt: payload.readDoubleLE(4),
      body: payload.subarray(META_BYTES),
    },
    size: HEADER_BYTES + length,
  };
}
