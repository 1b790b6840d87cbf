import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprint, keyForm, proposeMerges } from '../src/grouping/index.ts';
import { messageEvent } from './events.ts';
import { csvRecords } from './csv.ts';

export interface LoghubSystem {
  readonly name: string;
  readonly lines: string[];
  readonly truth: string[];
}

/** Loads `<System>/<System>_2k.log_structured.csv` from each folder, in place. */
export function loadLoghub(dir: string): LoghubSystem[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(dir, d.name, `${d.name}_2k.log_structured.csv`))
    .filter((file) => existsSync(file))
    .map((file) => {
      const records = csvRecords(readFileSync(file, 'utf8'));
      const name = file.split('/').at(-2)!;
      return { name, lines: records.map((r) => r.Content!), truth: records.map((r) => r.EventId!) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Faultline's key, per line: what any replica computes from the line alone. */
export function faultlineKeys(lines: readonly string[]): string[] {
  return lines.map((line) => fingerprint(messageEvent(line)).key);
}

/**
 * Faultline's key followed by the merges it would propose over the set of
 * patterns (canonical order, so still independent of arrival order).
 */
export function faultlineMergedKeys(lines: readonly string[]): string[] {
  const fps = lines.map((line) => fingerprint(messageEvent(line)));
  const patterns = new Map<string, string>();
  for (const fp of fps) patterns.set(fp.key, keyForm(fp.title));
  const into = new Map<string, string>();
  const list = [...patterns].map(([key, template]) => ({ key, template }));
  for (const proposal of proposeMerges(list)) {
    for (const key of proposal.keys) into.set(key, proposal.into);
  }
  return fps.map((fp) => into.get(fp.key) ?? fp.key);
}

/** The simple baseline: md5(type + raw message), as SigNoz groups. */
export function md5Keys(lines: readonly string[]): string[] {
  return lines.map((line) => createHash('md5').update(`\n${line}`).digest('hex'));
}
