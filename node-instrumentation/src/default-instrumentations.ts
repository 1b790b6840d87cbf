// The instrumentations @faultline/node starts by default, beside http and
// express. Each is loaded on its own: one that fails to load (a broken
// install) is left out with a warning instead of taking telemetry down.
import { createRequire } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { describeError } from './handle.ts';
import { warnOnce } from './warn.ts';

const requireHere = createRequire(import.meta.url);

/** Names accepted by FAULTLINE_INSTRUMENTATIONS / FAULTLINE_DISABLED_INSTRUMENTATIONS. */
export const OPTIONAL_INSTRUMENTATIONS = {
  undici: ['@opentelemetry/instrumentation-undici', 'UndiciInstrumentation'],
  pg: ['@opentelemetry/instrumentation-pg', 'PgInstrumentation'],
  mysql2: ['@opentelemetry/instrumentation-mysql2', 'MySQL2Instrumentation'],
  ioredis: ['@opentelemetry/instrumentation-ioredis', 'IORedisInstrumentation'],
  redis: ['@opentelemetry/instrumentation-redis', 'RedisInstrumentation'],
  mongodb: ['@opentelemetry/instrumentation-mongodb', 'MongoDBInstrumentation'],
} as const;

export type OptionalInstrumentationName = keyof typeof OPTIONAL_INSTRUMENTATIONS;

export function loadOptionalInstrumentations(
  names: readonly OptionalInstrumentationName[],
): Instrumentation[] {
  const loaded: Instrumentation[] = [];
  for (const name of names) {
    const [pkg, className] = OPTIONAL_INSTRUMENTATIONS[name];
    try {
      const module = requireHere(pkg) as Record<string, new () => Instrumentation>;
      loaded.push(new module[className]!());
    } catch (error) {
      warnOnce(
        `FAULTLINE_INSTRUMENTATION_${name.toUpperCase()}`,
        `@faultline/node: the ${name} instrumentation could not be loaded (${describeError(error)}); it is left out`,
      );
    }
  }
  return loaded;
}
