/**
 * What scrub redacts, compiled once at start (as pino compiles its redaction
 * paths when the logger is built, not per line).
 */

export const FILTERED = '[Filtered]';

/** Keys whose values are secrets wherever they appear (attribute keys, query and form parameters). */
const DEFAULT_KEY_PATTERN =
  'passw(?:or)?d|passwd|secret|token|authorization|cookie|api[._-]?key|access[._-]?key|private[._-]?key|credential|(?:^|[._-])(?:pwd|auth)$';

export interface ScrubRules {
  /** A cheap first look: text without any of these words has no key=value secret or auth scheme. */
  readonly mayHoldKeyed: RegExp;
  /** Tests a key (lower-cased, dotted attribute key or parameter name). */
  readonly sensitiveKey: RegExp;
  /** `key=value` / `"key": "value"` in free text, for the keys above; value in group 3. */
  readonly keyValueInText: RegExp;
  readonly bearer: RegExp;
  /** Runs of 13 or more digits with optional single spaces or dashes; searched for Luhn-valid card numbers. */
  readonly cardCandidate: RegExp;
  readonly email: RegExp | undefined;
  readonly extraValues: readonly RegExp[];
}

export interface ScrubOptions {
  readonly emails: boolean;
  readonly keys: readonly string[];
  readonly patterns: readonly string[];
}

export function compileScrubRules(options: ScrubOptions): ScrubRules {
  const keyAlternatives = [DEFAULT_KEY_PATTERN, ...options.keys.map((k) => `(?:${k})`)].join('|');
  const keyWord =
    '(?:passw(?:or)?d|passwd|pwd|secret|(?:access|refresh|id|auth|csrf|session)?[_-]?token|authorization|cookie|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?' +
    options.keys.map((k) => `|(?:${k})`).join('') +
    ')';
  const words = [
    'passw',
    'pwd',
    'secret',
    'token',
    'auth',
    'cookie',
    'key',
    'credential',
    'basic',
    'bearer',
  ];
  return {
    mayHoldKeyed: new RegExp([...words, ...options.keys.map((k) => `(?:${k})`)].join('|'), 'iu'),
    sensitiveKey: new RegExp(keyAlternatives, 'iu'),
    keyValueInText: new RegExp(
      `(["']?\\b${keyWord}["']?)(\\s*[:=]\\s*["']?)((?:(?:Bearer|Basic|Token)\\s+)?[^\\s"'&,;]+)`,
      'giu',
    ),
    bearer: /\b(Bearer|Basic|Token)\s+[A-Za-z0-9\-._~+/]{8,}=*/giu,
    cardCandidate: /(?<!\d)\d(?:[ -]?\d){12,}(?!\d)/gu,
    // Starts only where a run of address characters starts, and every part is bounded,
    // so a long run without an address costs one pass, not one per position.
    email: options.emails
      ? /(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/giu
      : undefined,
    extraValues: options.patterns.map((p) => new RegExp(p, 'gu')),
  };
}
