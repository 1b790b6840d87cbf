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
