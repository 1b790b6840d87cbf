import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.ts';
import { testEvent } from './test-events.ts';

function throwFrom(path: 'a' | 'b', value: unknown): Error {
  // Two call paths to one bug site, as in a real service.
  function bugSite(v: unknown): never {
    throw new TypeError(`bad value ${String(v)} for order ${Math.random()}`);
  }
  function viaA(v: unknown) {
    return bugSite(v);
  }
  function viaB(v: unknown) {
    return bugSite(v);
  }
  try {
    if (path === 'a') viaA(value);
    else viaB(value);
  } catch (e) {
    return e as Error;
  }
  throw new Error('unreachable');
}

const fromError = (e: Error) =>
  testEvent({ error: { type: e.name, message: e.message, stack_trace: e.stack } });

describe('fingerprint', () => {
  it('with a stack: ignores the message and line numbers, keeps the type chain and frames', () => {
    const a = fingerprint(fromError(throwFrom('a', 1)));
    const b = fingerprint(fromError(throwFrom('a', 'x')));
    expect(a.kind).toBe('stack');
    expect(a.key).toBe(b.key);
    expect(a.key).toMatch(/^[0-9a-f]{32}$/);
    expect(a.parts.join(' ')).toContain('fingerprint.test:bugSite');
    expect(a.parts.join(' ')).not.toMatch(/:\d+/);
  });

  it('with a stack: the same throw site reached through different callers differs in the caller', () => {
    const a = fingerprint(fromError(throwFrom('a', 1)));
    const b = fingerprint(fromError(throwFrom('b', 1)));
    expect(a.parts.slice(2)).toEqual(['fingerprint.test:bugSite', 'fingerprint.test:viaA']);
    expect(b.key).not.toBe(a.key);
  });

  it('uses the pipeline frames when the event has them', () => {
    const ev = testEvent({
      error: {
        type: 'Error',
        message: 'm',
        frames: [{ function: 'charge', file: '/srv/pay.js', line: 3, in_app: true }],
      },
    });
    expect(fingerprint(ev).parts).toEqual(['stack', 'Error', 'pay:charge']);
  });

  it('without a stack: the type and the parameterized message', () => {
    const a = fingerprint(testEvent({ error: { type: 'DbError', message: 'pool 3 exhausted' } }));
    const b = fingerprint(testEvent({ error: { type: 'DbError', message: 'pool 12 exhausted' } }));
    const c = fingerprint(testEvent({ error: { type: 'IoError', message: 'pool 3 exhausted' } }));
    expect(a).toMatchObject({ kind: 'message', title: 'pool <num> exhausted' });
    expect(a.key).toBe(b.key);
    expect(c.key).not.toBe(a.key);
  });

  it('keeps performance, security, audit and user-action events apart from errors, not levels', () => {
    const slow = testEvent({
      message: 'GET /orders',
      faultline: { log_type: 'PERFORMANCE', severity: 'WARNING', status: 'open' },
    });
    const failed = testEvent({ message: 'GET /orders' });
    const warned = testEvent({
      message: 'GET /orders',
      faultline: { log_type: 'WARNING', severity: 'WARNING', status: 'open' },
    });
    expect(fingerprint(slow).key).not.toBe(fingerprint(failed).key);
    expect(fingerprint(warned).key).toBe(fingerprint(failed).key);
  });

  it('a log message without an error uses the message', () => {
    const fp = fingerprint(testEvent({ message: 'disk /dev/sda1 at 91%' }));
    expect(fp.parts).toEqual(['message', '', 'disk <*> at <*>%']);
  });
});

// Generators for each masked kind of data.
const octet = fc.integer({ min: 0, max: 255 });
const VALUES: Record<string, fc.Arbitrary<string>> = {
  uuid: fc.uuid(),
  ipv4: fc.tuple(octet, octet, octet, octet).map((o) => o.join('.')),
  number: fc.integer({ min: -1e9, max: 1e9 }).map(String),
  email: fc
    .tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.constantFrom('example.com', 'corp.io'))
    .map(([u, d]) => `${u}@${d}`),
  hex: fc.stringMatching(/^[0-9a-f]{12}$/).map((h) => `${h}9a`),
  path: fc.stringMatching(/^[a-z]{1,6}$/).map((p) => `/var/lib/${p}/data.db`),
  date: fc
    .date({ min: new Date('2000-01-01'), max: new Date('2099-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  duration: fc.integer({ min: 0, max: 99999 }).map((n) => `${n}ms`),
  quoted: fc.stringMatching(/^[a-z ]{0,10}$/).map((s) => `"${s}"`),
  url: fc.stringMatching(/^[a-z]{1,8}$/).map((p) => `https://api.example.com/${p}?id=1`),
  key_value: fc.stringMatching(/^[a-z0-9]{1,8}$/).map((v) => `user=${v}`),
  sha1: fc.stringMatching(/^[0-9a-f]{40}$/),
};

describe('fingerprint properties', () => {
  it('ignores every masked kind of data in a message', () => {
    for (const [kind, values] of Object.entries(VALUES)) {
      fc.assert(
        fc.property(values, values, (a, b) => {
          const msg = (v: string) => `request for ${v} failed at the gateway`;
          const ka = fingerprint(testEvent({ error: { type: 'E', message: msg(a) } })).key;
          const kb = fingerprint(testEvent({ error: { type: 'E', message: msg(b) } })).key;
          expect(ka, kind).toBe(kb);
        }),
        { numRuns: 50 },
      );
    }
  });

  it('gives every event the same key whatever order the events arrive in', () => {
    const event = fc
      .tuple(fc.constantFrom('A', 'B'), fc.constantFrom(...Object.keys(VALUES)), fc.nat())
      .map(([type, kind, n]) => testEvent({ error: { type, message: `${kind} ${n} failed` } }));
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 30 }), fc.nat(), (events, seed) => {
        const keysInOrder = events.map((e) => fingerprint(e).key);
        const order = events
          .map((_, i) => i)
          .sort((a, b) => ((a * 7919 + seed) % 31) - ((b * 7919 + seed) % 31));
        const shuffled = new Map(order.map((i) => [i, fingerprint(events[i]!).key]));
        expect(events.map((_, i) => shuffled.get(i))).toEqual(keysInOrder);
      }),
      { numRuns: 50 },
    );
  });
});
