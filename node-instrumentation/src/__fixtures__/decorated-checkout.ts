// A class using @logAction as TypeScript 5 standard decorators. Node cannot
// run decorators yet, so event-api.test.ts compiles this file with the
// TypeScript compiler, as an application's build would, and passes the real
// logAction in (the file imports nothing, so it runs from a temporary folder).
import type { logAction as LogAction } from '../index.ts';

export class PaymentDeclined extends Error {
  override name = 'PaymentDeclined';
}

export function defineCheckout(logAction: typeof LogAction) {
  class Checkout {
    prefix: string;
    constructor(prefix: string) {
      this.prefix = prefix;
    }

    @logAction('checkout.sync', 'synchronous checkout')
    placeSync(n: number): string {
      return `${this.prefix}-${n}`;
    }

    @logAction('checkout.async', 'asynchronous checkout', 'DEBUG')
    async placeAsync(n: number): Promise<string> {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return `${this.prefix}-${n}`;
    }

    @logAction('checkout.failsync', 'failing sync checkout')
    failSync(): never {
      throw new PaymentDeclined('decorated sync failure');
    }

    @logAction('checkout.failasync', 'failing async checkout')
    async failAsync(): Promise<never> {
      await Promise.resolve();
      throw new PaymentDeclined('decorated async failure');
    }
  }
  return Checkout;
}
