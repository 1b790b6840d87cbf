import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * Bugs whose exception is thrown inside a real library or the runtime: the
 * application passes bad input to JSON.parse, fs, fetch, TypeBox, URL, zlib,
 * assert. Each function is one bug site; `v` varies the dynamic data.
 */

export function loadSettings(v: { name: string; junk: string }) {
  // Bug: parses the raw file without checking it is JSON (the message varies with the input).
  return JSON.parse(`{"name": "${v.name}", ${v.junk}`);
}

export function readReport(v: { id: string }) {
  // Bug: the report path is built from an id that was never written.
  return readFileSync(join(tmpdir(), `faultline-missing-${v.id}`, 'report.json'), 'utf8');
}

export async function fetchInventory(v: { port: number; sku: string }) {
  // Bug: the inventory service address points at a port nobody listens on.
  const res = await fetch(`http://127.0.0.1:${v.port}/inventory/${v.sku}`);
  return res.json();
}

export async function pingCache(v: { port: number }) {
  // A second, unrelated bug raising a network error to a closed port, with no application frame.
  await new Promise<void>((resolve, reject) => {
    const socket = connect(v.port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
  });
}

const Order = Type.Object({ id: Type.String(), quantity: Type.Integer({ minimum: 1 }) });

export function acceptOrder(v: { id: string; quantity: number }) {
  // Bug: quantities of zero or less reach validation from the cart page.
  Value.Assert(Order, { id: v.id, quantity: v.quantity });
}

export function parseCallback(v: { host: string }) {
  // Bug: the callback URL is stored without its scheme.
  return new URL(`${v.host}/callback`);
}

export function unpackPayload(v: { bytes: string }) {
  // Bug: the payload is base64 text, not deflate data.
  return inflateSync(Buffer.from(v.bytes));
}

export function checkTotals(v: { expected: number; actual: number }) {
  // Bug: rounding drift between two totals, caught by an assertion.
  assert.equal(v.actual, v.expected);
}

export function decodeQuery(v: { q: string }) {
  // Bug: a query string with a stray percent sign is decoded without a guard.
  return decodeURIComponent(v.q);
}

/** A port with nothing listening: bind an ephemeral port, then close it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
