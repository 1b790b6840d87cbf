// Express 4 for the tests that prove the router Layer patch on both majors.
// It is installed as the npm alias `express4`, but instrumentations recognise
// a package by the directory it is loaded from (`node_modules/express/…`),
// so the tests load a copy placed under that name. The copy sits inside this
// package's node_modules, where Express 4's hoisted dependencies resolve.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from './built-package.ts';

const requireHere = createRequire(import.meta.url);

/** The directory of an Express 4 package named `express`, for FIXTURE_EXPRESS. */
export function express4Dir(): string {
  const source = dirname(requireHere.resolve('express4/package.json'));
  const target = join(
    packageRoot,
    'node_modules',
    '.faultline-express4',
    'node_modules',
    'express',
  );
  const wanted = versionOf(source);
  if (!existsSync(join(target, 'package.json')) || versionOf(target) !== wanted) {
    rmSync(target, { recursive: true, force: true });
    cpSync(source, target, { recursive: true, dereference: true });
  }
  if (!wanted.startsWith('4.')) throw new Error(`express4 is Express ${wanted}, not 4`);
  return target;
}

function versionOf(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string })
    .version;
}
