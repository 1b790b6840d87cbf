import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_MS, generationsToAsk } from './rollover-dedup.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');
const generations = [
  { index: 'g1', createdMs: T0 },
  { index: 'g2', createdMs: T0 + 30 * DAY },
  { index: 'g3', createdMs: T0 + 60 * DAY },
];

describe('generationsToAsk', () => {
  it('asks nothing for the first generation, or for an index it does not know', () => {
    expect(generationsToAsk(generations, 'g1', T0)).toEqual([]);
    expect(generationsToAsk(generations, 'other', T0)).toEqual([]);
  });

  it('asks no generation that stopped taking writes before the event happened', () => {
    expect(generationsToAsk(generations, 'g3', T0 + 61 * DAY)).toEqual([]);
  });

  it('asks each older generation still taking writes when the event happened', () => {
    expect(generationsToAsk(generations, 'g3', T0 + 45 * DAY)).toEqual(['g2']);
    expect(generationsToAsk(generations, 'g3', T0 + DAY)).toEqual(['g1', 'g2']);
  });

  it('allows for an event clock running ahead of the cluster', () => {
    const justAfter = T0 + 60 * DAY + CLOCK_SKEW_MS - 1;
    expect(generationsToAsk(generations, 'g3', justAfter)).toEqual(['g2']);
    expect(generationsToAsk(generations, 'g3', justAfter + 2)).toEqual([]);
  });
});
