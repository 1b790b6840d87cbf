import { describe, expect, it } from 'vitest';
import { compileGroupingConfig, groupingConfigVersion, GROUPING_ALGORITHM } from './config.ts';
import { FingerprintRuleError } from './rules.ts';

const rule = { id: 'r1', match: { type: 'Timeout*' }, fingerprint: ['timeouts'] };

describe('grouping configuration versions', () => {
  it('derives the version from the content, prefixed by the algorithm', () => {
    const v = groupingConfigVersion({ maxFrames: 2, rules: [] });
    expect(v).toMatch(new RegExp(`^${GROUPING_ALGORITHM}-[0-9a-f]{12}$`));
    expect(groupingConfigVersion({ maxFrames: 2, rules: [] })).toBe(v);
  });

  it('changes the version when a rule or a limit changes', () => {
    const base = groupingConfigVersion({ maxFrames: 2, rules: [rule] });
    expect(groupingConfigVersion({ maxFrames: 3, rules: [rule] })).not.toBe(base);
    expect(
      groupingConfigVersion({ maxFrames: 2, rules: [{ ...rule, fingerprint: ['other'] }] }),
    ).not.toBe(base);
  });

  it('ignores the order of keys inside a rule', () => {
    const a = { id: 'r', match: { type: 'A', service: 'B' }, fingerprint: ['x'] };
    const b = { fingerprint: ['x'], match: { service: 'B', type: 'A' }, id: 'r' };
    expect(groupingConfigVersion({ maxFrames: 2, rules: [a] })).toBe(
      groupingConfigVersion({ maxFrames: 2, rules: [b] }),
    );
  });

  it('rejects a bad frame limit and a bad rule when compiled, naming the rule', () => {
    expect(() => compileGroupingConfig({ maxFrames: 0, rules: [] })).toThrow(RangeError);
    const bad = { id: 'broken', match: { message: '/([a-/' }, fingerprint: ['x'] };
    expect(() => compileGroupingConfig({ maxFrames: 2, rules: [bad] })).toThrow(
      FingerprintRuleError,
    );
    expect(() => compileGroupingConfig({ maxFrames: 2, rules: [bad] })).toThrow(/"broken"/);
  });
});
