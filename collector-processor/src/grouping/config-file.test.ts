import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { DEFAULT_GROUPING_CONFIG } from './config.ts';
import { loadGroupingConfig } from './config-file.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-grouping-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string) {
  const at = path.join(dir, name);
  await writeFile(at, text);
  return { FAULTLINE_GROUPING_CONFIG_FILE: at };
}

const rule = { id: 'timeouts', match: { type: 'Timeout*' }, fingerprint: ['timeouts'] };

describe('FAULTLINE_GROUPING_CONFIG_FILE', () => {
  it('unset: the default configuration', () => {
    expect(loadGroupingConfig({})).toBe(DEFAULT_GROUPING_CONFIG);
  });

  it('reads maxFrames and rules into the pipeline settings', async () => {
    const env = await file('ok.json', JSON.stringify({ maxFrames: 3, rules: [rule] }));
    expect(loadConfig(env).pipeline.grouping).toEqual({ maxFrames: 3, rules: [rule] });
    const rulesOnly = await file('rules.json', JSON.stringify({ rules: [rule] }));
    expect(loadGroupingConfig(rulesOnly).maxFrames).toBe(DEFAULT_GROUPING_CONFIG.maxFrames);
  });

  it.each([
    ['missing.json', undefined, /cannot be read/],
    ['bad.json', '{ rules: [', /is not JSON/],
    ['shape.json', JSON.stringify({ rules: [{ id: 'x', fingerprint: ['a'] }] }), /\/rules\/0/],
    ['unknown.json', JSON.stringify({ maxframes: 2 }), /maxframes/],
    [
      'regex.json',
      JSON.stringify({ rules: [{ ...rule, id: 'broken', match: { message: '/([a-/' } }] }),
      /"broken"/,
    ],
    ['twice.json', JSON.stringify({ rules: [rule, rule] }), /"timeouts" is used twice/],
  ])(
    '%s stops the start with a ConfigError naming the variable and the problem',
    async (name, text, why) => {
      const env =
        text === undefined
          ? { FAULTLINE_GROUPING_CONFIG_FILE: path.join(dir, name) }
          : await file(name, text);
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(/^FAULTLINE_GROUPING_CONFIG_FILE \(/);
      expect(() => loadConfig(env)).toThrow(why);
    },
  );
});
