import type { FaultlineEvent } from '../schema/index.ts';
import { passesLuhn } from './luhn.ts';
import type { PipelineRules } from './rules.ts';
import { FILTERED, type ScrubRules } from './scrub-rules.ts';
import type { Scalar } from './values.ts';

/**
 * Stage 4: secrets and personal data are redacted on the server too, whatever
 * the sender did: in the message, error message and stack trace, URL query
 * values, request data and attributes. Keys that name secrets lose their
 * values; values that look like secrets (card numbers passing Luhn, bearer
 * tokens, configured patterns, e-mails when asked) are replaced where they are.
 */

/**
 * A run of digit groups ("4111 1111 1111 1111 4") may hold a card number and
 * more: the longest Luhn-valid stretch of whole groups (13–19 digits) from
 * each group on is redacted, the rest kept.
 */
function redactCards(run: string): string {
  const parts = run.split(/([ -])/); // digit groups at even indexes, separators at odd ones
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    let end = -1;
    let digits = '';
    for (let j = i; j < parts.length && digits.length <= 19; j += 2) {
      digits += parts[j];
      if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) end = j;
    }
    if (end >= 0) {
      out.push(FILTERED, parts[end + 1] ?? '');
      i = end;
    } else {
      out.push(parts[i]!, parts[i + 1] ?? '');
    }
  }
  return out.join('');
}

export function scrubText(text: string, rules: ScrubRules): string {
  let out = text;
  if (rules.mayHoldKeyed.test(out)) {
    out = out
      .replace(rules.keyValueInText, (_m, key: string, sep: string) => `${key}${sep}${FILTERED}`)
      .replace(rules.bearer, (_m, scheme: string) => `${scheme} ${FILTERED}`);
  }
  out = out.replace(rules.cardCandidate, redactCards);
  if (rules.email && out.includes('@')) out = out.replace(rules.email, FILTERED);
  for (const pattern of rules.extraValues) out = out.replace(pattern, FILTERED);
  return out;
}

const scrubOptional = (text: string | undefined, rules: ScrubRules) =>
  text === undefined ? undefined : scrubText(text, rules);

/** `a=1&password=x` → `a=1&password=[Filtered]`; values are also scrubbed as text. */
export function scrubQuery(query: string, rules: ScrubRules): string {
  return query
    .split('&')
    .map((pair) => {
      const at = pair.indexOf('=');
      if (at < 0) return pair;
      const key = safeDecode(pair.slice(0, at));
      if (rules.sensitiveKey.test(key.toLowerCase())) return `${pair.slice(0, at)}=${FILTERED}`;
      return `${pair.slice(0, at)}=${scrubText(pair.slice(at + 1), rules)}`;
    })
    .join('&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function scrubUrl(full: string, rules: ScrubRules): string {
  const at = full.indexOf('?');
  const base = full.replace(/\/\/[^/@\s]*:[^/@\s]*@/, `//${FILTERED}@`); // user:password@host
  if (at < 0) return scrubText(base, rules);
  const hash = full.indexOf('#', at);
  const query = full.slice(at + 1, hash < 0 ? undefined : hash);
  const head = base.slice(0, base.indexOf('?'));
  return `${scrubText(head, rules)}?${scrubQuery(query, rules)}${hash < 0 ? '' : full.slice(hash)}`;
}

function scrubAttributes(
  attributes: Record<string, Scalar>,
  rules: ScrubRules,
): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (rules.sensitiveKey.test(key.toLowerCase())) out[key] = FILTERED;
    else out[key] = typeof value === 'string' ? scrubText(value, rules) : value;
  }
  return out;
}

export function scrub(event: FaultlineEvent, pipelineRules: PipelineRules): FaultlineEvent {
  const rules = pipelineRules.scrub;
  if (!rules) return event;
  const out: FaultlineEvent = { ...event, message: scrubText(event.message, rules) };
  if (event.error) {
    out.error = {
      ...event.error,
      message: scrubOptional(event.error.message, rules),
      stack_trace: scrubOptional(event.error.stack_trace, rules),
    };
  }
  if (event.url) {
    out.url = {
      path: scrubOptional(event.url.path, rules),
      query: event.url.query === undefined ? undefined : scrubQuery(event.url.query, rules),
      full: event.url.full === undefined ? undefined : scrubUrl(event.url.full, rules),
    };
  }
  if (rules.email && event.user?.email) out.user = { ...event.user, email: FILTERED };
  if (event.attributes) out.attributes = scrubAttributes(event.attributes, rules);
  return out;
}
