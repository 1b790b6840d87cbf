/* eslint-disable @typescript-eslint/no-require-imports -- this fixture is a CommonJS app on purpose */
// An unmodified Express app in CommonJS, started with `node -r @faultline/node/register`.
// Express 5, or the Express package in the directory FIXTURE_EXPRESS names (Express 4).
const express = require(process.env.FIXTURE_EXPRESS ?? 'express');

const app = express();
app.get('/ok', (_req, res) => {
  res.json({ ok: true });
});
app.get('/orders/:id/fail', () => {
  throw new Error('unmodified cjs route failed');
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
