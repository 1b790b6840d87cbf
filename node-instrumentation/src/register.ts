// Entry for `node --import @faultline/node/register app.js`: installs the
// ESM loader hook that lets instrumentations patch `import`ed modules (such
// as express in an ESM app), then starts telemetry from OTEL_* variables.
// It must run before the application's own modules load, hence `--import`.
// (`node -r @faultline/node/register` loads register-cjs.cts instead.)
import { register } from 'node:module';
import { describeError } from './handle.ts';
import { startFromEnvironment } from './start-from-env.ts';
import { warnOnce } from './warn.ts';

try {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
} catch (error) {
  warnOnce(
    'FAULTLINE_HOOK_FAILED',
    `@faultline/node: the ESM loader hook could not be installed (${describeError(error)}); ` +
      'modules loaded with import will not be instrumented',
  );
}

startFromEnvironment();
