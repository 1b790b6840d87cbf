import { describe, expect, it } from 'vitest';
import { compileRedactor, luhn, REDACTED } from './redact.ts';

const redactor = compileRedactor();

describe('compileRedactor() with the default rules', () => {
  it('replaces the values of sensitive keys, at any depth, without touching the input', () => {
    const input = {
      user: 'ada',
      password: 'hunter2',
      nested: { apiKey: 'k-123', API_KEY: 'k-456', list: [{ passwd: 'x' }] },
      headers: { authorization: 'Bearer abc', cookie: 'sid=1', 'set-cookie': 'sid=2' },
      client_secret: 's',
      refreshToken: 't',
    };
    expect(redactor.value('', input)).toEqual({
      user: 'ada',
      password: REDACTED,
      nested: { apiKey: REDACTED, API_KEY: REDACTED, list: [{ passwd: REDACTED }] },
      headers: { authorization: REDACTED, cookie: REDACTED, 'set-cookie': REDACTED },
      client_secret: REDACTED,
      refreshToken: REDACTED,
    });
    expect(input.password).toBe('hunter2');
  });

  it('replaces Luhn-valid card numbers in text and keeps other digit runs', () => {
    expect(redactor.text('card 4111 1111 1111 1111 declined')).toBe(`card ${REDACTED} declined`);
    expect(redactor.text('card 4111-1111-1111-1111')).toBe(`card ${REDACTED}`);
    expect(redactor.text('order 4111111111111112 failed')).toBe('order 4111111111111112 failed');
    expect(redactor.text('id 1234567890')).toBe('id 1234567890');
  });

  it('replaces key=value secrets and bearer tokens inside text', () => {
    expect(redactor.text('page=2&password=hunter2&sort=asc')).toBe(
      `page=2&password=${REDACTED}&sort=asc`,
    );
    expect(redactor.text('api_key: abc123 rejected')).toBe(`api_key: ${REDACTED} rejected`);
    expect(redactor.text('sent Bearer eyJhbGciOiJIUzI1NiJ9.x.y')).toBe(`sent Bearer ${REDACTED}`);
  });

  it('leaves e-mail addresses unless asked', () => {
    expect(redactor.text('mail ada@example.org')).toBe('mail ada@example.org');
    expect(compileRedactor({ emails: true }).text('mail ada@example.org now')).toBe(
      `mail ${REDACTED} now`,
    );
  });

  it('takes extra keys and value patterns, or replaces the default keys', () => {
    const custom = compileRedactor({ keys: ['ssn'], values: [/EMP-\d+/] });
    expect(custom.value('', { ssn: '1', token: '2' })).toEqual({ ssn: REDACTED, token: REDACTED });
    expect(custom.text('for EMP-42 and EMP-7')).toBe(`for ${REDACTED} and ${REDACTED}`);
    const only = compileRedactor({ keys: ['ssn'], replaceDefaultKeys: true });
    expect(only.value('', { ssn: '1', token: '2' })).toEqual({ ssn: REDACTED, token: '2' });
  });

  it('gives the same answer for a key or value met again, also after its memo filled up', () => {
    const card = 'card 4111 1111 1111 1111';
    const first = [redactor.text(card), redactor.isSensitiveKey('x-api-key')];
    for (let i = 0; i < 3000; i++) {
      redactor.text(`path /orders/${i}`);
      redactor.isSensitiveKey(`attribute.${i}`);
    }
    expect([redactor.text(card), redactor.isSensitiveKey('x-api-key')]).toEqual(first);
    expect(first).toEqual([`card ${REDACTED}`, true]);
    // Longer than what is remembered: still scrubbed.
    const long = `${'x'.repeat(300)} password=hunter2`;
    expect(redactor.text(long)).toBe(`${'x'.repeat(300)} password=${REDACTED}`);
  });

  it('does not treat the contract’s own keys as secrets', () => {
    for (const key of ['faultline.session.id', 'user.id', 'user.name', 'http.route', 'url.path']) {
      expect(redactor.isSensitiveKey(key)).toBe(false);
    }
  });
});

describe('luhn()', () => {
  it('accepts valid card numbers and rejects near misses', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('5500 0000 0000 0004')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(luhn('123')).toBe(false);
  });
});
