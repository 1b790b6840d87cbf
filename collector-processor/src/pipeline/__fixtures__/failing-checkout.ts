/**
 * Application code for the exporter acceptance test: it fails the way a real
 * handler does, so the recorded exception carries a real V8 stack.
 */
export interface Cart {
  readonly items?: readonly { readonly price: number }[];
}

export function totalOf(cart: Cart): number {
  if (!cart.items) throw new TypeError('cart has no items (ORDER-4711)');
  return cart.items.reduce((sum, item) => sum + item.price, 0);
}

export function checkout(cart: Cart): number {
  return [cart].map(totalOf)[0]!;
}
