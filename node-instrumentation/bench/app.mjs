// The benchmarked Express app, the same for every variant: a route doing a
// little JSON work, one request in a hundred throwing. Only the Sentry variant
// mounts Sentry's error handler, which Sentry needs to see route errors.
import express from 'express';

const app = express();
let requests = 0;
let thrown = 0;

app.get('/work', (req, res) => {
  requests++;
  const items = Array.from({ length: 20 }, (_, i) => ({
    id: i,
    name: `item-${i}`,
    price: i * 1.5,
  }));
  const order = JSON.parse(JSON.stringify({ customer: req.query.c ?? 'anon', items }));
  if (requests % 100 === 0) {
    thrown++;
    throw new Error(`order ${requests} failed`);
  }
  res.json({ total: order.items.reduce((sum, item) => sum + item.price, 0) });
});
app.get('/__thrown', (_req, res) => {
  res.json({ thrown });
});

if (process.env.BENCH_VARIANT === 'sentry') {
  const Sentry = await import('@sentry/node');
  Sentry.setupExpressErrorHandler(app);
}
app.use((error, _req, res, _next) => {
  res.status(500).json({ error: error.message });
});

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
// Stop at once when the runner says so (the runner already waited for exports).
process.on('SIGTERM', () => process.exit(0));
