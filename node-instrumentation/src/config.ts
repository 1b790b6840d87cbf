import type { Instrumentation } from '@opentelemetry/instrumentation';
import {
  OPTIONAL_INSTRUMENTATIONS,
  type OptionalInstrumentationName,
} from './default-instrumentations.ts';
import type { RedactionOptions } from './redact.ts';
import {
  DEFAULT_RATIO,
  DEFAULT_SAMPLER,
  SAMPLER_NAMES,
  type SamplerConfig,
  type SamplerName,
} from './sampler.ts';

/** What an application passes to `init()`; every field may come from `OTEL_*` instead. */
export interface InitOptions {
  /** `service.name`; falls back to `OTEL_SERVICE_NAME`. */
  serviceName?: string;
  /** OTLP/HTTP base URL such as `http://127.0.0.1:4318`; traces go to `<endpoint>/v1/traces`. */
  endpoint?: string;
  /** `service.version`. */
  serviceVersion?: string;
  /** `deployment.environment.name`, e.g. `production`. */
  environment?: string;
  /** Extra instrumentations, added to the built-in http and express ones. */
  instrumentations?: Instrumentation[];
  /** Put the scrubbed query string on events (`url.query`); `FAULTLINE_CAPTURE_QUERY`. Default false. */
  captureQuery?: boolean;
  /** Put the scrubbed parsed body on events (`faultline.request.body`); `FAULTLINE_CAPTURE_BODY`. Default false. */
  captureBody?: boolean;
  /** Redaction rules, added to `FAULTLINE_REDACT_KEYS` / `FAULTLINE_REDACT_EMAILS`. */
  redact?: RedactionOptions;
  /** Report uncaught exceptions and unhandled rejections; `FAULTLINE_CAPTURE_UNCAUGHT`. Default true. */
  captureUncaught?: boolean;
  /** A span per Express middleware and handler in sampled traces; `FAULTLINE_EXPRESS_LAYER_SPANS`. Default false. */
  expressLayerSpans?: boolean;
}

/** Options of a batch processor, from `OTEL_BSP_*` (spans) or `OTEL_BLRP_*` (log records). */
export interface BatchConfig {
  readonly scheduledDelayMillis?: number;
  readonly maxQueueSize?: number;
  readonly maxExportBatchSize?: number;
  readonly exportTimeoutMillis?: number;
}

/** The configuration after options and environment are merged and checked; frozen. */
export interface ResolvedConfig {
  readonly disabled: boolean;
  readonly serviceName: string | undefined;
  readonly serviceVersion: string | undefined;
  readonly environment: string | undefined;
  readonly tracesUrl: string;
  readonly logsUrl: string;
  /** Span batch delay (`OTEL_BSP_SCHEDULE_DELAY`), kept apart for the demo and tests. */
  readonly scheduledDelayMillis: number | undefined;
  readonly spanBatch: BatchConfig;
  readonly logBatch: BatchConfig;
  readonly sampler: SamplerConfig;
  readonly instrumentations: readonly Instrumentation[];
  /** The optional built-in instrumentations to start (default: all). */
  readonly defaultInstrumentations: readonly OptionalInstrumentationName[];
  readonly captureQuery: boolean;
  readonly captureBody: boolean;
  readonly captureUncaught: boolean;
  readonly expressLayerSpans: boolean;
  readonly exitFlushTimeoutMillis: number;
  readonly redact: RedactionOptions;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: ResolvedConfig; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly problem: string };

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_ENDPOINT = 'http://localhost:4318';
const SIGNAL_PATHS = { traces: 'v1/traces', logs: 'v1/logs' } as const;
type Signal = keyof typeof SIGNAL_PATHS;
const DEFAULT_EXIT_FLUSH_TIMEOUT_MILLIS = 2000;

/** Merges explicit options over `OTEL_*` variables; never throws, names what is wrong instead. */
export function resolveConfig(options: InitOptions = {}, env: Env = process.env): ConfigResult {
  if (options === null || typeof options !== 'object') {
    return { ok: false, problem: 'init() expects an options object' };
  }
  // Problems make init a no-op (sending elsewhere than asked is worse than not
  // sending); warnings fall back to a default, as the OTel SDK does for env.
  const problems: string[] = [];
  const warnings: string[] = [];

  const serviceName = pickText('serviceName', options.serviceName, env.OTEL_SERVICE_NAME, problems);
  const serviceVersion = pickText('serviceVersion', options.serviceVersion, undefined, problems);
  const environment = pickText('environment', options.environment, undefined, problems);
  const tracesUrl = resolveSignalUrl('traces', options.endpoint, env, problems);
  const logsUrl = resolveSignalUrl('logs', options.endpoint, env, problems);
  const spanBatch = readBatch(env, 'OTEL_BSP', warnings);
  const logBatch = readBatch(env, 'OTEL_BLRP', warnings);
  const sampler = readSampler(env, warnings);
  const captureQuery = pickFlag(options.captureQuery, env.FAULTLINE_CAPTURE_QUERY, false);
  const captureBody = pickFlag(options.captureBody, env.FAULTLINE_CAPTURE_BODY, false);
  const captureUncaught = pickFlag(options.captureUncaught, env.FAULTLINE_CAPTURE_UNCAUGHT, true);
  const expressLayerSpans = pickFlag(
    options.expressLayerSpans,
    env.FAULTLINE_EXPRESS_LAYER_SPANS,
    false,
  );
  const exitFlushTimeoutMillis =
    readNonNegativeInteger(env, 'FAULTLINE_EXIT_FLUSH_TIMEOUT_MS', warnings) ??
    DEFAULT_EXIT_FLUSH_TIMEOUT_MILLIS;
  const redact = readRedaction(options.redact, env, problems);
  const defaultInstrumentations = readInstrumentationNames(env, warnings);

  const instrumentations = options.instrumentations ?? [];
  if (!Array.isArray(instrumentations)) problems.push('instrumentations must be an array');

  if (problems.length > 0) return { ok: false, problem: problems.join('; ') };
  return {
    ok: true,
    warnings,
    config: Object.freeze({
      disabled: env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true',
      serviceName,
      serviceVersion,
      environment,
      tracesUrl,
      logsUrl,
      scheduledDelayMillis: spanBatch.scheduledDelayMillis,
      spanBatch,
      logBatch,
      sampler,
      instrumentations: Object.freeze([...instrumentations]),
      defaultInstrumentations,
      captureQuery,
      captureBody,
      captureUncaught,
      expressLayerSpans,
      exitFlushTimeoutMillis,
      redact,
    }),
  };
}

function pickText(
  name: string,
  fromOptions: unknown,
  fromEnv: string | undefined,
  problems: string[],
): string | undefined {
  if (fromOptions !== undefined) {
    if (typeof fromOptions === 'string' && fromOptions.trim() !== '') return fromOptions.trim();
    problems.push(`${name} must be a non-empty string`);
    return undefined;
  }
  const trimmed = fromEnv?.trim();
  return trimmed === '' ? undefined : trimmed;
}

// The specification's precedence: the signal-specific variable is a full URL
// used as is; the generic one is a base to which the signal path is appended.
function resolveSignalUrl(signal: Signal, endpoint: unknown, env: Env, problems: string[]): string {
  if (endpoint !== undefined) {
    if (typeof endpoint !== 'string') {
      // Reported once, for the first signal.
      if (signal === 'traces') problems.push('endpoint must be a string URL');
      return '';
    }
    return appendSignalPath(signal, endpoint, 'endpoint', signal === 'traces' ? problems : []);
  }
  const variable = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`;
  const signalUrl = env[variable]?.trim();
  if (signalUrl) return checkHttpUrl(signalUrl, variable, problems);
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || DEFAULT_ENDPOINT;
  return appendSignalPath(
    signal,
    base,
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    signal === 'traces' ? problems : [],
  );
}

function appendSignalPath(signal: Signal, base: string, name: string, problems: string[]): string {
  const checked = checkHttpUrl(base.trim(), name, problems);
  if (checked === '') return '';
  const path = SIGNAL_PATHS[signal];
  return checked.endsWith('/') ? checked + path : `${checked}/${path}`;
}

function readBatch(env: Env, prefix: string, warnings: string[]): BatchConfig {
  const read = (suffix: string) => readNonNegativeInteger(env, `${prefix}_${suffix}`, warnings);
  const batch: Record<string, number> = {};
  const entries: Array<[keyof BatchConfig, string]> = [
    ['scheduledDelayMillis', 'SCHEDULE_DELAY'],
    ['maxQueueSize', 'MAX_QUEUE_SIZE'],
    ['maxExportBatchSize', 'MAX_EXPORT_BATCH_SIZE'],
    ['exportTimeoutMillis', 'EXPORT_TIMEOUT'],
  ];
  for (const [key, suffix] of entries) {
    const value = read(suffix);
    if (value !== undefined) batch[key] = value;
  }
  return Object.freeze(batch);
}

function readSampler(env: Env, warnings: string[]): SamplerConfig {
  const raw = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase();
  let name: SamplerName = DEFAULT_SAMPLER;
  if (raw) {
    if ((SAMPLER_NAMES as readonly string[]).includes(raw)) name = raw as SamplerName;
    else
      warnings.push(
        `OTEL_TRACES_SAMPLER ${JSON.stringify(raw)} is not supported (use one of ${SAMPLER_NAMES.join(', ')}); using ${DEFAULT_SAMPLER}`,
      );
  }
  let ratio = DEFAULT_RATIO;
  const rawArg = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  if (rawArg) {
    const value = Number(rawArg);
    if (Number.isFinite(value) && value >= 0 && value <= 1) ratio = value;
    else
      warnings.push(
        `OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got ${JSON.stringify(rawArg)}; using ${DEFAULT_RATIO}`,
      );
  }
  const recordUnsampled = pickFlag(undefined, env.FAULTLINE_RECORD_UNSAMPLED, true);
  return Object.freeze({ name, ratio, recordUnsampled });
}

// FAULTLINE_INSTRUMENTATIONS lists the optional ones to start (default all);
// FAULTLINE_DISABLED_INSTRUMENTATIONS removes some. http and express always run.
function readInstrumentationNames(
  env: Env,
  warnings: string[],
): readonly OptionalInstrumentationName[] {
  const all = Object.keys(OPTIONAL_INSTRUMENTATIONS) as OptionalInstrumentationName[];
  const parse = (variable: string): OptionalInstrumentationName[] | undefined => {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') return undefined;
    const names = raw.split(',').map((name) => name.trim().toLowerCase());
    const unknown = names.filter((name) => !(all as string[]).includes(name) && name !== 'none');
    if (unknown.length > 0) {
      warnings.push(
        `${variable}: unknown instrumentation ${unknown.join(', ')} (known: ${all.join(', ')})`,
      );
    }
    return all.filter((name) => names.includes(name));
  };
  const enabled = parse('FAULTLINE_INSTRUMENTATIONS') ?? all;
  const disabled = parse('FAULTLINE_DISABLED_INSTRUMENTATIONS') ?? [];
  return Object.freeze(enabled.filter((name) => !disabled.includes(name)));
}

function pickFlag(fromOptions: unknown, fromEnv: string | undefined, fallback: boolean): boolean {
  if (typeof fromOptions === 'boolean') return fromOptions;
  const value = fromEnv?.trim().toLowerCase();
  if (value === 'true' || value === '1' || value === 'on') return true;
  if (value === 'false' || value === '0' || value === 'off') return false;
  return fallback;
}

function readRedaction(
  fromOptions: RedactionOptions | undefined,
  env: Env,
  problems: string[],
): RedactionOptions {
  if (fromOptions !== undefined && (fromOptions === null || typeof fromOptions !== 'object')) {
    problems.push('redact must be an object');
    return {};
  }
  const envKeys = (env.FAULTLINE_REDACT_KEYS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
  const keys = [...envKeys, ...(fromOptions?.keys ?? [])];
  for (const key of keys) {
    try {
      new RegExp(key);
    } catch {
      problems.push(
        `redaction key pattern ${JSON.stringify(key)} is not a valid regular expression`,
      );
    }
  }
  return Object.freeze({
    ...fromOptions,
    keys,
    emails: fromOptions?.emails ?? pickFlag(undefined, env.FAULTLINE_REDACT_EMAILS, false),
  });
}

function checkHttpUrl(value: string, name: string, problems: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name} is not a URL: ${JSON.stringify(value)}`);
    return '';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${name} must be an http(s) URL, got ${JSON.stringify(value)}`);
    return '';
  }
  // Keep what the user wrote (URL would add a trailing slash to a bare origin).
  return value;
}

function readNonNegativeInteger(env: Env, name: string, warnings: string[]): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= 0) return value;
  warnings.push(
    `${name} must be a non-negative integer, got ${JSON.stringify(raw)}; using the default`,
  );
  return undefined;
}
