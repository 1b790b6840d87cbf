import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { bcubed, groupingAccuracy, pairwise } from './metrics.ts';

// truth: A A A B B; predicted: x x y z z
const truth = ['A', 'A', 'A', 'B', 'B'];
const predicted = ['x', 'x', 'y', 'z', 'z'];

describe('evaluation metrics', () => {
  it('grouping accuracy counts only lines whose predicted group is exactly their true group', () => {
    expect(groupingAccuracy(truth, predicted)).toBeCloseTo(2 / 5);
    expect(groupingAccuracy(truth, ['p', 'p', 'p', 'q', 'q'])).toBe(1);
    expect(groupingAccuracy(truth, ['p', 'p', 'p', 'p', 'p'])).toBe(0);
  });

  it('pairwise: 2 predicted pairs, both true; 4 true pairs', () => {
    const s = pairwise(truth, predicted);
    expect(s.precision).toBe(1);
    expect(s.recall).toBeCloseTo(2 / 4);
    expect(s.f1).toBeCloseTo(2 / 3);
  });

  it('BCubed averages per item', () => {
    const s = bcubed(truth, predicted);
    expect(s.precision).toBe(1);
    // A items: 2/3, 2/3, 1/3; B items: 1, 1 → 11/15
    expect(s.recall).toBeCloseTo(11 / 15);
  });

  it('reads quoted CSV fields with commas, doubled quotes and newlines', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi""\nthere"\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
    ]);
  });
});
