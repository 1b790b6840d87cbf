import type { Dialect } from '../search/dialect.ts';
import { expectOk } from '../search/transport.ts';

/** OpenSearch 2.x: `flat_object`, and point in time under /_search/point_in_time. */
export const openSearchDialect: Dialect = {
  name: 'opensearch',
  flattenedType: 'flat_object',
  async openPit(transport, index, keepAlive) {
    const { body } = await expectOk(transport, 'open point in time', {
      method: 'POST',
      path: `/${index}/_search/point_in_time`,
      query: { keep_alive: keepAlive },
    });
    // A wildcard matching no index yet opens an empty point in time or none at all.
    return (body.pit_id as string | undefined) || undefined;
  },
  async closePit(transport, id) {
    await expectOk(
      transport,
      'close point in time',
      {
        method: 'DELETE',
        path: '/_search/point_in_time',
        body: { pit_id: [id] },
      },
      [404],
    );
  },
  nextPitId: (body, current) => (body.pit_id as string | undefined) ?? current,
};
