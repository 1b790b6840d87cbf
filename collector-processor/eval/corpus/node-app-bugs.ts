/**
 * Hand-written bug sites, each reached through more than one call path, plus
 * the traps: the same message raised by two different bugs, and one bug
 * whose message changes with its data.
 */

export class ValidationError extends Error {
  override name = 'ValidationError';
}

interface Item {
  sku: string;
  price?: { amount: number };
}

// Bug "price-missing": an item without a price crashes the total.
function priceOf(item: Item): number {
  return item.price!.amount;
}
function lineTotal(item: Item, qty: number): number {
  return priceOf(item) * qty;
}
export function checkout(items: Item[]): number {
  return items.reduce((sum, i) => sum + lineTotal(i, 1), 0);
}
export function nightlyInvoice(items: Item[]): number {
  let total = 0;
  for (const i of items) total += lineTotal(i, 2);
  return total;
}
export function quoteForPartner(items: Item[]): number {
  return items.map((i) => lineTotal(i, 3)).reduce((a, b) => a + b, 0);
}

// Bug "customer-missing": the same TypeError text shape as another bug (reading 'amount' vs 'id').
interface Order {
  customer?: { id: string };
}
export function shippingLabel(order: Order): string {
  return `label for ${order.customer!.id}`;
}
export function loyaltyPoints(order: Order): string {
  return `points for ${order.customer!.id}`;
}

// Two bugs, one helper, one message: "amount must be positive: <n>" (trap: same message, two bugs).
function assertPositive(amount: number): void {
  if (!(amount > 0)) throw new RangeError(`amount must be positive: ${amount}`);
}
export function refund(amount: number): void {
  // Bug "refund-sign": refunds arrive negative from the bank feed.
  assertPositive(amount);
}
export function charge(amount: number): void {
  // Bug "charge-zero": a free trial sends a zero charge.
  assertPositive(amount);
}

// Bug "order-not-found": one site, message carries ids and regions.
export function findOrder(id: string, region: string): never {
  throw new Error(`order ${id} not found in region ${region}`);
}
export function cancelOrder(id: string, region: string): never {
  return findOrder(id, region);
}

// Bug "signup-validation": one site, message lists whichever fields failed (same bug, different messages).
export function validateSignup(form: Record<string, string>): void {
  const problems: string[] = [];
  if (!form.email?.includes('@')) problems.push(`email "${form.email}" is not an address`);
  if ((form.password ?? '').length < 8) problems.push('password is too short');
  if (!/^\d{5}$/.test(form.zip ?? '')) problems.push(`zip ${form.zip} is not 5 digits`);
  if (problems.length > 0) throw new ValidationError(problems.join('; '));
}
export function signupFromApi(form: Record<string, string>): void {
  validateSignup(form);
}
export function signupFromImport(form: Record<string, string>): void {
  validateSignup(form);
}

// Bug "tree-cycle": recursion into a category tree with a cycle; depth varies, the bug does not.
interface Category {
  name: string;
  parent?: Category;
}
export function categoryPath(c: Category, depth = 0): string {
  if (depth > 0 && c.name === 'root-broken') throw new Error(`category cycle at depth ${depth}`);
  return c.parent ? `${categoryPath(c.parent, depth + 1)}/${c.name}` : c.name;
}

// Bug "config-missing": message from the application itself, thrown in two modules' callers.
export function requireSetting(name: string, env: Record<string, string | undefined>): string {
  const value = env[name];
  if (value === undefined) throw new Error(`missing setting ${name}`);
  return value;
}
export function connectMailer(env: Record<string, string | undefined>): string {
  // Bug "mailer-config": the mailer reads a setting that deployments never set.
  return requireSetting(`MAIL_${'HOST'}`, env);
}
export function connectQueue(env: Record<string, string | undefined>): string {
  // Bug "queue-config": the queue reads another unset setting (same helper, same message shape).
  return requireSetting('QUEUE_URL', env);
}
