import { AppPlugin } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { plugin } from './module.tsx';

describe('module', () => {
  it('exports an app plugin with a root page and the configuration page', () => {
    expect(plugin).toBeInstanceOf(AppPlugin);
    expect(plugin.root).toBeTypeOf('function');
    expect(plugin.configPages?.map((p) => [p.id, p.title, p.icon])).toEqual([
      ['configuration', 'Configuration', 'cog'],
    ]);
  });
});
