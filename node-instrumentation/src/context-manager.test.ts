import { EventEmitter } from 'node:events';
import { createContextKey, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { FrameContextManager } from './context-manager.ts';
import { currentScope, frameStorage, type Scope } from './scope.ts';

const KEY = createContextKey('test');
const manager = new FrameContextManager();
const withValue = (value: string): Context => ROOT_CONTEXT.setValue(KEY, value);
const valueNow = () => manager.active().getValue(KEY);

describe('FrameContextManager', () => {
  it('with(): the context is active inside, in later async work, and not after', async () => {
    const seen = await manager.with(withValue('a'), async () => {
      const now = valueNow();
      await new Promise((resolve) => setTimeout(resolve, 1));
      return [now, valueNow()];
    });
    expect(seen).toEqual(['a', 'a']);
    expect(valueNow()).toBeUndefined();
  });

  it('with(): passes this and the arguments', () => {
    const receiver = { n: 2 };
    const result = manager.with(
      withValue('b'),
      function (this: typeof receiver, x: number) {
        return this.n * x;
      },
      receiver,
      21,
    );
    expect(result).toBe(42);
  });

  it('with() inside a request keeps its scope: setUser there names the request user', () => {
    const scope: Scope = { user: undefined };
    frameStorage.run({ scope, context: undefined, lazy: undefined }, () => {
      manager.with(withValue('c'), () => {
        expect(currentScope()).toBe(scope);
        currentScope()!.user = { id: 'u-1' };
      });
    });
    expect(scope.user).toEqual({ id: 'u-1' });
  });

  it('a lazy context is made once, when first read', () => {
    let made = 0;
    const lazy = { make: () => (made++, withValue('lazy')) };
    frameStorage.run({ scope: {}, context: undefined, lazy }, () => {
      expect(made).toBe(0);
      expect(valueNow()).toBe('lazy');
      expect(valueNow()).toBe('lazy');
    });
    expect(made).toBe(1);
  });

  it('bind(function): runs in the bound context wherever it is called', () => {
    const bound = manager.bind(withValue('d'), (x: number) => [valueNow(), x]);
    expect(manager.with(withValue('other'), () => bound(1))).toEqual(['d', 1]);
    expect(bound.length).toBe(1);
  });

  it('bind(emitter): listeners run in the bound context; off() and once() still work', () => {
    const emitter = manager.bind(withValue('e'), new EventEmitter());
    const seen: unknown[] = [];
    const listener = () => seen.push(valueNow());
    emitter.on('ping', listener);
    emitter.once('ping', () => seen.push(`once ${String(valueNow())}`));
    emitter.emit('ping');
    emitter.emit('ping');
    emitter.off('ping', listener);
    emitter.emit('ping');
    expect(seen).toEqual(['e', 'once e', 'e']);
    expect(emitter.listenerCount('ping')).toBe(0);
  });

  it('bind(emitter): a once() listener can be removed before it runs', () => {
    const emitter = manager.bind(withValue('f'), new EventEmitter());
    const listener = () => {
      throw new Error('removed listener ran');
    };
    emitter.once('ping', listener);
    emitter.removeListener('ping', listener);
    expect(emitter.emit('ping')).toBe(false);
  });

  it('bind(emitter): removeAllListeners() for one event or all', () => {
    const emitter = manager.bind(withValue('g'), new EventEmitter());
    emitter.on('a', () => {});
    emitter.on('b', () => {});
    emitter.removeAllListeners('a');
    expect(emitter.eventNames()).toEqual(['b']);
    emitter.removeAllListeners();
    expect(emitter.eventNames()).toEqual([]);
  });

  it('bind(): other values are returned as they are', () => {
    const value = { not: 'bindable' };
    expect(manager.bind(withValue('h'), value)).toBe(value);
  });
});
