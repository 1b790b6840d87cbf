import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackSample } from './sample.ts';

/**
 * Builds the stack-trace corpus by running the bug programs on this machine:
 * Node always, Python and Java when their runtimes are present. Writes
 * `<out>/stacks.jsonl` and returns the samples with a note per skipped language.
 */
export function generateCorpus(outDir: string): { samples: StackSample[]; notes: string[] } {
  const here = import.meta.dirname;
  mkdirSync(outDir, { recursive: true });
  const notes: string[] = [];
  const chunks: string[] = [];
  const run = (label: string, cmd: string, args: string[]) => {
    try {
      chunks.push(execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64e6, cwd: here }));
    } catch (e) {
      notes.push(`${label} samples skipped: ${(e as Error).message.split('\n')[0]}`);
    }
  };
  run('Node', process.execPath, [join(here, 'node-run.ts')]);
  run('Python', 'python3', [join(here, 'python_bugs.py')]);
  const classes = join(outDir, 'java-classes');
  try {
    execFileSync('javac', ['-d', classes, join(here, 'JavaBugs.java')], { stdio: 'pipe' });
    run('Java', 'java', ['-cp', classes, 'JavaBugs']);
  } catch (e) {
    notes.push(`Java samples skipped: ${(e as Error).message.split('\n')[0]}`);
  }
  const text = chunks.join('');
  writeFileSync(join(outDir, 'stacks.jsonl'), text);
  const samples = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as StackSample);
  return { samples, notes };
}
