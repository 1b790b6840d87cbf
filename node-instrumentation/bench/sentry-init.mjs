// Preloaded with --import for the Sentry variant, as Sentry documents for ESM
// apps. Traces sampled at 10 %, like @faultline/node's default.
import * as Sentry from '@sentry/node';

Sentry.init({ dsn: process.env.BENCH_SENTRY_DSN, tracesSampleRate: 0.1 });
