import os from 'node:os';
import path from 'node:path';
import { parsePatternSettings, type PatternSettings } from './patterns/settings.ts';
import { parsePipelineSettings, type PipelineSettings } from './pipeline/settings.ts';
import { parseStoreConfig, type StoreConfig } from './store/store-config.ts';

/**
 * The processor's configuration: read from the environment once, at the edge,
 * validated and frozen. Nothing else in the processor reads `process.env`.
 */
export interface Config {
  /** OTLP/HTTP receiver port (0 picks a free port). */
  readonly otlpHttpPort: number;
  /** OTLP/gRPC receiver port; validated now, served once the gRPC receiver exists. */
  readonly otlpGrpcPort: number;
  /** REST API port (0 picks a free port). */
  readonly apiPort: number;
  /** Address every listener binds to. */
  readonly host: string;
  /** Absolute path of the folder holding the SQLite file and the generated admin token. */
  readonly dataDir: string;
  /** The admin bearer token; undefined means "generate one and keep it in the data dir". */
  readonly adminToken: string | undefined;
  /** Largest accepted OTLP request body, counted after decompression. */
  readonly maxRequestBytes: number;
  /** When spool appends are fsynced: every acknowledgement, every 200 ms, or never. */
  readonly spoolFsync: 'always' | 'batch' | 'off';
  /** Unprocessed bytes the spool may hold before receivers answer with backpressure. */
  readonly spoolMaxBytes: number;
  /** Pipeline worker threads (0: run the pipeline on the main thread); default: the machine's cores. */
  readonly workers: number;
  /** Pipeline rules: slow-span thresholds, minimum log severity, in-app and scrub patterns. */
  readonly pipeline: PipelineSettings;
  /** Which store, how to reach it, and how long each retention class is kept. */
  readonly store: StoreConfig;
  /** Automatic pattern merges: threshold and interval. */
  readonly patterns: PatternSettings;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** A bad configuration value; the message names the variable and the accepted form. */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(message);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

const MIB = 1024 * 1024;

export const CONFIG_DEFAULTS = {
  otlpHttpPort: 4318,
  otlpGrpcPort: 4317,
  apiPort: 8080,
  host: '0.0.0.0',
  dataDir: './data',
  maxRequestBytes: 20 * MIB,
  spoolFsync: 'always',
  spoolMaxBytes: 1024 * MIB,
} as const;

function parseChoice<T extends string>(
  env: Env,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const text = raw.trim().toLowerCase();
  if (!(choices as readonly string[]).includes(text)) {
    throw new ConfigError(
      name,
      `${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`,
    );
  }
  return text as T;
}

function parseCount(env: Env, name: string, max: number, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const text = raw.trim();
  const value = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= max)) {
    throw new ConfigError(name, `${name} must be an integer 0–${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function parsePort(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const text = raw.trim();
  const value = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= 65535)) {
    throw new ConfigError(name, `${name} must be an integer 0–65535, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** A byte count: a plain integer, or one with a KiB/MiB/GiB suffix ("20MiB"). */
function parseBytes(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const match = /^(\d+)\s*(B|KiB|MiB|GiB)?$/i.exec(raw.trim());
  const units: Record<string, number> = { b: 1, kib: 1024, mib: MIB, gib: 1024 * MIB };
  const value = match ? Number(match[1]) * (units[(match[2] ?? 'b').toLowerCase()] ?? NaN) : NaN;
  if (!(Number.isSafeInteger(value) && value >= 1)) {
    throw new ConfigError(
      name,
      `${name} must be a positive number of bytes, optionally with KiB, MiB or GiB (e.g. 20MiB), got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

function parseHost(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const text = raw.trim();
  // A host name or an IPv4/IPv6 address, without scheme, port or path.
  if (!/^[A-Za-z0-9.\-:]+$/.test(text)) {
    throw new ConfigError(
      name,
      `${name} must be a bind address such as 0.0.0.0, 127.0.0.1, :: or localhost, got ${JSON.stringify(raw)}`,
    );
  }
  return text;
}

function parseToken(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  // Tokens travel in an Authorization header: printable ASCII without spaces.
  if (!/^[\x21-\x7e]+$/.test(raw)) {
    throw new ConfigError(
      name,
      `${name} must be printable ASCII without spaces (it is sent as a bearer token), got a value of ${raw.length} characters that is not`,
    );
  }
  return raw;
}

/**
 * Reads the configuration from an environment (default: this process's).
 * Throws a {@link ConfigError} on the first bad value.
 */
export function loadConfig(env: Env = process.env): Config {
  const dataDir = env.FAULTLINE_DATA_DIR?.trim() || CONFIG_DEFAULTS.dataDir;
  return Object.freeze({
    otlpHttpPort: parsePort(env, 'FAULTLINE_OTLP_HTTP_PORT', CONFIG_DEFAULTS.otlpHttpPort),
    otlpGrpcPort: parsePort(env, 'FAULTLINE_OTLP_GRPC_PORT', CONFIG_DEFAULTS.otlpGrpcPort),
    apiPort: parsePort(env, 'FAULTLINE_API_PORT', CONFIG_DEFAULTS.apiPort),
    host: parseHost(env, 'FAULTLINE_HOST', CONFIG_DEFAULTS.host),
    dataDir: path.resolve(dataDir),
    adminToken: parseToken(env, 'FAULTLINE_ADMIN_TOKEN'),
    maxRequestBytes: parseBytes(
      env,
      'FAULTLINE_MAX_REQUEST_BYTES',
      CONFIG_DEFAULTS.maxRequestBytes,
    ),
    spoolFsync: parseChoice(
      env,
      'FAULTLINE_SPOOL_FSYNC',
      ['always', 'batch', 'off'] as const,
      CONFIG_DEFAULTS.spoolFsync,
    ),
    spoolMaxBytes: parseBytes(env, 'FAULTLINE_SPOOL_MAX_BYTES', CONFIG_DEFAULTS.spoolMaxBytes),
    workers: parseCount(env, 'FAULTLINE_WORKERS', 256, os.availableParallelism()),
    pipeline: parsePipelineSettings(env),
    store: parseStoreConfig(env),
    patterns: parsePatternSettings(env),
  });
}
