// An Express 5 app using the event API, started with
// `node --import @faultline/node/register`. Routes exercise request and user
// context, uncaught errors, debug sessions across services and export failures.
import express from 'express';
import {
  captureException,
  captureMessage,
  exportCounters,
  init,
  setUser,
  startDebugSession,
} from '@faultline/node';

const handle = init();
const app = express();
if (process.env.FIXTURE_TRUST_PROXY === '1') app.set('trust proxy', true);
app.use(express.json());

// Like an auth middleware: a known caller becomes req.user.
app.use((req, _res, next) => {
  const caller = req.get('x-fixture-user');
  if (caller) req.user = { id: caller, username: `name-of-${caller}` };
  next();
});

app.get('/ok', (_req, res) => {
  res.json({ ok: true });
});
app.get('/orders/:id/fail', () => {
  throw new Error('order route failed');
});
app.get('/users/:id/profile', async (req, res) => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  setUser({ id: req.params.id, username: 'carol' });
  await new Promise((resolve) => setTimeout(resolve, 5));
  captureMessage(`profile viewed ${req.params.id}`, 'INFO');
  res.json({ ok: true });
});
app.post('/login', (req, res) => {
  captureException(new Error('login rejected'), { context: { attempt: 1 } });
  res.status(401).json({ ok: false });
});
app.get('/crash', (_req, res) => {
  res.json({ crashing: true });
  setTimeout(() => {
    throw new TypeError('crash in a timer');
  }, 10);
});
app.get('/reject', (_req, res) => {
  res.json({ rejecting: true });
  setTimeout(() => {
    void Promise.reject(new RangeError('nobody caught this rejection'));
  }, 10);
});
// Service A of the debug-session test: starts a session and calls service B in it.
app.get('/session/call', async (req, res) => {
  const session = startDebugSession({ name: 'cross-service', kind: 'debugging' });
  const answer = await session.run(async () => {
    captureMessage('session step in A');
    const response = await fetch(`${req.query.target}/session/work`);
    return response.json();
  });
  session.end();
  res.json({ sessionId: session.id, answer });
});
// Service B: does its work, knowing nothing about sessions.
app.get('/session/work', (_req, res) => {
  captureMessage('session step in B');
  res.json({ done: true });
});
// Whether the express instrumentation's layer wrapper ran for this request
// (it keeps its layer stack on the request).
app.get('/__express-instrumented', (req, res) => {
  res.json({ instrumented: '__ot_middlewares' in req });
});
app.get('/__stats', (_req, res) => {
  res.json(exportCounters);
});
app.post('/__flush', async (_req, res) => {
  await handle.flush();
  res.json({ flushed: true });
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
