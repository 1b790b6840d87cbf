/** Drops undefined values and objects left empty, so documents carry only what is known. */
export function prune<T>(value: T): T {
  if (!isPlainObject(value)) return value;
  return (pruneObject(value) ?? {}) as T;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The object without undefined values and empty objects; undefined when nothing is left. */
function pruneObject(value: Record<string, unknown>): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const v = value[key];
    const kept = isPlainObject(v) ? pruneObject(v) : v;
    if (kept !== undefined) (out ??= {})[key] = kept;
  }
  return out;
}
