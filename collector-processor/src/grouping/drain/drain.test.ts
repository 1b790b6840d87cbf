import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proposeMerges, similarPatterns } from './merge.ts';
import { DrainTree } from './tree.ts';

const tok = (s: string) => s.split(' ');

describe('DrainTree', () => {
  it('groups messages of one template and generalises the differing token', () => {
    const tree = new DrainTree();
    const a = tree.add(tok('Invalid user admin from <*>'));
    const b = tree.add(tok('Invalid user oracle from <*>'));
    expect(b.id).toBe(a.id);
    expect(b.template.join(' ')).toBe('Invalid user <*> from <*>');
    expect(b.size).toBe(2);
  });

  it('keeps templates apart below the similarity threshold and across lengths', () => {
    const tree = new DrainTree({ similarity: 0.9 });
    const a = tree.add(tok('Invalid user admin from <*>'));
    expect(tree.add(tok('Invalid user oracle from <*>')).id).not.toBe(a.id);
    expect(tree.add(tok('Invalid user admin')).id).not.toBe(a.id);
  });

  it('routes through the wildcard child once a node has maxChildren children', () => {
    // One slot for a token, the last one kept for the wildcard (as Drain does).
    const tree = new DrainTree({ depth: 3, maxChildren: 2 });
    const alpha = tree.add(tok('alpha x'));
    const beta = tree.add(tok('beta x'));
    expect(beta.id).not.toBe(alpha.id);
    expect(tree.add(tok('gamma x')).id).toBe(beta.id);
    expect(tree.add(tok('alpha y')).id).toBe(alpha.id);
  });

  it('rejects impossible options', () => {
    expect(() => new DrainTree({ depth: 2 })).toThrow(RangeError);
    expect(() => new DrainTree({ similarity: 1.5 })).toThrow(RangeError);
    expect(() => new DrainTree({ maxChildren: 1 })).toThrow(RangeError);
  });
});

const patterns = [
  { key: 'k1', template: 'Failed password for root from <*> port <*>' },
  { key: 'k2', template: 'Failed password for admin from <*> port <*>' },
  { key: 'k3', template: 'Failed password for oracle from <*> port <*>' },
  { key: 'k4', template: 'Service started on port <*>' },
  { key: 'k5', template: 'Service stopped on port <*>' },
];

describe('proposeMerges', () => {
  it('proposes patterns that differ in one position taking many values, into the smallest key', () => {
    expect(proposeMerges(patterns)).toEqual([
      {
        into: 'k1',
        keys: ['k1', 'k2', 'k3'],
        template: 'Failed password for <*> from <*> port <*>',
      },
    ]);
  });

  it('leaves two-valued positions alone (started / stopped are two meanings)', () => {
    const keys = proposeMerges(patterns).flatMap((p) => p.keys);
    expect(keys).not.toContain('k4');
  });

  it('is the same whatever order the patterns come in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(patterns, { minLength: patterns.length }), (shuffled) => {
        expect(proposeMerges(shuffled)).toEqual(proposeMerges(patterns));
      }),
      { numRuns: 30 },
    );
  });
  it('merges only within one scope (family, error type)', () => {
    const scoped = patterns.map((p) => ({
      ...p,
      scope: p.key === 'k3' ? 'message AuthError' : '',
    }));
    expect(proposeMerges(scoped)).toEqual([]);
    const four = [
      ...scoped,
      { key: 'k0', template: 'Failed password for guest from <*> port <*>' },
    ];
    expect(proposeMerges(four).map((p) => p.keys)).toEqual([['k0', 'k1', 'k2']]);
  });
});

describe('similarPatterns', () => {
  it('lists patterns above the threshold, most similar first', () => {
    const found = similarPatterns('Service started on port <*>', patterns, 0.5);
    expect(found.map((f) => f.key)).toEqual(['k4', 'k5']);
    expect(found[0]!.score).toBeGreaterThan(found[1]!.score);
  });
});
