import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { parseStoreConfig } from './store-config.ts';

describe('parseStoreConfig', () => {
  it('defaults to SQLite with the documented retention', () => {
    expect(parseStoreConfig({})).toEqual({
      backend: 'sqlite',
      namespace: 'default',
      retention: { debug: 7, info: 30, default: 90, critical: 180, security: 365, audit: 365 },
    });
  });

  it('FAULTLINE_ELASTICSEARCH_URL selects Elasticsearch, with credentials', () => {
    expect(
      parseStoreConfig({
        FAULTLINE_ELASTICSEARCH_URL: 'https://es.internal:9200/',
        FAULTLINE_STORE_API_KEY: 'abc==',
        FAULTLINE_STORE_NAMESPACE: 'prod',
      }),
    ).toMatchObject({
      backend: 'elasticsearch',
      url: 'https://es.internal:9200',
      apiKey: 'abc==',
      namespace: 'prod',
    });
  });

  it('FAULTLINE_OPENSEARCH_URL selects OpenSearch with basic auth', () => {
    expect(
      parseStoreConfig({
        FAULTLINE_OPENSEARCH_URL: 'http://localhost:9200',
        FAULTLINE_STORE_USERNAME: 'admin',
        FAULTLINE_STORE_PASSWORD: 'secret',
      }),
    ).toMatchObject({ backend: 'opensearch', username: 'admin', password: 'secret' });
  });

  it('reads the CA from FAULTLINE_STORE_CA_FILE', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-ca-'));
    const file = path.join(dir, 'ca.pem');
    await writeFile(file, '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    expect(parseStoreConfig({ FAULTLINE_STORE_CA_FILE: file }).ca).toMatch(/BEGIN CERTIFICATE/);
    await rm(dir, { recursive: true });
    expect(() => parseStoreConfig({ FAULTLINE_STORE_CA_FILE: file })).toThrow(
      /FAULTLINE_STORE_CA_FILE cannot be read/,
    );
  });

  it('FAULTLINE_RETENTION_DAYS sets the default class; per-class variables override', () => {
    const { retention } = parseStoreConfig({
      FAULTLINE_RETENTION_DAYS: '60',
      FAULTLINE_RETENTION_DEBUG_DAYS: '3',
    });
    expect(retention).toMatchObject({ default: 60, debug: 3, security: 365 });
  });

  it.each([
    [{ FAULTLINE_OPENSEARCH_URL: 'localhost:9200' }, 'FAULTLINE_OPENSEARCH_URL'],
    [{ FAULTLINE_ELASTICSEARCH_URL: 'ftp://x' }, 'FAULTLINE_ELASTICSEARCH_URL'],
    [
      { FAULTLINE_ELASTICSEARCH_URL: 'http://a', FAULTLINE_OPENSEARCH_URL: 'http://b' },
      'FAULTLINE_OPENSEARCH_URL',
    ],
    [{ FAULTLINE_STORE_NAMESPACE: 'Has-Dash' }, 'FAULTLINE_STORE_NAMESPACE'],
    [{ FAULTLINE_RETENTION_DAYS: 'ninety' }, 'FAULTLINE_RETENTION_DAYS'],
    [{ FAULTLINE_RETENTION_AUDIT_DAYS: '0' }, 'FAULTLINE_RETENTION_AUDIT_DAYS'],
  ])('%j → a ConfigError naming %s', (env, variable) => {
    let error: unknown;
    try {
      parseStoreConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
  });
});
