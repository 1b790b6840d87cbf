import { expectOk, type EngineTransport } from './transport.ts';

/**
 * Idempotent writes across rollover. `create` with an id refuses a second
 * copy only within one backing index: once a data stream has rolled over, a
 * batch written again (a spool replay after a crash, a retry after a lost
 * answer, a client resending) would land a second copy in the new write
 * index. So after each bulk, events placed in a newer generation of their
 * stream are looked up by id in the older generations that were still taking
 * writes when the event happened, and copies found there are deleted again
 * from the newer one: the first write wins, as in a single index.
 *
 * An event cannot have been written before it happened (less a margin for
 * clocks that disagree), so a generation that stopped taking writes before
 * then is never asked. In steady operation nothing is looked up at all; right
 * after a rollover, only events from the last few minutes are.
 */

/** How far an event's clock may run ahead of the cluster's. */
export const CLOCK_SKEW_MS = 15 * 60_000;

export interface Generation {
  readonly index: string;
  readonly createdMs: number;
}

/** An event the bulk placed (created, or found already there) in `index`. */
export interface Placement {
  readonly id: string;
  readonly stream: string;
  readonly index: string;
  /** When the event happened (its @timestamp), in ms. */
  readonly eventMs: number;
}

/**
 * The older generations that could hold an earlier copy of an event placed
 * in `index`: those still taking writes after the event happened. Generations
 * are ordered oldest first; each took writes until the next one was created.
 */
export function generationsToAsk(
  generations: readonly Generation[],
  index: string,
  eventMs: number,
): string[] {
  const at = generations.findIndex((g) => g.index === index);
  const ask: string[] = [];
  for (let i = 0; i < at; i++) {
    if (generations[i + 1]!.createdMs > eventMs - CLOCK_SKEW_MS) ask.push(generations[i]!.index);
  }
  return ask;
}

export class RolloverDedup {
  readonly #transport: () => EngineTransport;
  /** Each stream's backing indices, oldest first; read again when a bulk names one not in it. */
  readonly #generations = new Map<string, Generation[]>();

  constructor(transport: () => EngineTransport) {
    this.#transport = transport;
  }

  /**
   * The ids among `placements` that are copies of an event an older
   * generation already holds; those copies are deleted. Rejects when the
   * engine cannot be asked (the caller writes the batch again: safe, since
   * the check runs again on the copies still there).
   */
  async removeCopies(placements: readonly Placement[]): Promise<Set<string>> {
    // A stream's generations are read again only when the bulk placed an event in one not yet known.
    const stale = new Set<string>();
    for (const p of placements) {
      if (!this.#generations.get(p.stream)?.some((g) => g.index === p.index)) stale.add(p.stream);
    }
    for (const stream of stale) await this.#readGenerations(stream);
    const lookups: { id: string; index: string; in: string }[] = [];
    for (const p of placements) {
      const generations = this.#generations.get(p.stream) ?? [];
      for (const older of generationsToAsk(generations, p.index, p.eventMs)) {
        lookups.push({ id: p.id, index: p.index, in: older });
      }
    }
    const copies = new Set<string>();
    if (lookups.length === 0) return copies;
    const transport = this.#transport();
    const { body } = await expectOk(transport, 'rollover duplicate lookup', {
      method: 'POST',
      path: '/_mget',
      query: { _source: false },
      body: { docs: lookups.map((l) => ({ _index: l.in, _id: l.id })) },
    });
    const deletes: string[] = [];
    (body.docs as { found?: boolean }[]).forEach((doc, i) => {
      const lookup = lookups[i]!;
      if (!doc.found || copies.has(lookup.id)) return;
      copies.add(lookup.id);
      deletes.push(`${JSON.stringify({ delete: { _index: lookup.index, _id: lookup.id } })}\n`);
    });
    if (deletes.length === 0) return copies;
    const response = await expectOk(transport, 'rollover duplicate removal', {
      method: 'POST',
      path: '/_bulk',
      ndjson: deletes.join(''),
    });
    const failed = (response.body.items as Record<string, { status: number }>[]).filter((item) => {
      const status = Object.values(item)[0]!.status;
      return status >= 300 && status !== 404;
    });
    if (failed.length > 0) {
      throw new Error(
        `rollover duplicate removal: ${failed.length} of ${deletes.length} copies could not be deleted`,
      );
    }
    return copies;
  }

  async #readGenerations(stream: string): Promise<void> {
    const { body } = await expectOk(this.#transport(), `backing indices of ${stream}`, {
      method: 'GET',
      path: `/${stream}/_settings/index.creation_date`,
    });
    const generations = Object.entries(
      body as Record<string, { settings: { index: { creation_date: string } } }>,
    )
      .map(([name, { settings }]) => ({
        index: name,
        createdMs: Number(settings.index.creation_date),
      }))
      .sort((a, b) => a.createdMs - b.createdMs || a.index.localeCompare(b.index));
    this.#generations.set(stream, generations);
  }
}
