import { describe, expect, it } from 'vitest';
import { resolveConfig, type ConfigResult } from './config.ts';

function okConfig(result: ConfigResult) {
  if (!result.ok) throw new Error(`expected a valid config, got: ${result.problem}`);
  return result;
}

function problemOf(result: ConfigResult): string {
  if (result.ok) throw new Error('expected a configuration problem');
  return result.problem;
}

describe('resolveConfig', () => {
  it('endpoint option: traces go to <endpoint>/v1/traces', () => {
    const { config } = okConfig(resolveConfig({ endpoint: 'http://127.0.0.1:4318' }, {}));
    expect(config.tracesUrl).toBe('http://127.0.0.1:4318/v1/traces');
  });

  it('endpoint option with a trailing slash: no double slash', () => {
    const { config } = okConfig(resolveConfig({ endpoint: 'http://collector:4318/' }, {}));
    expect(config.tracesUrl).toBe('http://collector:4318/v1/traces');
  });

  it('endpoint option with a path prefix: keeps the prefix', () => {
    const { config } = okConfig(resolveConfig({ endpoint: 'https://gw.example/otlp' }, {}));
    expect(config.tracesUrl).toBe('https://gw.example/otlp/v1/traces');
  });

  it('no endpoint option: OTEL_EXPORTER_OTLP_ENDPOINT is the base', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://10.0.0.5:4318' };
    const { config } = okConfig(resolveConfig({}, env));
    expect(config.tracesUrl).toBe('http://10.0.0.5:4318/v1/traces');
  });

  it('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: used as the full URL, ahead of the generic one', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://generic:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:9999/custom',
    };
    const { config } = okConfig(resolveConfig({}, env));
    expect(config.tracesUrl).toBe('http://traces:9999/custom');
  });

  it('endpoint option: wins over the environment', () => {
    const env = { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:9999/custom' };
    const { config } = okConfig(resolveConfig({ endpoint: 'http://mine:4318' }, env));
    expect(config.tracesUrl).toBe('http://mine:4318/v1/traces');
  });

  it('nothing configured: the OTLP default endpoint', () => {
    const { config } = okConfig(resolveConfig({}, {}));
    expect(config.tracesUrl).toBe('http://localhost:4318/v1/traces');
    expect(config.serviceName).toBeUndefined();
  });

  it('serviceName option: wins over OTEL_SERVICE_NAME', () => {
    const env = { OTEL_SERVICE_NAME: 'from-env' };
    expect(okConfig(resolveConfig({ serviceName: 'checkout' }, env)).config.serviceName).toBe(
      'checkout',
    );
    expect(okConfig(resolveConfig({}, env)).config.serviceName).toBe('from-env');
  });

  it('serviceVersion and environment: carried through', () => {
    const { config } = okConfig(
      resolveConfig({ serviceVersion: '2.1.0', environment: 'staging' }, {}),
    );
    expect(config).toMatchObject({ serviceVersion: '2.1.0', environment: 'staging' });
  });

  it('a malformed endpoint: a problem naming the option', () => {
    expect(problemOf(resolveConfig({ endpoint: 'not a url' }, {}))).toMatch(
      /^endpoint is not a URL/,
    );
  });

  it('a non-http endpoint in the environment: a problem naming the variable', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector:21' };
    expect(problemOf(resolveConfig({}, env))).toMatch(
      /^OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/,
    );
  });

  it('an empty serviceName: a problem', () => {
    expect(problemOf(resolveConfig({ serviceName: ' ' }, {}))).toBe(
      'serviceName must be a non-empty string',
    );
  });

  it('a non-object argument (JavaScript callers): a problem, not a throw', () => {
    expect(problemOf(resolveConfig('svc' as never, {}))).toBe('init() expects an options object');
  });

  it('a bad OTEL_BSP_SCHEDULE_DELAY: a warning and the default, not a problem', () => {
    const result = okConfig(resolveConfig({}, { OTEL_BSP_SCHEDULE_DELAY: 'soon' }));
    expect(result.config.scheduledDelayMillis).toBeUndefined();
    expect(result.warnings).toEqual([
      'OTEL_BSP_SCHEDULE_DELAY must be a non-negative integer, got "soon"; using the default',
    ]);
  });

  it('OTEL_BSP_SCHEDULE_DELAY: read as milliseconds', () => {
    const result = okConfig(resolveConfig({}, { OTEL_BSP_SCHEDULE_DELAY: '250' }));
    expect(result.config.scheduledDelayMillis).toBe(250);
  });

  it('OTEL_SDK_DISABLED=true: disabled', () => {
    expect(okConfig(resolveConfig({}, { OTEL_SDK_DISABLED: 'TRUE' })).config.disabled).toBe(true);
    expect(okConfig(resolveConfig({}, {})).config.disabled).toBe(false);
  });

  it('the resolved config: frozen', () => {
    expect(Object.isFrozen(okConfig(resolveConfig({}, {})).config)).toBe(true);
  });
});

describe('resolveConfig: logs, sampling, batching and Faultline options', () => {
  it('logs go to <endpoint>/v1/logs, or to OTEL_EXPORTER_OTLP_LOGS_ENDPOINT as is', () => {
    expect(okConfig(resolveConfig({ endpoint: 'http://c:4318' }, {})).config.logsUrl).toBe(
      'http://c:4318/v1/logs',
    );
    const env = { OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://logs:1/in' };
    expect(okConfig(resolveConfig({}, env)).config.logsUrl).toBe('http://logs:1/in');
  });

  it('the sampler: parent-based ratio 0.1 by default, recording unsampled spans', () => {
    expect(okConfig(resolveConfig({}, {})).config.sampler).toEqual({
      name: 'parentbased_traceidratio',
      ratio: 0.1,
      recordUnsampled: true,
    });
  });

  it('the sampler from OTEL_TRACES_SAMPLER(_ARG) and FAULTLINE_RECORD_UNSAMPLED', () => {
    const env = {
      OTEL_TRACES_SAMPLER: 'TraceIdRatio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      FAULTLINE_RECORD_UNSAMPLED: 'false',
    };
    expect(okConfig(resolveConfig({}, env)).config.sampler).toEqual({
      name: 'traceidratio',
      ratio: 0.25,
      recordUnsampled: false,
    });
  });

  it('an unknown sampler or a ratio out of range: the default, with a warning each', () => {
    const result = okConfig(
      resolveConfig({}, { OTEL_TRACES_SAMPLER: 'jaeger_remote', OTEL_TRACES_SAMPLER_ARG: '2' }),
    );
    expect(result.config.sampler.name).toBe('parentbased_traceidratio');
    expect(result.config.sampler.ratio).toBe(0.1);
    expect(result.warnings).toHaveLength(2);
  });

  it('OTEL_BSP_* and OTEL_BLRP_* batch settings', () => {
    const env = { OTEL_BLRP_MAX_QUEUE_SIZE: '100', OTEL_BSP_EXPORT_TIMEOUT: '700' };
    const { config } = okConfig(resolveConfig({}, env));
    expect(config.logBatch).toEqual({ maxQueueSize: 100 });
    expect(config.spanBatch).toEqual({ exportTimeoutMillis: 700 });
  });

  it('capture flags: options win over FAULTLINE_* variables, defaults off/off/on', () => {
    const defaults = okConfig(resolveConfig({}, {})).config;
    expect([defaults.captureQuery, defaults.captureBody, defaults.captureUncaught]).toEqual([
      false,
      false,
      true,
    ]);
    const env = { FAULTLINE_CAPTURE_QUERY: 'true', FAULTLINE_CAPTURE_UNCAUGHT: '0' };
    const fromEnv = okConfig(resolveConfig({}, env)).config;
    expect([fromEnv.captureQuery, fromEnv.captureUncaught]).toEqual([true, false]);
    expect(okConfig(resolveConfig({ captureQuery: false }, env)).config.captureQuery).toBe(false);
  });

  it('Express layer spans: off by default, on from FAULTLINE_EXPRESS_LAYER_SPANS or the option', () => {
    expect(okConfig(resolveConfig({}, {})).config.expressLayerSpans).toBe(false);
    const env = { FAULTLINE_EXPRESS_LAYER_SPANS: 'true' };
    expect(okConfig(resolveConfig({}, env)).config.expressLayerSpans).toBe(true);
    expect(
      okConfig(resolveConfig({ expressLayerSpans: false }, env)).config.expressLayerSpans,
    ).toBe(false);
  });

  it('redaction keys from FAULTLINE_REDACT_KEYS and options; a bad pattern is a problem', () => {
    const env = { FAULTLINE_REDACT_KEYS: 'ssn, iban', FAULTLINE_REDACT_EMAILS: 'true' };
    const { config } = okConfig(resolveConfig({ redact: { keys: ['pin'] } }, env));
    expect(config.redact.keys).toEqual(['ssn', 'iban', 'pin']);
    expect(config.redact.emails).toBe(true);
    expect(problemOf(resolveConfig({ redact: { keys: ['(unclosed'] } }, {}))).toMatch(
      /not a valid regular expression/,
    );
  });

  it('optional instrumentations: all by default, chosen or disabled by name', () => {
    expect(okConfig(resolveConfig({}, {})).config.defaultInstrumentations).toEqual([
      'undici',
      'pg',
      'mysql2',
      'ioredis',
      'redis',
      'mongodb',
    ]);
    const chosen = okConfig(resolveConfig({}, { FAULTLINE_INSTRUMENTATIONS: 'pg, undici, nope' }));
    expect(chosen.config.defaultInstrumentations).toEqual(['undici', 'pg']);
    expect(chosen.warnings[0]).toMatch(/unknown instrumentation nope/);
    const env = { FAULTLINE_DISABLED_INSTRUMENTATIONS: 'mongodb,redis' };
    expect(okConfig(resolveConfig({}, env)).config.defaultInstrumentations).toEqual([
      'undici',
      'pg',
      'mysql2',
      'ioredis',
    ]);
  });
});
