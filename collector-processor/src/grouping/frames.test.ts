import { describe, expect, it } from 'vitest';
import type { StackFrame } from '../schema/index.ts';
import { collapseRecursion, frameFunction, frameModule, normalizeFrames } from './frames.ts';

const f = (o: Partial<StackFrame>): StackFrame => ({ in_app: true, ...o });

describe('frame normalization', () => {
  it('JavaScript: file basename without directory, extension or bundle hash', () => {
    expect(frameModule(f({ file: '/srv/app/dist/orders.js' }))).toBe('orders');
    expect(frameModule(f({ file: 'https://cdn.x/app/main.3f2a1b9c.js?v=2' }))).toBe('main');
    expect(frameModule(f({ file: 'C:\\app\\src\\cart.ts' }))).toBe('cart');
  });

  it('JavaScript: anonymous, async, namespace receivers and aliases', () => {
    expect(frameFunction(f({ function: 'Object.<anonymous>' }))).toBe('<anon>');
    expect(frameFunction(f({}))).toBe('<anon>');
    expect(frameFunction(f({ function: 'async Module.fetchInventory' }))).toBe('fetchInventory');
    expect(frameFunction(f({ function: 'new Client' }))).toBe('Client');
    expect(frameFunction(f({ function: 'Router.handle [as handle_request]' }))).toBe(
      'Router.handle',
    );
  });

  it('JavaScript: minified names in bundles say nothing', () => {
    expect(frameFunction(f({ function: 't.n', file: '/static/vendor.min.js' }))).toBe('<minified>');
    expect(frameFunction(f({ function: 'go', file: '/srv/app/src/run.js' }))).toBe('go');
  });

  it('Java: generated lambda and anonymous class indices are dropped', () => {
    expect(frameFunction(f({ function: 'lambda$main$4' }))).toBe('lambda$main');
    expect(frameModule(f({ module: 'com.acme.Api$1' }))).toBe('com.acme.Api$<anon>');
    expect(frameModule(f({ module: 'com.acme.Api$$Lambda$14/0x0000000800c0b000' }))).toBe(
      'com.acme.Api$$Lambda',
    );
  });

  it('Python: module from the file name; <lambda> and <listcomp> kept', () => {
    expect(frameModule(f({ file: '/srv/app/billing.py' }))).toBe('billing');
    expect(frameFunction(f({ function: '<listcomp>' }))).toBe('<listcomp>');
  });

  it('Python: comprehension frames (inlined since 3.12, PEP 709) do not enter the key; generators do', () => {
    const py = (fn: string) => f({ file: '/srv/app/billing.py', function: fn });
    const older = [py('plan_of'), py('<listcomp>'), py('annual_report'), py('main')];
    const newer = [py('plan_of'), py('annual_report'), py('main')];
    expect(normalizeFrames(older, 2)).toEqual(['billing:plan_of', 'billing:annual_report']);
    expect(normalizeFrames(older, 2)).toEqual(normalizeFrames(newer, 2));
    for (const comprehension of ['<dictcomp>', '<setcomp>']) {
      expect(normalizeFrames([py('plan_of'), py(comprehension), py('report')], 2)).toEqual([
        'billing:plan_of',
        'billing:report',
      ]);
    }
    expect(normalizeFrames([py('plan_of'), py('<genexpr>')], 2)).toEqual([
      'billing:plan_of',
      'billing:<genexpr>',
    ]);
  });

  it('collapses direct and two-step recursion and stops after it', () => {
    expect(collapseRecursion(['a', 'b', 'b', 'b', 'c'])).toEqual(['a', 'b']);
    expect(collapseRecursion(['a', 'x', 'y', 'x', 'y', 'x', 'y', 'z'])).toEqual(['a', 'x', 'y']);
    expect(collapseRecursion(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('keeps in-app frames only, innermost first, up to the limit', () => {
    const frames = [
      f({ function: 'parse', file: '/srv/app/node_modules/lib/index.js', in_app: false }),
      f({ function: 'load', file: '/srv/app/config.js' }),
      f({ function: 'start', file: '/srv/app/main.js' }),
      f({ function: 'boot', file: '/srv/app/main.js' }),
    ];
    // Thrown inside a library: the library takes the first position.
    expect(normalizeFrames(frames, 2)).toEqual(['config:load']);
    expect(normalizeFrames(frames.slice(1), 2)).toEqual(['config:load', 'main:start']);
  });

  it('never counts runtime frames as application code, even when marked in_app', () => {
    const frames = [
      f({ function: 'readFileSync', file: 'node:fs' }),
      f({ function: 'run', file: '/srv/app/job.js' }),
    ];
    expect(normalizeFrames(frames, 3)).toEqual(['job:run']);
  });

  it('falls back to library frames when no application frame exists', () => {
    const frames = [f({ function: 'query', file: '/x/node_modules/pg/client.js', in_app: false })];
    expect(normalizeFrames(frames, 2)).toEqual(['client:query']);
    expect(normalizeFrames([f({ function: 'x', file: 'node:net', in_app: false })], 2)).toEqual([]);
  });
});
