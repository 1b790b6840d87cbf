import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { PATTERN_DEFAULTS } from './patterns/settings.ts';
import { PIPELINE_DEFAULTS } from './pipeline/settings.ts';

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      otlpHttpPort: 4318,
      otlpGrpcPort: 4317,
      apiPort: 8080,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      adminToken: undefined,
      maxRequestBytes: 20 * 1024 * 1024,
      spoolFsync: 'always',
      spoolMaxBytes: 1024 * 1024 * 1024,
      workers: os.availableParallelism(),
      pipeline: PIPELINE_DEFAULTS,
      store: {
        backend: 'sqlite',
        namespace: 'default',
        retention: { debug: 7, info: 30, default: 90, critical: 180, security: 365, audit: 365 },
      },
      patterns: PATTERN_DEFAULTS,
    });
  });

  it('reads the automatic merge settings, naming a bad variable', () => {
    expect(loadConfig({ FAULTLINE_AUTO_MERGE_MIN_VALUES: '0' }).patterns.autoMergeMinValues).toBe(
      0,
    );
    expect(() => loadConfig({ FAULTLINE_AUTO_MERGE_INTERVAL_MS: '10' })).toThrow(
      /FAULTLINE_AUTO_MERGE_INTERVAL_MS must be an integer 1000–86400000/,
    );
  });

  it('reads the store choice (the details are in store/store-config.test.ts)', () => {
    expect(loadConfig({ FAULTLINE_OPENSEARCH_URL: 'http://127.0.0.1:9200' }).store).toMatchObject({
      backend: 'opensearch',
      url: 'http://127.0.0.1:9200',
    });
    expect(() => loadConfig({ FAULTLINE_RETENTION_DAYS: '0' })).toThrow(ConfigError);
  });

  it('reads the pipeline settings (the details are in pipeline/settings.test.ts)', () => {
    expect(loadConfig({ FAULTLINE_SLOW_SPAN_MS: '250' }).pipeline.slowSpanMs).toBe(250);
    expect(() => loadConfig({ FAULTLINE_SCRUB: 'maybe' })).toThrow(ConfigError);
  });

  it('reads the spool and worker settings', () => {
    expect(
      loadConfig({
        FAULTLINE_SPOOL_FSYNC: 'Batch',
        FAULTLINE_SPOOL_MAX_BYTES: '64MiB',
        FAULTLINE_WORKERS: '0',
      }),
    ).toMatchObject({ spoolFsync: 'batch', spoolMaxBytes: 64 * 1024 * 1024, workers: 0 });
  });

  it('bad spool and worker settings name their variable', () => {
    expect(() => loadConfig({ FAULTLINE_SPOOL_FSYNC: 'sometimes' })).toThrow(
      'FAULTLINE_SPOOL_FSYNC must be one of always, batch, off, got "sometimes"',
    );
    expect(() => loadConfig({ FAULTLINE_SPOOL_MAX_BYTES: '1TB' })).toThrow(
      /FAULTLINE_SPOOL_MAX_BYTES must be a positive number of bytes/,
    );
    expect(() => loadConfig({ FAULTLINE_WORKERS: '-2' })).toThrow(
      'FAULTLINE_WORKERS must be an integer 0–256, got "-2"',
    );
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      FAULTLINE_OTLP_HTTP_PORT: '14318',
      FAULTLINE_OTLP_GRPC_PORT: '14317',
      FAULTLINE_API_PORT: '18080',
      FAULTLINE_HOST: '127.0.0.1',
      FAULTLINE_DATA_DIR: '/var/lib/faultline',
      FAULTLINE_ADMIN_TOKEN: 's3cret',
      FAULTLINE_MAX_REQUEST_BYTES: '1MiB',
    });
    expect(config).toMatchObject({
      otlpHttpPort: 14318,
      otlpGrpcPort: 14317,
      apiPort: 18080,
      host: '127.0.0.1',
      dataDir: '/var/lib/faultline',
      adminToken: 's3cret',
      maxRequestBytes: 1024 * 1024,
    });
  });

  it('port 0 is allowed (an ephemeral port)', () => {
    const config = loadConfig({ FAULTLINE_OTLP_HTTP_PORT: '0', FAULTLINE_API_PORT: '0' });
    expect(config.otlpHttpPort).toBe(0);
    expect(config.apiPort).toBe(0);
  });

  it('a non-numeric port throws an error naming the variable and the accepted form', () => {
    expect(() => loadConfig({ FAULTLINE_API_PORT: 'abc' })).toThrow(
      'FAULTLINE_API_PORT must be an integer 0–65535, got "abc"',
    );
  });

  it.each(['65536', '-1', '80.5', '1e3'])('port %s is rejected', (value) => {
    expect(() => loadConfig({ FAULTLINE_OTLP_GRPC_PORT: value })).toThrow(ConfigError);
  });

  it('the error carries the variable name', () => {
    try {
      loadConfig({ FAULTLINE_OTLP_HTTP_PORT: 'x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('FAULTLINE_OTLP_HTTP_PORT');
    }
  });

  it('a bad size names FAULTLINE_MAX_REQUEST_BYTES', () => {
    expect(() => loadConfig({ FAULTLINE_MAX_REQUEST_BYTES: 'lots' })).toThrow(
      /FAULTLINE_MAX_REQUEST_BYTES must be a positive number of bytes.*got "lots"/,
    );
    expect(() => loadConfig({ FAULTLINE_MAX_REQUEST_BYTES: '0' })).toThrow(ConfigError);
  });

  it('a host with a scheme or path is rejected', () => {
    expect(() => loadConfig({ FAULTLINE_HOST: 'http://x/' })).toThrow(/FAULTLINE_HOST must be/);
  });

  it('a token with spaces is rejected without echoing it', () => {
    expect(() => loadConfig({ FAULTLINE_ADMIN_TOKEN: 'my secret' })).toThrow(
      /FAULTLINE_ADMIN_TOKEN must be printable ASCII/,
    );
    expect(() => loadConfig({ FAULTLINE_ADMIN_TOKEN: 'my secret' })).not.toThrow(/my secret/);
  });
});
