import type { Attributes, OtlpValue } from '../otlp/model.ts';

/**
 * Reads fields from layered attributes (most specific first) and remembers
 * which keys it used, so that what normalize turned into a field is not
 * repeated under `attributes`.
 */
export class AttributeLookup {
  readonly #layers: readonly Attributes[];
  readonly consumed = new Set<string>();

  constructor(layers: readonly Attributes[]) {
    this.#layers = layers;
  }

  /** The first non-empty value under any of the names, or undefined. */
  find(names: readonly string[]): { key: string; value: OtlpValue } | undefined {
    for (const layer of this.#layers) {
      for (const key of names) {
        const value = layer.get(key);
        if (value !== undefined && value !== null) return { key, value };
      }
    }
    return undefined;
  }

  /** Like find, converted; the key counts as used only when the conversion succeeds. */
  take<T>(names: readonly string[], convert: (v: OtlpValue) => T | undefined): T | undefined {
    const found = this.find(names);
    if (!found) return undefined;
    const converted = convert(found.value);
    if (converted !== undefined) this.consumed.add(found.key);
    return converted;
  }
}
