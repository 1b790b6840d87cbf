import { describe, expect, it } from 'vitest';
import { movable } from './messages.ts';
import { processBody } from './process-body.ts';
import { exceptionSpanProtobuf } from '../otlp/testing.ts';
import {
  batchOfJson,
  batchOfList,
  eventsOf,
  joinBatches,
  jsonOf,
  parseJson,
} from './event-batch.ts';

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
  const text = batchOfJson;

  it('joins texts into one JSON array without parsing them, skipping empty ones', () => {
    const joined = joinBatches([text(a), text([]), text(b)]);
    expect(joined.list).toBeUndefined();
    expect(joined.count).toBe(2);
    expect(parseJson(joined.json)).toEqual([...a, ...b]);
    const empty = joinBatches([text([]), text([])]);
    expect(empty.count).toBe(0);
    expect(Buffer.from(empty.json!).toString()).toBe('[]');
  });

  it('joins even one batch into new bytes, so moving the join away leaves the batch whole', () => {
    // Large enough to own its memory (small buffers share Node's pool and are never moved).
    const many = Array.from({ length: 20 }, () => a).flat();
    const one = text(many);
    const joined = joinBatches([one]);
    const moved = movable(joined.json!);
    expect(moved).toHaveLength(1);
    structuredClone(joined.json, { transfer: moved });
    expect(eventsOf(one)).toEqual(many);
  });

  it('joins objects and texts into one list when some batch has no text', () => {
    const joined = joinBatches([batchOfList(a), text(b)]);
    expect(joined).toEqual({ count: 2, list: [...a, ...b] });
  });

  it('gives the events and their text whichever form it holds', () => {
    expect(eventsOf(text(a))).toEqual(a);
    expect(Buffer.from(jsonOf(batchOfList(a))).toString()).toBe(JSON.stringify(a));
  });
});
