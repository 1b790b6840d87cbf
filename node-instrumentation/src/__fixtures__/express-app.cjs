/* eslint-disable @typescript-eslint/no-require-imports -- this fixture is a CommonJS app on purpose */
// The same Express 5 app in CommonJS: init() before require('express').
const { errorHandler, init } = require('@faultline/node');

const handle = init({ serviceName: process.env.FIXTURE_SERVICE ?? 'fixture-cjs' });
const express = require('express');

const app = express();
// require(esm): shared routes live in an ES module.
require('./express-routes.mjs').routes(app, handle);
if (process.env.FIXTURE_ERROR_HANDLER === '1') app.use(errorHandler());
app.use((error, _req, res, _next) => {
  res.status(500).json({ error: error.message });
});
const server = app.listen(Number(process.env.FIXTURE_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
