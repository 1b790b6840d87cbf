// An unmodified Express app in ESM: no line of Faultline in it. The tests
// start it with `node --import @faultline/node/register`. Express 5, or the
// Express package in the directory FIXTURE_EXPRESS names (Express 4).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const { default: express } = await import(
  process.env.FIXTURE_EXPRESS
    ? pathToFileURL(join(process.env.FIXTURE_EXPRESS, 'index.js')).href
    : 'express'
);

const app = express();
app.get('/ok', (_req, res) => {
  res.json({ ok: true });
});
app.get('/orders/:id/fail', () => {
  throw new Error('unmodified app route failed');
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
