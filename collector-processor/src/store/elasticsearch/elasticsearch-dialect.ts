import type { Dialect } from '../search/dialect.ts';
import { expectOk } from '../search/transport.ts';

/** Elasticsearch 8/9: `flattened`, and point in time at /<index>/_pit and DELETE /_pit. */
export const elasticsearchDialect: Dialect = {
  name: 'elasticsearch',
  flattenedType: 'flattened',
  async openPit(transport, index, keepAlive) {
    const { body } = await expectOk(transport, 'open point in time', {
      method: 'POST',
      path: `/${index}/_pit`,
      query: { keep_alive: keepAlive, ignore_unavailable: true },
    });
    return (body.id as string | undefined) || undefined;
  },
  async closePit(transport, id) {
    await expectOk(
      transport,
      'close point in time',
      { method: 'DELETE', path: '/_pit', body: { id } },
      [404],
    );
  },
  // Each search may answer a newer id for the same point in time; the next page must use it.
  nextPitId: (body, current) => (body.pit_id as string | undefined) ?? current,
};
