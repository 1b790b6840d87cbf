import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OtlpValue, Span, TraceBatch } from '../otlp/model.ts';
import { validateEvent } from '../schema/index.ts';
import { processTraces } from './index.ts';
import { compileRules } from './rules.ts';
import { scrubText } from './scrub.ts';
import { FILTERED } from './scrub-rules.ts';
import { parseStackTrace } from './stack/parse.ts';

/** Properties over arbitrary input: the stages never throw and never emit an invalid event. */

const rules = compileRules();
const stackLine = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '    at ',
    '\tat ',
    '  File "',
    'goroutine 1 [running]:',
    'Caused by: ',
    ' ---> ',
  ),
  fc
    .tuple(fc.string(), fc.nat(), fc.nat())
    .map(([f, l, c]) => `    at ${f} (/app/${f}.js:${l}:${c})`),
  fc.tuple(fc.string(), fc.nat()).map(([f, l]) => `  File "/app/${f}.py", line ${l}, in ${f}`),
);

describe('properties', () => {
  it('parseStackTrace never throws; lines and columns are non-negative integers', () => {
    fc.assert(
      fc.property(fc.array(stackLine, { maxLength: 30 }), (lines) => {
        for (const e of parseStackTrace(lines.join('\n'))) {
          for (const f of e.frames) {
            for (const n of [f.line, f.column]) {
              if (n !== undefined) expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
            }
          }
        }
      }),
    );
  });

  it('scrubbing twice changes nothing more than scrubbing once, and a Luhn-valid card never survives', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const once = scrubText(`${before} 4111 1111 1111 1111 ${after}`, rules.scrub!);
        expect(once).not.toContain('4111 1111 1111 1111');
        expect(scrubText(once, rules.scrub!)).toBe(once);
      }),
    );
  });

  it('any span with an exception event gives a schema-valid event or a named rejection', () => {
    const value: fc.Arbitrary<OtlpValue> = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.boolean(),
      fc.double(),
      fc.constant(null),
    );
    const attributes = fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.string(),
            fc.constantFrom(
              'exception.stacktrace',
              'exception.type',
              'code.line.number',
              'http.response.status_code',
              'faultline.security.level',
              'faultline.object.id',
              'event.duration',
              'user_agent.original',
              'url.query',
              'faultline.tags',
            ),
          ),
          value,
        ),
        { maxLength: 12 },
      )
      .map((entries) => new Map(entries));
    fc.assert(
      fc.property(attributes, attributes, (spanAttributes, eventAttributes) => {
        const span: Span = {
          traceId: '5b8efff798038103d269b633813fc60c',
          spanId: 'eee19b7ec3c1b174',
          parentSpanId: '',
          name: 'op',
          kind: 2,
          startTimeUnixNano: '1764151200000000000',
          endTimeUnixNano: '1764151200000000001',
          attributes: spanAttributes,
          events: [
            { name: 'exception', timeUnixNano: '1764151200000000000', attributes: eventAttributes },
          ],
          status: { code: 2, message: '' },
        };
        const batch: TraceBatch = {
          resourceSpans: [
            {
              resource: { attributes: new Map() },
              scopeSpans: [
                { scope: { name: '', version: '', attributes: new Map() }, spans: [span] },
              ],
            },
          ],
        };
        const result = processTraces(batch);
        for (const event of result.events) expect(validateEvent(event)).toEqual({ ok: true });
        expect(result.events.length + result.rejections.length).toBe(1);
        for (const r of result.rejections) expect(r.reason).not.toBe('processing_failed');
      }),
    );
  });

  it('redacted values read [Filtered]', () => {
    expect(scrubText('password=x', rules.scrub!)).toBe(`password=${FILTERED}`);
  });
});
