export class FixtureFailure extends Error {
  name = 'FixtureFailure';
}

export function routes(app, handle) {
  app.get('/ok', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/orders/:id/fail', () => {
    throw new FixtureFailure('order lookup exploded');
  });
  app.get('/async/:id/fail', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw new FixtureFailure('async handler rejected');
  });
  app.post('/__flush', async (_req, res) => {
    await handle.flush();
    res.json({ flushed: true });
  });
}
