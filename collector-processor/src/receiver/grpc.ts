import {
  Metadata,
  Server,
  ServerCredentials,
  status as grpcStatus,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceDefinition,
  type ServiceError,
} from '@grpc/grpc-js';
import Long from 'long';
import type { Logger } from '../log.ts';
import { OtlpDecodeError } from '../otlp/errors.ts';
import { ExportLogsServiceResponse, ExportTraceServiceResponse } from '../otlp/protobuf.ts';
import { BackpressureError, type IngestOutcome, type OtlpIngest } from './signals.ts';
import { encodeStatusWithRetryInfo } from './status.ts';

/**
 * The OTLP/gRPC receiver: TraceService/Export and LogsService/Export (and
 * MetricsService/Export, accepted and dropped). Request messages stay raw
 * bytes here: the worker pool decodes them with the generated static code,
 * as it does HTTP bodies. grpc-js handles gzip and enforces the size limit
 * on the decompressed message, stopping a bomb early.
 */

export interface OtlpGrpcOptions {
  readonly ingest: OtlpIngest;
  /** Largest message accepted, after decompression. */
  readonly maxRequestBytes: number;
  readonly logger: Logger;
  /** Called once per answered call (for metrics): signal and gRPC status name. */
  readonly onAnswer?: (signal: string, status: string) => void;
}

type Encode = (outcome: IngestOutcome) => Buffer;

const raw = (bytes: Buffer) => bytes;
const encodeTraces: Encode = (o) =>
  Buffer.from(
    ExportTraceServiceResponse.encode({
      partialSuccess:
        o.rejected === 0 && o.message === ''
          ? undefined
          : { rejectedSpans: Long.fromNumber(o.rejected), errorMessage: o.message },
    }).finish(),
  );
const encodeLogs: Encode = (o) =>
  Buffer.from(
    ExportLogsServiceResponse.encode({
      partialSuccess:
        o.rejected === 0 && o.message === ''
          ? undefined
          : { rejectedLogRecords: Long.fromNumber(o.rejected), errorMessage: o.message },
    }).finish(),
  );

function definition(service: string, encode: Encode): ServiceDefinition {
  return {
    Export: {
      path: `/opentelemetry.proto.collector.${service}/Export`,
      requestStream: false,
      responseStream: false,
      requestSerialize: raw,
      requestDeserialize: raw,
      responseSerialize: encode,
      responseDeserialize: raw,
    },
  } as ServiceDefinition;
}

const STATUS_NAMES = Object.fromEntries(
  Object.entries(grpcStatus).map(([name, code]) => [code, name]),
) as Record<number, string>;

function failure(code: grpcStatus, message: string, retryAfterSeconds?: number): ServiceError {
  const metadata = new Metadata();
  if (retryAfterSeconds !== undefined) {
    metadata.set(
      'grpc-status-details-bin',
      encodeStatusWithRetryInfo({ code, message }, retryAfterSeconds),
    );
  }
  return Object.assign(new Error(message), { code, details: message, metadata });
}

function toServiceError(error: unknown, logger: Logger): ServiceError {
  if (error instanceof OtlpDecodeError) return failure(grpcStatus.INVALID_ARGUMENT, error.message);
  if (error instanceof BackpressureError) {
    const code = error.kind === 'busy' ? grpcStatus.RESOURCE_EXHAUSTED : grpcStatus.UNAVAILABLE;
    return failure(code, error.message, error.retryAfterSeconds);
  }
  logger.error('OTLP/gRPC: export failed', error);
  return failure(grpcStatus.UNAVAILABLE, 'the processor could not take the data; retry later', 5);
}

function handler(signal: 'traces' | 'logs', options: OtlpGrpcOptions) {
  return (call: ServerUnaryCall<Buffer, IngestOutcome>, callback: sendUnaryData<IngestOutcome>) => {
    options.ingest.accept(signal, 'protobuf', call.request).then(
      (outcome) => {
        callback(null, outcome);
        options.onAnswer?.(signal, 'OK');
      },
      (error: unknown) => {
        const serviceError = toServiceError(error, options.logger);
        callback(serviceError);
        options.onAnswer?.(signal, STATUS_NAMES[serviceError.code] ?? String(serviceError.code));
      },
    );
  };
}

/** The receiver's gRPC server, not yet bound. */
export function createOtlpGrpcServer(options: OtlpGrpcOptions): Server {
  const server = new Server({
    'grpc.max_receive_message_length': options.maxRequestBytes,
  });
  server.addService(definition('trace.v1.TraceService', encodeTraces), {
    Export: handler('traces', options),
  });
  server.addService(definition('logs.v1.LogsService', encodeLogs), {
    Export: handler('logs', options),
  });
  // An empty ExportMetricsServiceResponse is zero bytes.
  server.addService(
    definition('metrics.v1.MetricsService', () => Buffer.alloc(0)),
    {
      Export: (_call: unknown, callback: sendUnaryData<IngestOutcome>) =>
        callback(null, { rejected: 0, message: '' }),
    },
  );
  return server;
}

/** Binds and resolves with the bound port. */
export function bindGrpc(server: Server, host: string, port: number): Promise<number> {
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
}

/** Lets calls in flight finish (up to `graceMs`), then cuts the rest. */
export function closeGrpc(server: Server, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
