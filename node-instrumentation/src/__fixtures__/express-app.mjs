// An Express app in ESM (5, or 4 with FIXTURE_EXPRESS), run as a child process by the tests. With
// FIXTURE_START=init it starts telemetry itself through init() and loads
// express afterwards (dynamic import); with FIXTURE_START=register it relies
// on `node --import @faultline/node/register` and imports express statically.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorHandler, init } from '@faultline/node';
import { routes } from './express-routes.mjs';

const start = process.env.FIXTURE_START ?? 'register';
const handle =
  start === 'init'
    ? init({ serviceName: process.env.FIXTURE_SERVICE ?? 'fixture-esm', serviceVersion: '1.2.3' })
    : init();

// FIXTURE_EXPRESS: the directory of another Express package (Express 4).
const { default: express } = await import(
  process.env.FIXTURE_EXPRESS
    ? pathToFileURL(join(process.env.FIXTURE_EXPRESS, 'index.js')).href
    : 'express'
);
const app = express();
routes(app, handle);
if (process.env.FIXTURE_ERROR_HANDLER === '1') app.use(errorHandler());
// Answer errors as JSON so the test sees the app's own behaviour is unchanged.
app.use((error, _req, res, _next) => {
  res.status(500).json({ error: error.message });
});
const server = app.listen(Number(process.env.FIXTURE_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
