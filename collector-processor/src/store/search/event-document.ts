import type { FaultlineEvent } from '../../schema/index.ts';

/**
 * An event as the search indexes keep it: with its sort key (`ts_key`), and its
 * attribute values too long to index set aside. Each attribute value is a term
 * of the one flattened field, and Lucene refuses a term of over 32,766 bytes
 * with its whole document; OpenSearch's flat_object has no `ignore_above`. So
 * values of over 8191 characters (at most 32,764 bytes of UTF-8) go to
 * `attributes_unindexed`, which the mapping does not name (`dynamic: false`
 * keeps it in _source only), and return to `attributes` on read.
 */
export type EventSource = FaultlineEvent & { attributes_unindexed?: Attributes };

type Attributes = NonNullable<FaultlineEvent['attributes']>;

const LONGEST_INDEXED = 8191;

const tooLong = (value: Attributes[string]) =>
  typeof value === 'string' && value.length > LONGEST_INDEXED;

/** The document stored for `event`, whose sortable time is `tsKey`. */
export function eventDocument(
  event: FaultlineEvent,
  tsKey: string,
): EventSource & { ts_key: string } {
  const attributes = event.attributes;
  if (!attributes || !Object.values(attributes).some(tooLong)) return { ...event, ts_key: tsKey };
  const indexed: Attributes = {};
  const unindexed: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    (tooLong(value) ? unindexed : indexed)[key] = value;
  }
  return { ...event, attributes: indexed, attributes_unindexed: unindexed, ts_key: tsKey };
}

/** The event a stored document (read without its `ts_key`) holds. */
export function eventOf(source: EventSource): FaultlineEvent {
  const { attributes_unindexed: unindexed, ...event } = source;
  return unindexed ? { ...event, attributes: { ...event.attributes, ...unindexed } } : source;
}
