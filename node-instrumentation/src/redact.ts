// Scrubbing of everything that leaves the process. The rules are compiled
// once, into one key pattern and a short list of value patterns, when init()
// builds the redactor; each call then costs a few regular-expression tests,
// and none for a key or short value met before: attribute keys and most
// values (method, host, user agent, route) repeat from span to span, so
// their results are remembered (a bounded memo, emptied when full).

export const REDACTED = '[REDACTED]';

/** Sensitive attribute keys by default (matched anywhere in the key, case-insensitively). */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'authorization',
  'cookie',
  'api[-_.]?key',
  'x-api-key',
  'private[-_.]?key',
  'credential',
  'client[-_.]?secret',
]);

export interface RedactionOptions {
  /** Extra sensitive key patterns (regular-expression sources or plain words). */
  keys?: readonly string[];
  /** Replace the default key list instead of extending it. */
  replaceDefaultKeys?: boolean;
  /** Also replace anything that looks like an e-mail address. Default false. */
  emails?: boolean;
  /** Extra value patterns; every match is replaced. */
  values?: readonly RegExp[];
}

export interface Redactor {
  /** True when the key names a secret. */
  isSensitiveKey(key: string): boolean;
  /** The value with secrets inside it replaced; objects and arrays are copied, never mutated. */
  value(key: string, value: unknown): unknown;
  /** A string with card numbers, bearer tokens, `key=secret` pairs (and e-mails) replaced. */
  text(text: string): string;
}

const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const MAX_DEPTH = 8;
// Distinct strings remembered per memo, and the longest remembered (stacks
// and bodies are longer, and rarely repeat).
const MEMO_ENTRIES = 1024;
const MEMO_MAX_LENGTH = 256;

export function compileRedactor(options: RedactionOptions = {}): Redactor {
  const words = [
    ...(options.replaceDefaultKeys ? [] : DEFAULT_SENSITIVE_KEYS),
    ...(options.keys ?? []),
  ];
  const keyPattern = words.length > 0 ? new RegExp(words.map(group).join('|'), 'i') : undefined;
  // `password=hunter2` inside a query string, a message or a log line.
  const pairPattern = keyPattern
    ? new RegExp(`((?:${words.map(group).join('|')})[\\w.-]*\\s*[=:]\\s*)([^&;,\\s"']+)`, 'gi')
    : undefined;
  const extraValues = (options.values ?? []).map(
    (pattern) =>
      new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`),
  );
  const emails = options.emails === true;

  const isSensitiveKey = remembered((key: string): boolean => keyPattern?.test(key) ?? false);

  const text = remembered((input: string): string => {
    let out = input;
    if (/\d/.test(out))
      out = out.replace(CARD_CANDIDATE, (match) => (luhn(match) ? REDACTED : match));
    if (pairPattern && /[=:]/.test(out)) out = out.replace(pairPattern, `$1${REDACTED}`);
    out = out.replace(BEARER, `$1 ${REDACTED}`);
    if (emails && out.includes('@')) out = out.replace(EMAIL, REDACTED);
    for (const pattern of extraValues) out = out.replace(pattern, REDACTED);
    return out;
  });

  const value = (key: string, input: unknown, depth = 0): unknown => {
    if (key !== '' && isSensitiveKey(key)) return REDACTED;
    if (typeof input === 'string') return text(input);
    if (input === null || typeof input !== 'object') return input;
    if (depth >= MAX_DEPTH) return '[too deep]';
    if (Array.isArray(input)) return input.map((item) => value('', item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) copy[k] = value(k, v, depth + 1);
    return copy;
  };

  return { isSensitiveKey, value: (key, input) => value(key, input), text };
}

/** `compute`, remembering its result for strings up to MEMO_MAX_LENGTH long. */
function remembered<T>(compute: (input: string) => T): (input: string) => T {
  const memo = new Map<string, T>();
  return (input) => {
    if (input.length > MEMO_MAX_LENGTH) return compute(input);
    let result = memo.get(input);
    if (result === undefined) {
      result = compute(input);
      if (memo.size >= MEMO_ENTRIES) memo.clear();
      memo.set(input, result);
    }
    return result;
  };
}

function group(word: string): string {
  return `(?:${word})`;
}

/** The Luhn checksum that every payment card number satisfies (and most random digit runs do not). */
export function luhn(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
