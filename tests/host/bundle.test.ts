import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureHostBundle, metafileFile } from './build.ts';

type Metafile = { inputs: Record<string, unknown> };
let inputs: string[];

beforeAll(async () => {
  await ensureHostBundle();
  inputs = Object.keys((JSON.parse(readFileSync(metafileFile, 'utf8')) as Metafile).inputs);
});

// The package a bundled file belongs to, with the packages it is nested under.
function packageChain(input: string): string[] {
  return input
    .split('node_modules/')
    .slice(1)
    .map((part) =>
      part
        .split('/')
        .slice(0, part.startsWith('@') ? 2 : 1)
        .join('/'),
    );
}

describe('the host bundle', () => {
  it.each([
    'react',
    'react-dom',
    'rxjs',
    '@grafana/data',
    '@grafana/ui',
    '@grafana/runtime',
    '@grafana/i18n',
  ])('holds one copy of %s, the top-level one', (name) => {
    const copies = new Set(
      inputs
        .map(packageChain)
        .filter((chain) => chain.at(-1) === name)
        .map((chain) => chain.join(' > ')),
    );
    expect([...copies]).toEqual([name]);
  });

  it("gives @grafana/ui's CustomScrollbar the scrollbars component, not the CommonJS module object", () => {
    expect(inputs).toContain('custom-scrollbars-interop:react-custom-scrollbars-2');
  });
});
