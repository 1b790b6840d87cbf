// Prints V8 stack traces for the node fixtures: an ESM module (file:// URLs),
// a dependency under node_modules, a constructor, an async function and eval.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const orm = require('./node_modules/fake-orm/index.js');

class OrderService {
  constructor(id) {
    if (!id) throw new TypeError('order id is required');
  }
}

function loadOrder() {
  return orm.query(() => new OrderService(undefined));
}

async function checkout() {
  await Promise.resolve();
  loadOrder();
}

const print = (name, error) => console.log(`----- ${name}\n${error.stack}`);

try {
  loadOrder();
} catch (error) {
  print('constructor', error);
}

try {
  await checkout();
} catch (error) {
  print('async', error);
}

try {
  eval('(function evaluated() { null.total; })()');
} catch (error) {
  print('eval', error);
}

try {
  JSON.parse('{');
} catch (error) {
  print('internal', error);
}
