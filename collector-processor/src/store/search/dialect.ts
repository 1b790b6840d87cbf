import type { EngineTransport } from './transport.ts';

/**
 * Where OpenSearch and Elasticsearch differ, and nothing else: the field type
 * for free-form attributes, the point-in-time API, and the lifecycle policy
 * engine. Everything else (mappings, queries, aggregations, bulk) is shared.
 */
export interface Dialect {
  readonly name: 'opensearch' | 'elasticsearch';
  /** The mapping type that indexes an object of arbitrary keys as one field. */
  readonly flattenedType: 'flat_object' | 'flattened';
  /** Opens a point in time over `index`; resolves with its id, or undefined when nothing matches. */
  openPit(
    transport: EngineTransport,
    index: string,
    keepAlive: string,
  ): Promise<string | undefined>;
  closePit(transport: EngineTransport, id: string): Promise<void>;
  /** The id to use for the next page (Elasticsearch may hand out a new one per response). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  nextPitId(response: any, current: string): string;
}
