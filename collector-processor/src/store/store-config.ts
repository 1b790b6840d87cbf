import { readFileSync } from 'node:fs';
import { ConfigError, type Env } from '../config.ts';
import { NAMESPACE_PATTERN } from './search/layout.ts';
import {
  RETENTION_CLASSES,
  defaultRetentionDays,
  type RetentionClass,
  type RetentionDays,
} from './retention.ts';

/**
 * Which store the processor uses, read from the environment once.
 * FAULTLINE_ELASTICSEARCH_URL or FAULTLINE_OPENSEARCH_URL selects a search
 * engine; otherwise the embedded SQLite file in the data dir.
 */
export interface StoreConfig {
  readonly backend: 'sqlite' | 'opensearch' | 'elasticsearch';
  /** The cluster URL (search engines only). */
  readonly url?: string;
  readonly apiKey?: string;
  readonly username?: string;
  readonly password?: string;
  /** PEM of the CA that signed the cluster's certificate, read from FAULTLINE_STORE_CA_FILE. */
  readonly ca?: string;
  /** The `<namespace>` of data streams and indices. */
  readonly namespace: string;
  /** Days each retention class is kept. */
  readonly retention: RetentionDays;
}

function positiveDays(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1)) {
    throw new ConfigError(
      name,
      `${name} must be a whole number of days ≥ 1, got ${JSON.stringify(env[name])}`,
    );
  }
  return value;
}

function url(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) {
    throw new ConfigError(
      name,
      `${name} must be an http(s) URL such as http://localhost:9200, got ${JSON.stringify(raw)}`,
    );
  }
  return raw.replace(/\/+$/, '');
}

export function parseStoreConfig(env: Env): StoreConfig {
  const elasticsearch = url(env, 'FAULTLINE_ELASTICSEARCH_URL');
  const opensearch = url(env, 'FAULTLINE_OPENSEARCH_URL');
  if (elasticsearch && opensearch) {
    throw new ConfigError(
      'FAULTLINE_OPENSEARCH_URL',
      'set FAULTLINE_ELASTICSEARCH_URL or FAULTLINE_OPENSEARCH_URL, not both',
    );
  }
  const namespace = env.FAULTLINE_STORE_NAMESPACE?.trim() || 'default';
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new ConfigError(
      'FAULTLINE_STORE_NAMESPACE',
      `FAULTLINE_STORE_NAMESPACE must be 1–60 lower-case letters, digits or underscores, got ${JSON.stringify(namespace)}`,
    );
  }
  const caFile = env.FAULTLINE_STORE_CA_FILE?.trim();
  let ca: string | undefined;
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (error) {
      throw new ConfigError(
        'FAULTLINE_STORE_CA_FILE',
        `FAULTLINE_STORE_CA_FILE cannot be read: ${(error as Error).message}`,
      );
    }
  }
  const defaults = defaultRetentionDays(positiveDays(env, 'FAULTLINE_RETENTION_DAYS', 90));
  const retention = Object.fromEntries(
    RETENTION_CLASSES.map((cls) => [
      cls,
      cls === 'default'
        ? defaults.default
        : positiveDays(env, `FAULTLINE_RETENTION_${cls.toUpperCase()}_DAYS`, defaults[cls]),
    ]),
  ) as Record<RetentionClass, number>;
  const secret = (name: string) => env[name] || undefined;
  return Object.freeze({
    backend: elasticsearch ? 'elasticsearch' : opensearch ? 'opensearch' : 'sqlite',
    ...(elasticsearch || opensearch ? { url: elasticsearch ?? opensearch } : {}),
    ...(secret('FAULTLINE_STORE_API_KEY') ? { apiKey: secret('FAULTLINE_STORE_API_KEY') } : {}),
    ...(secret('FAULTLINE_STORE_USERNAME') ? { username: secret('FAULTLINE_STORE_USERNAME') } : {}),
    ...(secret('FAULTLINE_STORE_PASSWORD') ? { password: secret('FAULTLINE_STORE_PASSWORD') } : {}),
    ...(ca ? { ca } : {}),
    namespace,
    retention: Object.freeze(retention),
  });
}
