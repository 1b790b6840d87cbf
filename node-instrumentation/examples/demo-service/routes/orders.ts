import { Router } from 'express';
import { setUser, withAction } from '@faultline/node';
import { db } from '../database.ts';
import { NotFoundError, ValidationError } from '../errors.ts';

interface OrderRequest {
  customerId?: unknown;
  sku?: unknown;
  quantity?: unknown;
}

export function ordersRouter(): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const body = (req.body ?? {}) as OrderRequest;
    if (typeof body.customerId !== 'string') {
      throw new ValidationError('customerId', 'customerId is required');
    }
    // Every later event of this request names the customer.
    setUser({ id: body.customerId });
    if (!Number.isInteger(body.quantity) || (body.quantity as number) < 1) {
      throw new ValidationError(
        'quantity',
        `quantity must be a positive integer, got ${String(body.quantity)}`,
      );
    }
    const item = await db.findStock(String(body.sku));
    if (!item) throw new NotFoundError(`unknown sku ${String(body.sku)}`);
    const quantity = body.quantity as number;
    // Timed and reported as a USER_ACTION event (duration, CPU, heap).
    const placeOrder = withAction(db.insertOrder.bind(db), {
      action: 'order.place',
      description: 'Customer places an order',
      module: 'orders',
    });
    const order = await placeOrder({
      customerId: body.customerId,
      sku: item.sku,
      quantity,
      totalCents: quantity * item.priceCents,
    });
    res.status(201).json(order);
  });

  // Partners upload orders as a raw JSON document; a truncated upload makes
  // JSON.parse throw a SyntaxError right here.
  router.post('/import', async (req, res) => {
    const raw = typeof req.body === 'string' ? req.body : '';
    const parsed = JSON.parse(raw) as { orders: OrderRequest[] };
    res.status(202).json({ accepted: parsed.orders.length });
  });

  // Customers who never entered an address make `customer.address.city`
  // a TypeError: reading a property of undefined.
  router.get('/:id/shipping-label', async (req, res) => {
    const order = await db.findOrder(req.params.id);
    if (!order) throw new NotFoundError(`order ${req.params.id} not found`);
    const customer = await db.findCustomer(order.customerId);
    const label = `${customer!.name}, ${customer!.address!.city} (${customer!.address!.country})`;
    res.json({ order: order.id, label });
  });

  return router;
}
