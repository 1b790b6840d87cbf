// The child-process tests run the package the way users do: through its
// compiled dist/. A missing or stale build would test the wrong code, so
// say so plainly instead of failing somewhere inside a child process.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const packageRoot = join(import.meta.dirname, '..', '..');
const srcDir = join(packageRoot, 'src');
const distDir = join(packageRoot, 'dist');

export function assertBuiltPackage(): void {
  const entries = ['index.js', 'register.js', 'register-cjs.cjs'].map((name) =>
    join(distDir, name),
  );
  const missing = entries.filter((file) => !exists(file));
  if (missing.length > 0) {
    throw new Error(
      `@faultline/node is not built (missing ${missing.join(', ')}). ` +
        'Run `npm run build -w @faultline/node` from the repository root first.',
    );
  }
  const builtAt = Math.min(...entries.map((file) => statSync(file).mtimeMs));
  const newer = sourceFiles().filter((file) => statSync(file).mtimeMs > builtAt);
  if (newer.length > 0) {
    throw new Error(
      `@faultline/node's dist/ is older than ${newer.map((f) => f.slice(packageRoot.length + 1)).join(', ')}. ` +
        'Run `npm run build -w @faultline/node` again.',
    );
  }
}

function sourceFiles(): string[] {
  return readdirSync(srcDir)
    .filter((name) => /\.c?ts$/.test(name) && !name.endsWith('.test.ts'))
    .map((name) => join(srcDir, name));
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}
