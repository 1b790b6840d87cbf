import {
  RECORD_KINDS,
  type AuditLog,
  type AuditRecord,
  type RecordCollection,
  type RecordCollections,
  type RecordKind,
} from '../records.ts';
import { checkLimit } from '../store.ts';
import { sortableTimestamp } from '../timestamp.ts';
import { expectOk, type EngineTransport } from './transport.ts';

/**
 * Records of every kind in one regular index, `_id` = `<kind>:<id>`. Puts and
 * deletes refresh (they are rare, and the contract says visible on resolve);
 * reads by id are realtime.
 */
class SearchRecords<T extends { readonly id: string }> implements RecordCollection<T> {
  readonly #transport: () => EngineTransport;
  readonly #index: string;
  readonly #kind: RecordKind;
  constructor(transport: () => EngineTransport, index: string, kind: RecordKind) {
    this.#transport = transport;
    this.#index = index;
    this.#kind = kind;
  }

  #docPath(id: string) {
    return `/${this.#index}/_doc/${encodeURIComponent(`${this.#kind}:${id}`)}`;
  }

  async put(record: T): Promise<void> {
    await expectOk(this.#transport(), 'record put', {
      method: 'PUT',
      path: this.#docPath(record.id),
      query: { refresh: true },
      body: { kind: this.#kind, id: record.id, doc: record },
    });
  }

  async get(id: string): Promise<T | undefined> {
    const { status, body } = await expectOk(
      this.#transport(),
      'record get',
      { method: 'GET', path: this.#docPath(id) },
      [404],
    );
    return status === 404 || !body.found ? undefined : (body._source.doc as T);
  }

  async list(): Promise<T[]> {
    const { body } = await expectOk(this.#transport(), 'record list', {
      method: 'POST',
      path: `/${this.#index}/_search`,
      body: { size: 10_000, query: { term: { kind: this.#kind } }, sort: [{ id: 'asc' }] },
    });
    return (body.hits.hits as { _source: { doc: T } }[]).map((h) => h._source.doc);
  }

  async delete(id: string): Promise<boolean> {
    const { status } = await expectOk(
      this.#transport(),
      'record delete',
      { method: 'DELETE', path: this.#docPath(id), query: { refresh: true } },
      [404],
    );
    return status !== 404;
  }
}

export function searchRecordCollections(
  transport: () => EngineTransport,
  index: string,
): RecordCollections {
  return Object.fromEntries(
    RECORD_KINDS.map((kind) => [kind, new SearchRecords(transport, index, kind)]),
  ) as unknown as RecordCollections;
}

let sequence = 0;

/**
 * The audit log as a data stream: creates only, so the engine itself refuses
 * to overwrite a record. `seq` orders records of the same instant as written.
 */
export class SearchAuditLog implements AuditLog {
  readonly #transport: () => EngineTransport;
  readonly #stream: string;
  constructor(transport: () => EngineTransport, stream: string) {
    this.#transport = transport;
    this.#stream = stream;
  }

  async append(record: AuditRecord): Promise<void> {
    sequence = (sequence + 1) % 1000;
    await expectOk(this.#transport(), 'audit append', {
      method: 'POST',
      path: `/${this.#stream}/_doc`,
      query: { op_type: 'create', refresh: true },
      body: {
        ...record,
        '@timestamp': record.at,
        at_key: sortableTimestamp(record.at),
        seq: Date.now() * 1000 + sequence,
      },
    });
  }

  async list(query: { since?: string; limit: number }): Promise<AuditRecord[]> {
    checkLimit(query.limit);
    const { body } = await expectOk(this.#transport(), 'audit list', {
      method: 'POST',
      path: `/${this.#stream}/_search`,
      query: { ignore_unavailable: true, allow_no_indices: true },
      body: {
        size: query.limit,
        query: query.since
          ? { range: { at_key: { gte: sortableTimestamp(query.since) } } }
          : { match_all: {} },
        sort: [{ at_key: 'desc' }, { seq: 'desc' }],
        _source: { excludes: ['@timestamp', 'at_key', 'seq'] },
      },
    });
    return (body.hits.hits as { _source: AuditRecord }[]).map((h) => h._source);
  }
}
