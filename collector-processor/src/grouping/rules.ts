import type { FaultlineEvent } from '../schema/index.ts';

/**
 * Custom fingerprint rules, as written in configuration or sent to the API.
 * Every `match` condition must hold (a missing one matches anything). Values
 * are globs (`*` any run of characters, `?` one character), or regular
 * expressions written `/source/flags`. The first matching rule wins.
 */
export interface FingerprintRule {
  readonly id: string;
  readonly match: {
    readonly type?: string;
    readonly message?: string;
    readonly module?: string;
    readonly service?: string;
    readonly attributes?: Readonly<Record<string, string>>;
  };
  /**
   * The parts of the key, in order. `{{ default }}` is the default key's
   * parts, `{{ type }}`, `{{ message }}` (parameterized), `{{ module }}` and
   * `{{ service }}` are the event's; anything else is a literal.
   */
  readonly fingerprint: readonly string[];
}

export interface CompiledRule {
  readonly id: string;
  readonly test: (event: FaultlineEvent) => boolean;
  readonly fingerprint: readonly string[];
}

export class FingerprintRuleError extends Error {
  constructor(ruleId: string, detail: string) {
    super(`fingerprint rule "${ruleId}": ${detail}`);
    this.name = 'FingerprintRuleError';
  }
}

function compileMatcher(ruleId: string, pattern: string): RegExp {
  const re = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (re) {
    try {
      return new RegExp(re[1]!, re[2]!.replace('g', ''));
    } catch (e) {
      throw new FingerprintRuleError(ruleId, `bad regular expression ${pattern}: ${String(e)}`);
    }
  }
  const glob = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${glob}$`, 's');
}

function eventModule(event: FaultlineEvent): string {
  return event.faultline.module ?? event.error?.frames?.find((f) => f.in_app)?.module ?? '';
}

export function compileRule(rule: FingerprintRule): CompiledRule {
  if (!rule.id) throw new FingerprintRuleError('?', 'a rule needs an id');
  if (rule.fingerprint.length === 0) throw new FingerprintRuleError(rule.id, 'empty fingerprint');
  const checks: ((e: FaultlineEvent) => boolean)[] = [];
  const { type, message, module, service, attributes } = rule.match;
  const add = (pattern: string | undefined, get: (e: FaultlineEvent) => string) => {
    if (pattern === undefined) return;
    const re = compileMatcher(rule.id, pattern);
    checks.push((e) => re.test(get(e)));
  };
  add(type, (e) => e.error?.type ?? '');
  add(message, (e) => e.error?.message ?? e.message);
  add(module, eventModule);
  add(service, (e) => e.service?.name ?? '');
  for (const [key, pattern] of Object.entries(attributes ?? {})) {
    add(pattern, (e) => {
      const v = e.attributes?.[key];
      return v === undefined ? '' : String(v);
    });
  }
  return {
    id: rule.id,
    test: (e) => checks.every((c) => c(e)),
    fingerprint: [...rule.fingerprint],
  };
}

export { eventModule };
