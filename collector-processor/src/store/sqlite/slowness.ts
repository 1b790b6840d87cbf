/**
 * An event's slowness class: a quarter of an octave of its duration (classes
 * 19 % wide; NULL for none). Growing with the duration, so `duration >= x`
 * implies `SLOWNESS >= class of x`. Indexed by class then time, a batch's
 * inserts land at the ends of a few dozen classes instead of all over an
 * index ordered by duration (which grew slower to write as it grew).
 */
export const SLOWNESS = 'CAST(log2(duration + 1) * 4 AS INTEGER)';
export const slownessOf = (ns: string) => SLOWNESS.replace('duration', ns);
