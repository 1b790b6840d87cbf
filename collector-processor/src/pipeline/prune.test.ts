import { describe, expect, it } from 'vitest';
import { prune } from './prune.ts';

describe('prune', () => {
  it('drops undefined values and objects left empty, at any depth; keeps arrays, null and falsy values', () => {
    const input = {
      a: undefined,
      b: { c: undefined, d: { e: undefined } },
      f: { g: 0, h: '', i: false, j: null },
      k: [undefined, {}],
      l: 'x',
    };
    expect(prune(input)).toEqual({
      f: { g: 0, h: '', i: false, j: null },
      k: [undefined, {}],
      l: 'x',
    });
    expect(Object.keys(prune(input))).toEqual(['f', 'k', 'l']);
  });

  it('gives an empty object for a wholly empty one, and leaves non-objects alone', () => {
    expect(prune({ a: { b: undefined } })).toEqual({});
    expect(prune('x')).toBe('x');
    const list = [1];
    expect(prune(list)).toBe(list);
  });
});
