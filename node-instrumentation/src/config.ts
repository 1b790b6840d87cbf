import type { Instrumentation } from '@opentelemetry/instrumentation';

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
}

/** The configuration after options and environment are merged and checked; frozen. */
export interface ResolvedConfig {
  readonly disabled: boolean;
  readonly serviceName: string | undefined;
  readonly serviceVersion: string | undefined;
  readonly environment: string | undefined;
  readonly tracesUrl: string;
  readonly scheduledDelayMillis: number | undefined;
  readonly instrumentations: readonly Instrumentation[];
}

export type ConfigResult =
  | { readonly ok: true; readonly config: ResolvedConfig; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly problem: string };

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_ENDPOINT = 'http://localhost:4318';
const TRACES_PATH = 'v1/traces';

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
  const tracesUrl = resolveTracesUrl(options.endpoint, env, problems);
  const scheduledDelayMillis = readNonNegativeInteger(env, 'OTEL_BSP_SCHEDULE_DELAY', warnings);

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
      scheduledDelayMillis,
      instrumentations: Object.freeze([...instrumentations]),
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
function resolveTracesUrl(endpoint: unknown, env: Env, problems: string[]): string {
  if (endpoint !== undefined) {
    if (typeof endpoint !== 'string') {
      problems.push('endpoint must be a string URL');
      return '';
    }
    return appendTracesPath(endpoint, 'endpoint', problems);
  }
  const signalUrl = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (signalUrl) return checkHttpUrl(signalUrl, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', problems);
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || DEFAULT_ENDPOINT;
  return appendTracesPath(base, 'OTEL_EXPORTER_OTLP_ENDPOINT', problems);
}

function appendTracesPath(base: string, name: string, problems: string[]): string {
  const checked = checkHttpUrl(base.trim(), name, problems);
  if (checked === '') return '';
  return checked.endsWith('/') ? checked + TRACES_PATH : `${checked}/${TRACES_PATH}`;
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
