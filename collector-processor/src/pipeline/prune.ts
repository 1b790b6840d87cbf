/** Drops undefined values and objects left empty, so documents carry only what is known. */
export function prune<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const pruned = prune(v);
    const empty =
      pruned === undefined ||
      (typeof pruned === 'object' &&
        pruned !== null &&
        !Array.isArray(pruned) &&
        Object.keys(pruned).length === 0);
    if (!empty) out[k] = pruned;
  }
  return out as T;
}
