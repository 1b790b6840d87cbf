import express, { type ErrorRequestHandler, type Express } from 'express';
import { errorHandler } from '@faultline/node';
import { statusOf } from './errors.ts';
import { inventoryRouter } from './routes/inventory.ts';
import { ordersRouter } from './routes/orders.ts';
import { paymentsRouter } from './routes/payments.ts';

export function createShopApp(): Express {
  const app = express();
  app.use('/orders/import', express.text({ type: '*/*' }));
  app.use(express.json());

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/orders', ordersRouter());
  app.use('/payments', paymentsRouter());
  app.use('/inventory', inventoryRouter());

  // Faultline first, so it sees the error before the shop answers it.
  app.use(errorHandler());
  app.use(answerWithJson);
  return app;
}

const answerWithJson: ErrorRequestHandler = (error, _req, res, _next) => {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  res.status(status).json({ error: { status, message } });
};
