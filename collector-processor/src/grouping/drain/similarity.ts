import { WILDCARD } from './options.ts';

/**
 * Drain's similarity of a template and a message of the same length: the
 * share of positions where they hold the same token. Positions where the
 * template already has a wildcard count as neither equal nor different for
 * the score but are returned as `wildcards`, to break ties towards the more
 * general template, as Drain does.
 */
export function templateSimilarity(
  template: readonly string[],
  tokens: readonly string[],
): { score: number; wildcards: number } {
  if (template.length !== tokens.length) return { score: 0, wildcards: 0 };
  if (template.length === 0) return { score: 1, wildcards: 0 };
  let equal = 0;
  let wildcards = 0;
  for (let i = 0; i < template.length; i++) {
    if (template[i] === WILDCARD) wildcards++;
    else if (template[i] === tokens[i]) equal++;
  }
  return { score: equal / template.length, wildcards };
}

/** The template that covers both: differing positions become wildcards. */
export function mergeTemplate(template: readonly string[], tokens: readonly string[]): string[] {
  return template.map((t, i) => (t === tokens[i] ? t : WILDCARD));
}
