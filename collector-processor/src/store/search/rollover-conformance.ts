import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleEvent } from '../conformance.ts';
import type { SearchEngineStore } from './search-store.ts';

/**
 * What the search backends promise beyond the shared suite: writes stay
 * idempotent by id after a data stream rolls over (see rollover-dedup.ts).
 * Run against each engine with a fresh namespace and a way to roll a stream
 * over, as an operator or the lifecycle policy would.
 */
export interface RolloverHarness {
  readonly store: SearchEngineStore;
  rollover(stream: string): Promise<void>;
  cleanup(): Promise<void>;
}

export function describeRolloverReplay(name: string, open: () => Promise<RolloverHarness>) {
  describe(`${name}: writes after a rollover`, () => {
    let harness: RolloverHarness;
    beforeEach(async () => {
      harness = await open();
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
    const total = async () => {
      await harness.store.refresh();
      return (await harness.store.searchEvents({ limit: 10 })).total.value;
    };

    it('a batch written again after its stream rolled over is stored once', async () => {
      const { store } = harness;
      const batch = [sampleEvent('r1', at(60_000)), sampleEvent('r2', at(2 * 86_400_000))];
      expect((await store.writeEvents(batch)).inserted).toBe(2);
      await harness.rollover(store.layout.streamOf(batch[0]!));

      const fresh = sampleEvent('r3', at(0));
      expect(await store.writeEvents([...batch, fresh])).toEqual({
        inserted: 1,
        insertedIds: ['r3'],
        failed: [],
      });
      expect(await total()).toBe(3);
      // Written a third time: still once, the copies found before stay deleted.
      expect((await store.writeEvents(batch)).inserted).toBe(0);
      expect(await total()).toBe(3);
      expect((await store.getEvent('r1'))?.message).toBe('event r1');
    });
  });
}
