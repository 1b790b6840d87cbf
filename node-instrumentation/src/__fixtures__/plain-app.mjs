// An unmodified Express 5 app in ESM: no line of Faultline in it. The tests
// start it with `node --import @faultline/node/register`.
import express from 'express';

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
