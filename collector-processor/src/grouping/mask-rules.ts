/**
 * The parameterization rules: each names one kind of dynamic data and the
 * placeholder that replaces it. They are applied in this order, because the
 * earlier kinds contain the later ones (a URL holds a hostname and numbers,
 * a date holds numbers, a traceparent holds hex runs). Every pattern is
 * compiled once, when this module loads, never per message.
 */
export interface MaskRule {
  /** Stable name, used in tests and documentation. */
  readonly name: string;
  readonly pattern: RegExp;
  /** Replacement text, may use `$1`-style group references. */
  readonly replacement: string;
  /**
   * A cheap precondition (a substring or a character scan): when false, the
   * regular expression is not run. Most rules never match a given message;
   * this keeps them off the hot path.
   */
  readonly when: (message: string) => boolean;
  /** The rule cannot match unless the message holds a hexadecimal run this long. */
  readonly minHexRun: number;
  /** The rule cannot match a message without a digit. */
  readonly needsDigit: boolean;
}

/** Characters that may directly precede a token we mask: start, space or punctuation. */
const B = String.raw`(?<![\w.\-/])`;
/** …and directly follow it (a full stop may end the sentence, not a dotted name). */
const E = String.raw`(?![\w\-]|\.\w)`;

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const DAYS = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun';
const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?`;
const ZONE = String.raw`(?:\s?(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?`;

/** Host-name endings we accept with a single dot; with two or more dots any 2+ letter label goes. */
// A closed list rather than "any short label": dotted identifiers (mapred.task.id,
// com.acme.Foo, lib.dom.ts) must stay readable and must not merge.
const TLDS =
  'com|net|org|io|edu|gov|mil|int|info|biz|local|internal|lan|localdomain|localhost|cloud|dev|app|ai|co|uk|de|fr|jp|cn|hk|ru|br|au|ca|nl|eu|us|kr|tw|it|es|se|ch|pl|be|at|dk|no|fi|cz|ie|nz|sg|za|mx|ar';
/** Size units: a count of bytes is a value whatever unit prints it. */
const SIZE_UNIT = String.raw`(?:[KMGTP]i?B|B|bytes?|[kK]b)`;
/** A comparison before a value ("<1 sec", ">= 5") belongs to the value. */
const CMP = String.raw`(?:[<>~≈]=?\s?)?`;

interface RuleOptions {
  when?: (message: string) => boolean;
  minHexRun?: number;
  /** The rule can only match a message that holds a digit. */
  digits?: boolean;
  /** Case-insensitive matching. */
  i?: boolean;
}

function rule(name: string, source: string, replacement: string, o: RuleOptions = {}): MaskRule {
  return {
    name,
    pattern: new RegExp(source, o.i ? 'gi' : 'g'),
    replacement,
    when: o.when ?? (() => true),
    minHexRun: o.minHexRun ?? 0,
    needsDigit: o.digits ?? false,
  };
}

const MONTH = new RegExp(MONTHS);
/** ISO timestamps need "-" and ":"; the other forms name a month. */
const dateShape = (s: string) => (s.includes('-') && s.includes(':')) || MONTH.test(s);
/** Whether one of the separators occurs at least `n` times. */
const separators =
  (n: number, ...seps: string[]) =>
  (s: string) =>
    seps.some((sep) => {
      let count = 0;
      for (let i = s.indexOf(sep); i >= 0 && count < n; i = s.indexOf(sep, i + 1)) count++;
      return count >= n;
    });
const has =
  (...parts: string[]) =>
  (s: string) =>
    parts.some((p) => s.includes(p));

/**
 * The longest run of hexadecimal characters in a text: one scan per message,
 * shared by every rule that needs such a run (replacements only ever shorten runs).
 */
export function longestHexRun(s: string): number {
  let run = 0;
  let best = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20; // fold A-F to a-f
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) {
      if (++run > best) best = run;
    } else run = 0;
  }
  return best;
}

/** IPv6 needs "::" or seven colons; counting is cheaper than the expression. */
function ipv6Shape(s: string): boolean {
  if (s.includes('::')) return true;
  let colons = 0;
  for (let i = s.indexOf(':'); i >= 0 && colons < 7; i = s.indexOf(':', i + 1)) colons++;
  return colons >= 7;
}

export const MASK_RULES: readonly MaskRule[] = [
  // W3C traceparent: version-traceid-parentid-flags.
  rule(
    'traceparent',
    String.raw`\b[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}\b`,
    '<traceparent>',
    { minHexRun: 32, i: true },
  ),
  rule('url', String.raw`\b[a-z][a-z0-9+.\-]*://[^\s"'<>\`]+`, '<url>', {
    when: has('://'),
    i: true,
  }),
  rule('email', String.raw`\b[\w.+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}\b`, '<email>', {
    when: has('@'),
    i: true,
  }),
  rule(
    'uuid',
    String.raw`\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`,
    '<uuid>',
    { minHexRun: 8, i: true },
  ),
  // MD5 (32), SHA-1 (40), SHA-256 (64), SHA-512 (128) digests as bare hex.
  rule(
    'digest',
    String.raw`\b(?:[0-9a-f]{128}|[0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})\b`,
    '<hash>',
    { minHexRun: 32, i: true },
  ),
  // Dates and times: ISO-8601, RFC-2822-ish and syslog forms, then bare dates and times.
  rule(
    'datetime',
    String.raw`\b\d{4}-\d{2}-\d{2}[T ]${TIME}${ZONE}(?!\d)|\b(?:(?:${DAYS}),?\s+)?(?:\d{1,2}\s+(?:${MONTHS})|(?:${MONTHS})\s+\d{1,2})(?:,?\s+\d{4})?(?:\s+${TIME}${ZONE})?(?:\s+\d{4})?\b`,
    '<date>',
    { digits: true, when: dateShape },
  ),
  rule(
    'date',
    String.raw`\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b`,
    '<date>',
    { when: has('-', '/', '.') },
  ),
  rule('time', String.raw`(?<![\w:.])${TIME}${ZONE}(?![\w:])`, '<time>', { when: has(':') }),
  rule('ipv4', String.raw`(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?![\w.])`, '<ip>', {
    when: has('.'),
  }),
  // IPv6: full form, or compressed with "::" (at least one hex group beside it).
  rule(
    'ipv6',
    String.raw`(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?|::(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})(?![\w:])`,
    '<ip>',
    { when: ipv6Shape, i: true },
  ),
  // Quoted strings: the quote must open after a non-word character, so "don't" is no quote.
  rule('quoted', String.raw`(?<!\w)"[^"\n]*"|(?<!\w)'[^'\n]*'(?!\w)|\`[^\`\n]*\``, '"<str>"', {
    when: has('"', "'", '`'),
  }),
  // File paths: at least two segments, absolute, home- or dot-relative, or Windows.
  rule(
    'path',
    String.raw`(?<![\w.\-/:])(?:[a-z]:\\|~?/|\.{1,2}/)(?:[\w.$@+\-]*[\\/])+[\w.$@+\-]*|(?<![\w.\-/:])/[\w.$@+\-]+\.\w+\b`,
    '<path>',
    { when: has('/', '\\'), i: true },
  ),
  rule(
    'hostname',
    String.raw`${B}(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+(?:${TLDS})\.?(?::\d{1,5})?${E}`,
    '<host>',
    { when: has('.'), i: true },
  ),
  // Any name followed by a port (db-primary:5432, wpad:80) is an address.
  rule('host_port', String.raw`${B}[a-z][\w\-.]*:\d{1,5}(?![\w:.])`, '<host>', {
    when: has(':'),
    i: true,
  }),
  // Colon-separated hex bytes: MAC addresses, WWNs, certificate fingerprints.
  rule('hex_bytes', String.raw`(?<![\w:])(?:[0-9a-f]{2}[:\-]){3,}[0-9a-f]{2}(?![\w:])`, '<hex>', {
    when: separators(3, ':', '-'),
    i: true,
  }),
  // A size, and the same size printed again in another unit: "2048 bytes (2.0 KB)".
  rule(
    'size',
    String.raw`${CMP}(?<![\w.])\d+(?:[.,]\d+)?\s?${SIZE_UNIT}(?:\s\(\d+(?:[.,]\d+)?\s?${SIZE_UNIT}\))?(?![\w])`,
    '<size>',
    { digits: true },
  ),
  rule(
    'duration',
    String.raw`${CMP}(?<![\w.])\d+(?:\.\d+)?\s?(?:ns|us|µs|ms|s|sec|secs|seconds?|min|mins|minutes?|h|hrs?|hours?|days?)\b`,
    '<duration>',
    { digits: true },
  ),
  // key=value: keep the key, it names the thing; mask the value, it varies.
  rule('key_value', String.raw`\b([\w.\-]+)=(?!<\w+>)(?:"[^"]*"|'[^']*'|[^\s,;&)\]}]+)`, '$1=<*>', {
    when: has('='),
  }),
  rule('hex_literal', String.raw`\b0x[0-9a-f]+\b`, '<hex>', { when: has('0x'), i: true }),
  // A bare hex run of six or more with a digit and a letter: addresses, short commit ids.
  rule('hex', String.raw`${B}(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}${E}`, '<hex>', {
    minHexRun: 6,
    i: true,
  }),
  // Identifiers that carry a counter or id (blk_123, job_17_0020, worker-42, core.2275): the
  // digits are the variable part. Short tokens with one digit (utf8, ipv4, s3) are names.
  rule(
    'numbered_id',
    String.raw`${B}(?=[\w\-.]*\d)(?=[\w\-.]*[a-z_])(?:[\w\-.]*\d[\w\-.]*\d[\w\-.]*|[\w\-.]{5,})(?<=\w)${E}`,
    '<id>',
    { digits: true, i: true },
  ),
  rule('number', String.raw`(?<![\w.])[-+]?\d+(?:[.,]\d+)*(?![\w])`, '<num>', { digits: true }),
];
