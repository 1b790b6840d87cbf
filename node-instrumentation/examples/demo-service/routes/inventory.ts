import { setTimeout as sleep } from 'node:timers/promises';
import { Router } from 'express';
import { logPerformanceMetric } from '@faultline/node';
import { db } from '../database.ts';
import { NotFoundError } from '../errors.ts';

export function inventoryRouter(): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.json(await db.listStock());
  });

  // SKU-LAMP lives in the slow warehouse: its query runs into the timeout.
  router.get('/:sku', async (req, res) => {
    const item = await db.findStock(req.params.sku);
    if (!item) throw new NotFoundError(`unknown sku ${req.params.sku}`);
    res.json(item);
  });

  // Succeeds, but slowly: a report that scans everything.
  router.get('/reports/valuation', async (_req, res) => {
    const started = performance.now();
    const items = await db.listStock();
    await sleep(900 + Math.floor(Math.random() * 600));
    const totalCents = items.reduce((sum, item) => sum + item.available * item.priceCents, 0);
    logPerformanceMetric({
      module: 'inventory',
      function: 'valuationReport',
      executionTime: performance.now() - started,
      tags: ['report'],
      object: { type: 'Report', id: 'valuation' },
    });
    res.json({ items: items.length, totalCents });
  });

  return router;
}
