import { longestHexRun, MASK_RULES, type MaskRule } from './mask-rules.ts';

/** A placeholder left by a mask rule: `<num>`, `<ip>`, `<*>`, … */
const PLACEHOLDER = /^<(?:[a-z0-9_]+|\*)>$/;
/** A placeholder, or several separated only by spaces or separators: one variable value. */
const PLACEHOLDER_RUN = /<(?:[a-z0-9_]+|\*)>(?:[\s,:;/._-]*<(?:[a-z0-9_]+|\*)>)*/g;
/** Whitespace that is not already a single space. */
const SPACES = /\s{2,}|[^\S ]/g;
const DIGIT = /\d/;
/** Messages longer than this are cut before masking: grouping needs the head, not a megabyte. */
export const MAX_MESSAGE_CHARS = 2048;

/**
 * Replaces every kind of dynamic data in a message with a typed placeholder,
 * so that occurrences of one message template read the same. Pure and
 * order-independent: the result depends on this message only.
 */
export function parameterize(message: string, rules: readonly MaskRule[] = MASK_RULES): string {
  let out = message.length > MAX_MESSAGE_CHARS ? message.slice(0, MAX_MESSAGE_CHARS) : message;
  // Measured once: replacements never add digits or lengthen hexadecimal runs.
  const hexRun = longestHexRun(out);
  const digit = DIGIT.test(out);
  for (const r of rules) {
    if (r.minHexRun > hexRun || (r.needsDigit && !digit) || !r.when(out)) continue;
    out = out.replace(r.pattern, r.replacement);
  }
  return out.replace(SPACES, ' ').trim();
}

/**
 * The form of a parameterized message that enters the grouping key: every
 * placeholder becomes `<*>` and runs of them collapse into one, because the
 * same variable may be printed as a number once and as a host name the next
 * time, or as a list of varying length.
 */
export function keyForm(parameterized: string): string {
  return parameterized.replace(PLACEHOLDER_RUN, '<*>');
}

export function isPlaceholder(token: string): boolean {
  return PLACEHOLDER.test(token);
}
