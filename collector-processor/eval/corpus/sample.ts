/** One labelled exception of the stack-trace corpus: which bug raised it, and what a service would report. */
export interface StackSample {
  readonly bug: string;
  readonly lang: 'node' | 'python' | 'java';
  readonly type: string;
  readonly message: string;
  readonly stack: string;
}

/** A small seeded generator, so the corpus is the same on every run and every machine. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
