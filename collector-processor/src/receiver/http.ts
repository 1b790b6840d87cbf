import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../log.ts';
import { OtlpDecodeError } from '../otlp/errors.ts';
import { BadEncodingError, BodyTooLargeError, readBody } from './body.ts';
import { bodyEncoding, CONTENT_TYPES, contentCoding, type OtlpEncoding } from './media.ts';
import { BackpressureError, SIGNALS, type OtlpIngest } from './signals.ts';
import { encodeStatusJson, encodeStatusProtobuf, RPC_CODE, type RpcStatus } from './status.ts';

/**
 * The OTLP/HTTP receiver, on plain node:http rather than fastify: OTLP needs
 * the raw body stream (gzip decoded while counting bytes, so the size limit
 * applies after decompression and stops early), the response encoding chosen
 * by the request's content type, and error bodies in google.rpc.Status form.
 * Fastify's body parsers, its compressed-size limit and its error format would
 * all have to be worked around; three routes do not need a router.
 */

export interface OtlpHttpOptions {
  readonly ingest: OtlpIngest;
  /** Largest body accepted, after decompression. */
  readonly maxRequestBytes: number;
  readonly logger: Logger;
  /** Called once per answered request (for metrics): signal name or '' and HTTP status. */
  readonly onAnswer?: (signal: string, status: number) => void;
}

/** A failure answered with an HTTP status and a google.rpc.Status body. */
class HttpFailure extends Error {
  readonly status: number;
  readonly rpc: RpcStatus;
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, code: number, message: string, headers = {}) {
    super(message);
    this.status = status;
    this.rpc = { code, message };
    this.headers = headers;
  }
}

function send(
  res: ServerResponse,
  status: number,
  encoding: OtlpEncoding,
  body: Uint8Array,
  headers: Readonly<Record<string, string>> = {},
) {
  res.writeHead(status, {
    'content-type': CONTENT_TYPES[encoding],
    'content-length': body.byteLength,
    ...headers,
  });
  res.end(body);
}

function sendFailure(res: ServerResponse, encoding: OtlpEncoding, failure: HttpFailure) {
  const body =
    encoding === 'protobuf' ? encodeStatusProtobuf(failure.rpc) : encodeStatusJson(failure.rpc);
  send(res, failure.status, encoding, body, failure.headers);
}

async function handle(req: IncomingMessage, res: ServerResponse, options: OtlpHttpOptions) {
  const path = (req.url ?? '/').split('?')[0]!;
  const signal = SIGNALS[path];
  // Errors about the request itself are answered in its encoding when it named one we speak.
  const encoding = bodyEncoding(req.headers);
  const replyAs = encoding ?? 'json';
  try {
    if (!signal) {
      throw new HttpFailure(
        404,
        RPC_CODE.NOT_FOUND,
        `no OTLP endpoint at ${path}; use /v1/traces or /v1/logs`,
      );
    }
    if (req.method !== 'POST') {
      throw new HttpFailure(
        405,
        RPC_CODE.UNIMPLEMENTED,
        `${req.method} is not allowed on ${path}; use POST`,
        {
          allow: 'POST',
        },
      );
    }
    if (!encoding) {
      throw new HttpFailure(
        415,
        RPC_CODE.INVALID_ARGUMENT,
        `unsupported Content-Type ${JSON.stringify(req.headers['content-type'] ?? '')}; use application/json or application/x-protobuf`,
      );
    }
    const coding = contentCoding(req.headers);
    if (!coding) {
      throw new HttpFailure(
        415,
        RPC_CODE.INVALID_ARGUMENT,
        `unsupported Content-Encoding ${JSON.stringify(req.headers['content-encoding'])}; use gzip or none`,
      );
    }
    const body = await readBody(req, coding, options.maxRequestBytes);
    const outcome = await signal.handle(options.ingest, encoding, body);
    send(res, 200, encoding, signal.response(encoding, outcome));
    options.onAnswer?.(signal.name, 200);
  } catch (error) {
    // A client that went away mid-body needs no answer and is no fault of ours.
    if (req.socket.destroyed) return;
    const failure = toFailure(error, options.logger, path);
    sendFailure(res, replyAs, failure);
    options.onAnswer?.(signal?.name ?? '', failure.status);
  }
}

function toFailure(error: unknown, logger: Logger, path: string): HttpFailure {
  if (error instanceof HttpFailure) return error;
  if (error instanceof OtlpDecodeError || error instanceof BadEncodingError) {
    return new HttpFailure(400, RPC_CODE.INVALID_ARGUMENT, error.message);
  }
  if (error instanceof BodyTooLargeError) {
    // 413 is final for OTLP clients (not retried); the connection closes, the rest is not read.
    return new HttpFailure(413, RPC_CODE.INVALID_ARGUMENT, error.message, { connection: 'close' });
  }
  if (error instanceof BackpressureError) {
    // Both are retryable for OTLP senders; Retry-After says when.
    const busy = error.kind === 'busy';
    return new HttpFailure(
      busy ? 429 : 503,
      busy ? RPC_CODE.RESOURCE_EXHAUSTED : RPC_CODE.UNAVAILABLE,
      error.message,
      { 'retry-after': String(error.retryAfterSeconds) },
    );
  }
  // Anything else is ours (the store failing, a defect): retryable for the sender.
  logger.error(`OTLP ${path}: request failed`, error);
  return new HttpFailure(
    503,
    RPC_CODE.UNAVAILABLE,
    'the processor could not take the data; retry later',
    {
      'retry-after': '5',
    },
  );
}

/** The receiver's HTTP server, not yet listening. */
export function createOtlpHttpServer(options: OtlpHttpOptions): Server {
  const respond = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, options)
      .catch((error: unknown) => {
        // Only reached if writing the answer itself failed (e.g. the client went away).
        options.logger.warn(`OTLP: could not answer a request: ${(error as Error).message}`);
        res.destroy();
      })
      .finally(() => {
        // A body left unread (413, early errors) is not worth draining: close the connection.
        if (!req.complete) res.on('finish', () => req.destroy());
      });
  };
  const server = createServer(respond);
  // `Expect: 100-continue` (curl sends it for large bodies): a body declared too
  // large is refused before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length']);
    const plain = contentCoding(req.headers) === 'identity';
    if (!(plain && declared > options.maxRequestBytes)) res.writeContinue();
    respond(req, res);
  });
  return server;
}
