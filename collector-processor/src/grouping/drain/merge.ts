import { isPlaceholder } from '../parameterize.ts';
import { WILDCARD } from './options.ts';
import { templateSimilarity } from './similarity.ts';

export interface PatternTemplate {
  /** The pattern id (fingerprint key). */
  readonly key: string;
  /** Its parameterized message in key form (placeholders as `<*>`), tokens separated by spaces. */
  readonly template: string;
  /** Patterns merge only with patterns of the same scope (the key's other parts: family, error type). */
  readonly scope?: string;
}

export interface MergeProposal {
  /** The pattern the others would merge into: the smallest key, so every replica names the same one. */
  readonly into: string;
  readonly keys: readonly string[];
  /** The template covering all of them. */
  readonly template: string;
}

export interface MergeOptions {
  /** Distinct literal values a position must take across patterns before it counts as a variable. */
  readonly minDistinctValues: number;
  /** Literal tokens the shared template must keep, so short messages never collapse into one. */
  readonly minLiteralTokens: number;
}

export const DEFAULT_MERGE_OPTIONS: MergeOptions = Object.freeze({
  minDistinctValues: 3,
  minLiteralTokens: 3,
});

/**
 * Near-duplicate message patterns: templates equal but for one position,
 * where that position takes at least `minDistinctValues` different words
 * across the patterns (a user name, a table, a queue: a variable the mask
 * rules could not recognise). Two values are treated as two meanings
 * ("started" / "stopped"), many as a variable.
 *
 * The result is a function of the SET of patterns, computed in a canonical
 * order, never of arrival order: any replica holding the same patterns
 * proposes the same merges, into the same target (the smallest key).
 * Accepting one is a stored decision (`merged_into`); pattern ids stay the
 * fingerprints.
 */
export function proposeMerges(
  patterns: readonly PatternTemplate[],
  options: Partial<MergeOptions> = {},
): MergeProposal[] {
  const { minDistinctValues, minLiteralTokens } = { ...DEFAULT_MERGE_OPTIONS, ...options };
  const unique = new Map<string, string>();
  const scopeOf = new Map<string, string>();
  for (const p of patterns) {
    unique.set(p.key, p.template);
    scopeOf.set(p.key, p.scope ?? '');
  }

  // signature (template with one literal position wildcarded) → keys and distinct values there
  const groups = new Map<string, Group>();
  for (const [key, template] of unique) {
    const tokens = template.split(' ');
    const literals = tokens.filter((t) => !isPlaceholder(t)).length;
    // The scope leads the group key (JSON-quoted, so no scope can end inside another).
    const prefix = `${JSON.stringify(scopeOf.get(key))}|${tokens.length}|`;
    // A template that already has a wildcard joins the group of that signature as itself.
    addTo(groups, prefix, template, key, WILDCARD);
    if (literals - 1 < minLiteralTokens) continue;
    tokens.forEach((token, i) => {
      if (isPlaceholder(token)) return;
      const signature = tokens.map((t, j) => (j === i ? WILDCARD : t)).join(' ');
      addTo(groups, prefix, signature, key, token);
    });
  }

  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const templateOf = new Map<string, string>();
  for (const [, group] of [...groups].sort(([a], [b]) => cmp(a, b))) {
    const literalValues = [...group.values].filter((v) => v !== WILDCARD).length;
    if (group.keys.size < 2 || literalValues < minDistinctValues) continue;
    const keys = [...group.keys].sort(cmp);
    for (const k of keys.slice(1)) union(keys[0]!, k);
    templateOf.set(keys[0]!, group.template);
  }

  const members = new Map<string, string[]>();
  for (const key of [...unique.keys()].sort(cmp)) {
    const root = find(key);
    const list = members.get(root);
    if (list) list.push(key);
    else members.set(root, [key]);
  }
  const proposals: MergeProposal[] = [];
  for (const [into, keys] of members) {
    if (keys.length < 2) continue;
    const template = templateOf.get(into) ?? unique.get(into)!;
    proposals.push({ into, keys, template });
  }
  return proposals.sort((a, b) => cmp(a.into, b.into));
}

interface Group {
  readonly template: string;
  readonly keys: Set<string>;
  readonly values: Set<string>;
}

function addTo(
  groups: Map<string, Group>,
  prefix: string,
  template: string,
  key: string,
  value: string,
) {
  const g = groups.get(prefix + template) ?? { template, keys: new Set(), values: new Set() };
  g.keys.add(key);
  g.values.add(value);
  groups.set(prefix + template, g);
}

/** Patterns whose template is at least `threshold` similar to the given one, most similar first. */
export function similarPatterns(
  template: string,
  candidates: readonly PatternTemplate[],
  threshold: number,
): { key: string; score: number }[] {
  const tokens = template.split(' ');
  return candidates
    .map((c) => ({ key: c.key, score: templateSimilarity(c.template.split(' '), tokens).score }))
    .filter((c) => c.score >= threshold)
    .sort((a, b) => b.score - a.score || cmp(a.key, b.key));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
