import { describe, expect, it } from 'vitest';
import type { FaultlineEvent } from '../schema/index.ts';
import { passesLuhn } from './luhn.ts';
import { compileRules } from './rules.ts';
import { scrub, scrubQuery, scrubText } from './scrub.ts';
import { PIPELINE_DEFAULTS } from './settings.ts';

const rules = compileRules();
const text = (s: string) => scrubText(s, rules.scrub!);

function event(overrides: Partial<FaultlineEvent> = {}): FaultlineEvent {
  return {
    '@timestamp': '2026-11-26T10:00:00Z',
    message: 'm',
    event: { id: 'e1' },
    log: { level: 'ERROR' },
    faultline: { log_type: 'ERROR', severity: 'ERROR', status: 'open' },
    ...overrides,
  };
}

describe('passesLuhn', () => {
  it.each([
    ['4111111111111111', true],
    ['5500005555555559', true],
    ['4111111111111112', false],
    ['', false],
  ])('%s → %s', (digits, ok) => expect(passesLuhn(digits)).toBe(ok));
});

describe('scrubText', () => {
  it('redacts card numbers that pass Luhn, with spaces or dashes, and keeps other digit runs', () => {
    expect(text('card 4111 1111 1111 1111 declined')).toBe('card [Filtered] declined');
    expect(text('card 5500-0055-5555-5559')).toBe('card [Filtered]');
    expect(text('order 4111111111111112 failed')).toBe('order 4111111111111112 failed');
    expect(text('4111 1111 1111 1111 4444 4444')).toBe('[Filtered] 4444 4444');
    expect(text('ref 12 4111111111111111')).toBe('ref 12 [Filtered]');
    expect(text('at f (/app/a.js:10:20)')).toBe('at f (/app/a.js:10:20)');
  });

  it('redacts bearer tokens and key=value secrets in free text', () => {
    expect(text('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc')).toBe(
      'Authorization: [Filtered]',
    );
    expect(text('sent Bearer abcdefghijkl to upstream')).toBe('sent Bearer [Filtered] to upstream');
    expect(text('login failed password=hunter2 user=ada')).toBe(
      'login failed password=[Filtered] user=ada',
    );
    expect(text('{"api_key": "k-123", "n": 1}')).toBe('{"api_key": "[Filtered]", "n": 1}');
  });

  it('keeps e-mails unless asked', () => {
    expect(text('mail ada@example.com')).toBe('mail ada@example.com');
    const withEmails = compileRules({ ...PIPELINE_DEFAULTS, scrubEmails: true });
    expect(scrubText('mail ada@example.com', withEmails.scrub!)).toBe('mail [Filtered]');
  });

  it('applies configured keys and value patterns', () => {
    const custom = compileRules({
      ...PIPELINE_DEFAULTS,
      scrubKeys: ['iban'],
      scrubPatterns: ['ACME-[0-9]{6}'],
    });
    expect(scrubText('iban=DE44500105175407324931 ref ACME-123456', custom.scrub!)).toBe(
      'iban=[Filtered] ref [Filtered]',
    );
  });
});

describe('scrubQuery', () => {
  it('redacts values of secret parameters, keeps the others', () => {
    expect(scrubQuery('page=2&access_token=abc&Password=x&q=shoes', rules.scrub!)).toBe(
      'page=2&access_token=[Filtered]&Password=[Filtered]&q=shoes',
    );
  });
});

describe('scrub', () => {
  it('redacts message, error, URL, attributes and (when asked) user.email', () => {
    const withEmails = compileRules({ ...PIPELINE_DEFAULTS, scrubEmails: true });
    const out = scrub(
      event({
        message: 'charge 4111111111111111 failed',
        error: {
          message: 'token=abc123 rejected',
          stack_trace: 'Error: password=hunter2\n    at f (/app/a.js:1:1)',
          frames: [{ function: 'f', in_app: true }],
        },
        url: {
          path: '/pay',
          query: 'card=4111111111111111&token=t',
          full: 'https://u:p@shop.example.com/pay?secret=s&x=1',
        },
        user: { id: 'u1', email: 'ada@example.com' },
        attributes: {
          'http.request.header.authorization': 'Basic YWRhOnB3',
          'http.request.header.cookie': 'sid=1',
          'db.password': 'pw',
          'faultline.context.note': 'call ada@example.com',
          attempt: 3,
        },
      }),
      withEmails,
    );
    expect(out).toMatchObject({
      message: 'charge [Filtered] failed',
      error: {
        message: 'token=[Filtered] rejected',
        stack_trace: 'Error: password=[Filtered]\n    at f (/app/a.js:1:1)',
        frames: [{ function: 'f', in_app: true }],
      },
      url: {
        path: '/pay',
        query: 'card=[Filtered]&token=[Filtered]',
        full: 'https://[Filtered]@shop.example.com/pay?secret=[Filtered]&x=1',
      },
      user: { id: 'u1', email: '[Filtered]' },
      attributes: {
        'http.request.header.authorization': '[Filtered]',
        'http.request.header.cookie': '[Filtered]',
        'db.password': '[Filtered]',
        'faultline.context.note': 'call [Filtered]',
        attempt: 3,
      },
    });
  });

  it('does nothing when switched off (FAULTLINE_SCRUB=off)', () => {
    const off = compileRules({ ...PIPELINE_DEFAULTS, scrub: false });
    const original = event({ message: 'password=hunter2', attributes: { token: 't' } });
    expect(scrub(original, off)).toBe(original);
  });
});
