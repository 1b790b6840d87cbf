import { Router } from 'express';
import { logSecurityEvent } from '@faultline/node';
import { PaymentDeclinedError, ValidationError } from '../errors.ts';

// Test card numbers, as payment providers publish them, and how they answer.
const DECLINES: Record<string, string> = {
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
  '4000000000000069': 'expired_card',
};

export function paymentsRouter(): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const { card, amountCents } = (req.body ?? {}) as { card?: unknown; amountCents?: unknown };
    if (typeof card !== 'string' || !/^\d{16}$/.test(card)) {
      throw new ValidationError('card', 'card must be 16 digits');
    }
    if (typeof amountCents !== 'number' || amountCents <= 0) {
      throw new ValidationError('amountCents', 'amountCents must be a positive number');
    }
    const decline = DECLINES[card];
    if (decline === 'card_declined') {
      // Repeated declines are how card testing shows up: a security signal too.
      logSecurityEvent({
        eventType: 'payment.card_declined',
        description: `card ending ${card.slice(-4)} declined`,
        level: 'medium',
        category: 'fraud',
        impact: 'possible card testing',
        details: { amountCents },
      });
    }
    if (decline) throw new PaymentDeclinedError(decline, amountCents);
    res.status(201).json({ paymentId: `pay_${Date.now().toString(36)}`, amountCents });
  });

  return router;
}
