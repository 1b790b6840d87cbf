import { describe, expect, it } from 'vitest';
import { processBody } from './process-body.ts';
import { exceptionSpanProtobuf } from '../otlp/testing.ts';
import { batchOfList, eventsOf, joinBatches, jsonOf } from './event-batch.ts';

const events = (spanId: string) => {
  const outcome = processBody({
    signal: 'traces',
    encoding: 'protobuf',
    body: exceptionSpanProtobuf({ spanId }),
  });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.result.events;
};

describe('EventBatch', () => {
  const a = events('00000000000000c1');
  const b = events('00000000000000c2');
  const text = (list: typeof a) => ({ count: list.length, json: JSON.stringify(list) });

  it('joins texts into one JSON array without parsing them, skipping empty ones', () => {
    const joined = joinBatches([text(a), text([]), text(b)]);
    expect(joined.list).toBeUndefined();
    expect(joined.count).toBe(2);
    expect(JSON.parse(joined.json!)).toEqual([...a, ...b]);
    expect(joinBatches([text([]), text([])])).toEqual({ count: 0, json: '[]' });
  });

  it('joins objects and texts into one list when some batch has no text', () => {
    const joined = joinBatches([batchOfList(a), text(b)]);
    expect(joined).toEqual({ count: 2, list: [...a, ...b] });
  });

  it('gives the events and their text whichever form it holds', () => {
    expect(eventsOf(text(a))).toEqual(a);
    expect(jsonOf(batchOfList(a))).toBe(JSON.stringify(a));
  });
});
