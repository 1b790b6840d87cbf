import { describe, expect, it } from 'vitest';
import { deepFreeze, TextMemo } from './memo.ts';

describe('TextMemo', () => {
  it('computes a text once while it is kept', () => {
    const memo = new TextMemo<number>({ admitEvery: 1 });
    let calls = 0;
    const length = (t: string) => (calls++, t.length);
    expect(memo.get('abc', length)).toBe(3);
    expect(memo.get('abc', length)).toBe(3);
    expect(calls).toBe(1);
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const memo = new TextMemo<string>({ maxEntries: 2, admitEvery: 1 });
    const seen: string[] = [];
    const upper = (t: string) => (seen.push(t), t.toUpperCase());
    memo.get('a', upper);
    memo.get('b', upper);
    memo.get('a', upper); // a is now the most recently used
    memo.get('c', upper); // drops b
    expect(memo.size).toBe(2);
    memo.get('a', upper);
    memo.get('b', upper);
    expect(seen).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keeps at most maxChars of text, and never a text over a tenth of it', () => {
    const memo = new TextMemo<number>({ maxEntries: 100, maxChars: 100, admitEvery: 1 });
    const length = (t: string) => t.length;
    for (let i = 0; i < 20; i++) memo.get(String(i).padStart(10, 'x'), length);
    expect(memo.size).toBe(10);
    const calls: string[] = [];
    const long = 'y'.repeat(11);
    memo.get(long, (t) => (calls.push(t), t.length));
    memo.get(long, (t) => (calls.push(t), t.length));
    expect(calls).toHaveLength(2);
  });

  it('remembers undefined results too', () => {
    const memo = new TextMemo<undefined>({ admitEvery: 1 });
    let calls = 0;
    memo.get('a', () => void calls++);
    memo.get('a', () => void calls++);
    expect(calls).toBe(1);
  });

  it('keeps only every admitEvery-th miss, so texts seen once rarely displace others', () => {
    const memo = new TextMemo<number>({ admitEvery: 3 });
    const calls: string[] = [];
    const length = (t: string) => (calls.push(t), t.length);
    for (const text of ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c']) memo.get(text, length);
    // The 3rd miss (c) was kept, then the 6th (a); b missed every time.
    expect(calls).toEqual(['a', 'b', 'c', 'a', 'b', 'a', 'b']);
    expect(memo.size).toBe(2);
  });

  it('freezes what it keeps (callers share it), not what it only computed', () => {
    const memo = new TextMemo<{ n: number[] }>({ admitEvery: 2 });
    const first = memo.get('a', () => ({ n: [1] }));
    const second = memo.get('a', () => ({ n: [1] }));
    expect(Object.isFrozen(first)).toBe(false);
    expect(Object.isFrozen(second.n)).toBe(true);
    expect(memo.get('a', () => ({ n: [2] }))).toBe(second);
  });
});

describe('deepFreeze', () => {
  it('freezes nested objects and arrays', () => {
    const value = deepFreeze({ a: [{ b: 1 }] });
    expect(Object.isFrozen(value.a[0])).toBe(true);
    expect(() => {
      (value.a as { b: number }[]).push({ b: 2 });
    }).toThrow(TypeError);
  });
});
