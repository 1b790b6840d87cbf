import {
  redirectedIncrement,
  type PatternIncrement,
  type PatternStore,
} from '../store/patterns.ts';

/**
 * Events of a merged pattern count in its merge target too, so the target
 * (the pattern the list shows) keeps growing after a merge. The source keeps
 * its own counters as well, so unmerge restores it whole; each increment
 * counted in the target also grows the source's merged_count (in the same
 * atomic upsert), which is what unmerge takes back off the target.
 *
 * Whether a pattern is merged is read from the store once per pattern and
 * remembered for `ttlMs`: merges are rare and a read per pattern per write
 * would cost a round trip. A merge is honoured within that delay (events in
 * between count only in the source, and merged_count stays exact); an
 * unmerge seen late lets the target overcount by the events of that delay.
 */
export class MergeRedirects {
  readonly #patterns: PatternStore;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #known = new Map<string, { into: string | undefined; until: number }>();

  constructor(patterns: PatternStore, ttlMs = 10_000, now: () => number = Date.now) {
    this.#patterns = patterns;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** The increments, each merged pattern's also added as an increment of its target. */
  async expand(increments: readonly PatternIncrement[]): Promise<PatternIncrement[]> {
    const out: PatternIncrement[] = [];
    for (const inc of increments) {
      const into = await this.#mergedInto(inc.id);
      if (into === undefined) out.push(inc);
      else out.push(...redirectedIncrement(inc, into));
    }
    return out;
  }

  async #mergedInto(id: string): Promise<string | undefined> {
    const now = this.#now();
    const known = this.#known.get(id);
    if (known && known.until > now) return known.into;
    const into = (await this.#patterns.get(id))?.merged_into;
    // Bounded: forget everything rather than grow without limit.
    if (this.#known.size >= 100_000) this.#known.clear();
    this.#known.set(id, { into, until: now + this.#ttlMs });
    return into;
  }
}
