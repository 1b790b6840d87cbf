import { describe, expect, it } from 'vitest';
import { validateEvent, type FaultlineEvent } from '../schema/index.ts';
import { enrich } from './enrich.ts';
import { prune } from './prune.ts';
import { compileRules } from './rules.ts';
import { PIPELINE_DEFAULTS } from './settings.ts';
import { stackFixture } from './stack/fixtures.ts';

const rules = compileRules();

function event(overrides: Partial<FaultlineEvent> = {}): FaultlineEvent {
  return {
    '@timestamp': '2026-11-26T10:00:00.000000000Z',
    message: 'order id is required',
    event: { id: 'e1' },
    log: { level: 'ERROR' },
    faultline: { log_type: 'EXCEPTION', severity: 'ERROR', status: 'open' },
    error: {
      type: 'TypeError',
      message: 'order id is required',
      stack_trace: stackFixture('node.txt', 'constructor'),
    },
    ...overrides,
  };
}

describe('enrich', () => {
  it('parses the stack into frames and fills the code location from the top in-app frame', () => {
    const out = prune(enrich(event(), rules));
    expect(validateEvent(out)).toEqual({ ok: true });
    expect(out.error!.frames).toHaveLength(8);
    expect(out.error!.frames![0]).toEqual({
      function: 'new OrderService',
      module: 'app',
      file: '/tmp/faultline-stack-fixtures/node/app.mjs',
      line: 10,
      column: 20,
      in_app: true,
    });
    expect(out.code).toEqual({
      function: { name: 'new OrderService' },
      file: { path: '/tmp/faultline-stack-fixtures/node/app.mjs' },
      line: { number: 10 },
    });
    expect(out.faultline.module).toBe('app');
  });

  it("the culprit skips frames that are not in-app (Java: the JDK, here the app's lambda)", () => {
    const out = enrich(
      event({ error: { stack_trace: stackFixture('java.txt', 'caused-by') } }),
      rules,
    );
    expect(out.code?.function?.name).toBe('lambda$process$0');
    expect(out.faultline.module).toBe('shop.App');
    // All three exceptions' frames, the reported one first.
    expect(out.error!.frames).toHaveLength(4 + 2 + 5);
  });

  it('keeps a location the sender gave, whole', () => {
    const out = enrich(
      event({
        code: { function: { name: 'checkout' } },
        faultline: { log_type: 'EXCEPTION', severity: 'ERROR', status: 'open', module: 'shop' },
      }),
      rules,
    );
    expect(out.code).toEqual({ function: { name: 'checkout' } });
    expect(out.faultline.module).toBe('shop');
  });

  it('no in-app frame, no culprit', () => {
    const rulesAllOut = compileRules({ ...PIPELINE_DEFAULTS, inAppExclude: ['.'] });
    const out = enrich(event(), rulesAllOut);
    expect(out.error!.frames!.every((f) => !f.in_app)).toBe(true);
    expect(out.code).toBeUndefined();
  });

  it('an event without a stack trace is left as it is', () => {
    const plain = event({ error: { type: 'E', message: 'm' } });
    expect(enrich(plain, rules)).toEqual(plain);
  });

  it('parses the user agent', () => {
    const original =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
    const out = prune(enrich(event({ user_agent: { original } }), rules));
    expect(out.user_agent).toEqual({
      original,
      name: 'Mobile Safari',
      version: '17.4',
      os: { name: 'iOS', version: '17.4' },
      device: { name: 'Apple iPhone' },
    });
  });

  it('a user agent it does not know keeps only the original', () => {
    const out = prune(
      enrich(event({ user_agent: { original: 'OTel-OTLP-Exporter-JavaScript/0.301.0' } }), rules),
    );
    expect(out.user_agent).toEqual({ original: 'OTel-OTLP-Exporter-JavaScript/0.301.0' });
  });
});
