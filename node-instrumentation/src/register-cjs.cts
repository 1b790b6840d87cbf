// Entry for `node -r @faultline/node/register app.js` (CommonJS apps). It
// installs no ESM loader hook: CommonJS modules are patched when required,
// and with the hook's thread in place Node 22 fails every later require() of
// an ES module (the hook cannot answer synchronous resolution).
import type * as StartFromEnv from './start-from-env.ts';

// A CommonJS file under verbatimModuleSyntax: require() of the ES module, as written.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startFromEnvironment } = require('./start-from-env.js') as typeof StartFromEnv;

startFromEnvironment();
