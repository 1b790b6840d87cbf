// Express 4 for the tests that prove the router Layer patch on both majors.
// It is installed as the npm alias `express4`, but instrumentations recognise
// a package by the directory it is loaded from (`node_modules/express/…`),
// so the tests load a copy placed under that name. The copy sits inside this
// package's node_modules, where Express 4's hoisted dependencies resolve.
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
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
  if (wanted === undefined || !wanted.startsWith('4.')) {
    throw new Error(`express4 is Express ${wanted}, not 4`);
  }
  if (versionOf(target) !== wanted) {
    // Test files run in parallel: each copies aside and moves its copy into
    // place in one step; when another got there first, its copy is used.
    const staging = `${target}.${randomUUID()}`;
    cpSync(source, staging, { recursive: true, dereference: true });
    // A copy of another version (after an update of express4) goes first.
    if (versionOf(target) !== wanted) rmSync(target, { recursive: true, force: true });
    try {
      renameSync(staging, target);
    } catch {
      // Another test file placed the same copy meanwhile.
    }
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

function versionOf(dir: string): string | undefined {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
