import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultlineMergedKeys, loadLoghub } from '../../eval/loghub.ts';
import { groupingAccuracy } from '../../eval/metrics.ts';

// The Loghub samples live outside the repository (../shared/data); a clone without them skips.
const dir =
  process.env.FAULTLINE_LOGHUB_DIR ??
  join(resolve(import.meta.dirname, '..', '..', '..'), '..', 'shared', 'data', 'loghub-2k');
const systems = loadLoghub(dir);
if (systems.length === 0) console.log(`grouping Loghub check skipped: no data at ${dir}`);

describe('grouping quality on Loghub (a guard against regressions; numbers in docs/grouping.md)', () => {
  it.skipIf(systems.length === 0)(
    'keeps every system at GA ≥ 0.85 and the average ≥ 0.95, with the automatic merges the processor makes',
    async () => {
      const ga: number[] = [];
      for (const s of systems)
        ga.push(groupingAccuracy(s.truth, await faultlineMergedKeys(s.lines)));
      for (const [i, s] of systems.entries()) expect(ga[i], s.name).toBeGreaterThanOrEqual(0.85);
      expect(ga.reduce((a, b) => a + b, 0) / ga.length).toBeGreaterThanOrEqual(0.95);
    },
  );
});
