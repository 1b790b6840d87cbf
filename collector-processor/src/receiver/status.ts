/**
 * google.rpc.Status, the body of every OTLP/HTTP error answer. It is not in
 * the OTLP .proto files, and has two fields we fill, so it is encoded here by
 * hand: code (field 1, int32) and message (field 2, string).
 */

/** gRPC status codes used in error bodies. */
export const RPC_CODE = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNIMPLEMENTED: 12,
} as const;

export interface RpcStatus {
  readonly code: number;
  readonly message: string;
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value >>> 0;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return bytes;
}

export function encodeStatusProtobuf(status: RpcStatus): Uint8Array {
  const message = Buffer.from(status.message, 'utf8');
  const parts: number[] = [];
  if (status.code !== 0) parts.push(0x08, ...varint(status.code));
  const head = message.length > 0 ? [0x12, ...varint(message.length)] : [];
  return Buffer.concat([Buffer.from(parts), Buffer.from(head), message]);
}

export function encodeStatusJson(status: RpcStatus): Uint8Array {
  return Buffer.from(JSON.stringify({ code: status.code, message: status.message }));
}

/**
 * google.rpc.Status carrying a google.rpc.RetryInfo detail, for gRPC's
 * `grpc-status-details-bin` trailer: OTLP/gRPC clients retry
 * RESOURCE_EXHAUSTED only when it is present, and honour its delay.
 */
export function encodeStatusWithRetryInfo(status: RpcStatus, retryAfterSeconds: number): Buffer {
  const duration = Buffer.from([0x08, ...varint(retryAfterSeconds)]); // Duration.seconds
  const retryInfo = Buffer.concat([Buffer.from([0x0a, ...varint(duration.length)]), duration]);
  const typeUrl = Buffer.from('type.googleapis.com/google.rpc.RetryInfo', 'utf8');
  const any = Buffer.concat([
    Buffer.from([0x0a, ...varint(typeUrl.length)]),
    typeUrl,
    Buffer.from([0x12, ...varint(retryInfo.length)]),
    retryInfo,
  ]);
  return Buffer.concat([
    encodeStatusProtobuf(status),
    Buffer.from([0x1a, ...varint(any.length)]),
    any,
  ]);
}
