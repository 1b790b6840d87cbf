import { describe, expect, it } from 'vitest';
import { compileGroupingConfig } from './config.ts';
import { fingerprint } from './fingerprint.ts';
import type { FingerprintRule } from './rules.ts';
import { testEvent } from './test-events.ts';

const timeout = (message: string, service = 'checkout') =>
  testEvent({
    error: { type: 'TimeoutError', message },
    service: { name: service },
    attributes: { 'db.system': 'postgresql', region: 'eu' },
  });

const config = (...rules: FingerprintRule[]) => compileGroupingConfig({ maxFrames: 2, rules });

describe('custom fingerprint rules', () => {
  it('a literal fingerprint groups every matching event together, and names the rule', () => {
    const c = config({
      id: 'all-timeouts',
      match: { type: 'Timeout*' },
      fingerprint: ['timeouts'],
    });
    const a = fingerprint(timeout('query 1 timed out'), c);
    const b = fingerprint(timeout('lock wait on orders exceeded'), c);
    expect(a.key).toBe(b.key);
    expect(a).toMatchObject({ kind: 'custom', rule: 'all-timeouts' });
  });

  it('{{ default }} composes with the default key: split one default group by service', () => {
    const c = config({
      id: 'per-service',
      match: { type: 'TimeoutError' },
      fingerprint: ['{{ default }}', '{{ service }}'],
    });
    const a = fingerprint(timeout('query 1 timed out', 'checkout'), c);
    const b = fingerprint(timeout('query 2 timed out', 'checkout'), c);
    const other = fingerprint(timeout('query 3 timed out', 'billing'), c);
    expect(a.key).toBe(b.key);
    expect(other.key).not.toBe(a.key);
    expect(a.parts).toContain('checkout');
  });

  it('matches on message (regex), service, module and attributes; all conditions must hold', () => {
    const rule: FingerprintRule = {
      id: 'pg-eu',
      match: {
        message: '/timed out$/i',
        service: 'check*',
        attributes: { 'db.system': 'postgresql', region: 'e?' },
      },
      fingerprint: ['pg-eu'],
    };
    const c = config(rule);
    expect(fingerprint(timeout('query 1 timed out'), c).rule).toBe('pg-eu');
    expect(fingerprint(timeout('query 1 failed'), c).rule).toBeUndefined();
    expect(fingerprint(timeout('query 1 timed out', 'billing'), c).rule).toBeUndefined();
    const withModule = config({ id: 'm', match: { module: 'payments.*' }, fingerprint: ['m'] });
    const ev = {
      ...timeout('x'),
      faultline: { ...timeout('x').faultline, module: 'payments.api' },
    };
    expect(fingerprint(ev, withModule).rule).toBe('m');
  });

  it('the first matching rule wins', () => {
    const c = config(
      { id: 'first', match: { type: 'TimeoutError' }, fingerprint: ['one'] },
      { id: 'second', match: { type: 'TimeoutError' }, fingerprint: ['two'] },
    );
    expect(fingerprint(timeout('x'), c).rule).toBe('first');
  });

  it('a rule key never equals a default key, and events a rule does not match keep theirs', () => {
    const plain = fingerprint(timeout('query 1 timed out'));
    const c = config({
      id: 'other',
      match: { type: 'NoSuchType' },
      fingerprint: ['{{ default }}'],
    });
    expect(fingerprint(timeout('query 1 timed out'), c).key).toBe(plain.key);
    const d = config({ id: 'same', match: { type: 'Timeout*' }, fingerprint: ['{{ default }}'] });
    expect(fingerprint(timeout('query 1 timed out'), d).key).not.toBe(plain.key);
  });

  it('every fingerprint carries the version of the configuration that made it', () => {
    const c = config({ id: 'r', match: { type: 'X' }, fingerprint: ['x'] });
    expect(fingerprint(timeout('a'), c).version).toBe(c.version);
    expect(fingerprint(timeout('a')).version).not.toBe(c.version);
  });
});
