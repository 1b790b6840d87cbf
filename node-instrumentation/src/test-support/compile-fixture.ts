// Compiles a TypeScript fixture with the TypeScript compiler (for syntax Node
// cannot run as is, such as decorators) into a temporary ES module and loads it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { fixturesDir } from './child-app.ts';

export async function compileFixture<T = Record<string, unknown>>(file: string): Promise<T> {
  const source = readFileSync(join(fixturesDir, file), 'utf8');
  const output = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    fileName: file,
  });
  const dir = mkdtempSync(join(tmpdir(), 'faultline-fixture-'));
  const target = join(dir, file.replace(/\.ts$/, '.mjs'));
  writeFileSync(target, output.outputText);
  try {
    return (await import(pathToFileURL(target).href)) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true }); // once loaded, the module no longer needs its file
  }
}
