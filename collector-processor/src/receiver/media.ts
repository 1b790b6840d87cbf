import type { IncomingHttpHeaders } from 'node:http';

export type OtlpEncoding = 'json' | 'protobuf';

export const CONTENT_TYPES: Readonly<Record<OtlpEncoding, string>> = {
  json: 'application/json',
  protobuf: 'application/x-protobuf',
};

/** The OTLP encoding named by Content-Type (parameters such as charset ignored), if any. */
export function bodyEncoding(headers: IncomingHttpHeaders): OtlpEncoding | undefined {
  const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === CONTENT_TYPES.json) return 'json';
  if (type === CONTENT_TYPES.protobuf) return 'protobuf';
  return undefined;
}

/** The Content-Encoding, if one we decode: none, identity or gzip. */
export function contentCoding(headers: IncomingHttpHeaders): 'identity' | 'gzip' | undefined {
  const coding = (headers['content-encoding'] ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return 'identity';
  if (coding === 'gzip' || coding === 'x-gzip') return 'gzip';
  return undefined;
}
