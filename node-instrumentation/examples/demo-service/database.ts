// An in-memory "database" whose queries take time and sometimes time out,
// the way a real pool does under load.
import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseTimeoutError } from './errors.ts';

const QUERY_TIMEOUT_MS = 250;

export interface Customer {
  id: string;
  name: string;
  address?: { city: string; country: string };
}

export interface Order {
  id: string;
  customerId: string;
  sku: string;
  quantity: number;
  totalCents: number;
}

export interface StockItem {
  sku: string;
  name: string;
  available: number;
  priceCents: number;
  /** How long a query for this item takes: the warehouse sync makes some slow. */
  latencyMs: number;
}

const customers = new Map<string, Customer>([
  ['c-1', { id: 'c-1', name: 'Ada', address: { city: 'Lyon', country: 'FR' } }],
  ['c-2', { id: 'c-2', name: 'Brian' }], // signed up without an address
  ['c-3', { id: 'c-3', name: 'Chidi', address: { city: 'Porto', country: 'PT' } }],
]);

const stock = new Map<string, StockItem>([
  ['SKU-MUG', { sku: 'SKU-MUG', name: 'Mug', available: 40, priceCents: 1200, latencyMs: 5 }],
  ['SKU-TEE', { sku: 'SKU-TEE', name: 'T-shirt', available: 12, priceCents: 2500, latencyMs: 10 }],
  ['SKU-LAMP', { sku: 'SKU-LAMP', name: 'Lamp', available: 3, priceCents: 8900, latencyMs: 400 }],
]);

const orders = new Map<string, Order>([
  ['o-100', { id: 'o-100', customerId: 'c-1', sku: 'SKU-MUG', quantity: 2, totalCents: 2400 }],
  ['o-101', { id: 'o-101', customerId: 'c-2', sku: 'SKU-TEE', quantity: 1, totalCents: 2500 }],
  ['o-102', { id: 'o-102', customerId: 'c-3', sku: 'SKU-LAMP', quantity: 1, totalCents: 8900 }],
]);

let nextOrder = 200;

async function query<T>(description: string, latencyMs: number, run: () => T): Promise<T> {
  if (latencyMs > QUERY_TIMEOUT_MS) {
    await sleep(QUERY_TIMEOUT_MS);
    throw new DatabaseTimeoutError(description, QUERY_TIMEOUT_MS);
  }
  await sleep(latencyMs);
  return run();
}

export const db = {
  findOrder: (id: string) =>
    query(`SELECT * FROM orders WHERE id = '${id}'`, 3, () => orders.get(id)),
  findCustomer: (id: string) =>
    query(`SELECT * FROM customers WHERE id = '${id}'`, 3, () => customers.get(id)),
  listStock: () => query('SELECT * FROM stock', 8, () => [...stock.values()]),
  findStock(sku: string) {
    const latency = stock.get(sku)?.latencyMs ?? 5;
    return query(`SELECT * FROM stock WHERE sku = '${sku}'`, latency, () => stock.get(sku));
  },
  insertOrder: (order: Omit<Order, 'id'>) =>
    query('INSERT INTO orders …', 6, () => {
      const created = { ...order, id: `o-${nextOrder++}` };
      orders.set(created.id, created);
      return created;
    }),
};
