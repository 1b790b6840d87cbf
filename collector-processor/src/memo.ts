/**
 * A bounded memo for pure functions of a text: error streams repeat the same
 * stack traces and messages constantly, so their parsed forms are kept for
 * the most recently used texts. Bounded by entries and by the characters of
 * the texts kept; a text longer than a tenth of that is never kept.
 *
 * Streams also carry texts seen once (a stack whose first line holds a
 * request id): only every `admitEvery`-th miss is kept, so such texts cost a
 * lookup and rarely an insert and an eviction, while a text that keeps coming
 * back gets in after a few sightings.
 *
 * Kept values are shared by every caller that asks for the same text: they
 * are deep-frozen when kept, so no caller can change another's.
 */
export interface TextMemoOptions {
  readonly maxEntries?: number;
  readonly maxChars?: number;
  readonly admitEvery?: number;
}

export class TextMemo<V> {
  readonly #maxEntries: number;
  readonly #maxChars: number;
  readonly #admitEvery: number;
  readonly #map = new Map<string, V>();
  #chars = 0;
  #misses = 0;

  constructor(options: TextMemoOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 1000;
    this.#maxChars = options.maxChars ?? 4 * 1024 * 1024;
    this.#admitEvery = options.admitEvery ?? 4;
  }

  /** The value for `text`, computed by `compute` when it is not kept. */
  get(text: string, compute: (text: string) => V): V {
    const map = this.#map;
    const kept = map.get(text);
    if (kept !== undefined || map.has(text)) {
      // Most recently used last: the oldest entry is the first to go.
      map.delete(text);
      map.set(text, kept as V);
      return kept as V;
    }
    const value = compute(text);
    if (++this.#misses % this.#admitEvery !== 0 || text.length * 10 > this.#maxChars) return value;
    while (map.size >= this.#maxEntries || this.#chars + text.length > this.#maxChars) {
      const oldest = map.keys().next().value as string;
      map.delete(oldest);
      this.#chars -= oldest.length;
    }
    map.set(text, deepFreeze(value));
    this.#chars += text.length;
    return value;
  }

  get size(): number {
    return this.#map.size;
  }
}

/** Freezes a value and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
