import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint } from '../src/grouping/index.ts';
import { autoMerge } from '../src/patterns/auto-merge.ts';
import { patternIncrements } from '../src/patterns/increments.ts';
import { PATTERN_DEFAULTS } from '../src/patterns/settings.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
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
 * Faultline's key followed by the automatic merges, as the processor makes
 * them: each line's pattern counted into an embedded store, then one run of
 * the automatic merge job with the default threshold over the stored set
 * (so, like the job, independent of arrival order).
 */
export async function faultlineMergedKeys(lines: readonly string[]): Promise<string[]> {
  const events = lines.map((line) => {
    const event = messageEvent(line);
    return { ...event, error: { ...event.error, grouping_key: fingerprint(event).key } };
  });
  const dir = mkdtempSync(join(tmpdir(), 'faultline-eval-'));
  const store = new SqliteStore({ dataDir: dir });
  try {
    await store.patterns.upsert(patternIncrements(events));
    await autoMerge(store, PATTERN_DEFAULTS.autoMergeMinValues);
    const into = new Map<string, string>();
    for (let after: string | undefined; ;) {
      const page = await store.patterns.scan({ limit: 500, ...(after ? { after } : {}) });
      for (const p of page) if (p.merged_into) into.set(p.id, p.merged_into);
      if (page.length < 500) break;
      after = page.at(-1)!.id;
    }
    return events.map((e) => into.get(e.error.grouping_key) ?? e.error.grouping_key);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The simple baseline: md5(type + raw message), as SigNoz groups. */
export function md5Keys(lines: readonly string[]): string[] {
  return lines.map((line) => createHash('md5').update(`\n${line}`).digest('hex'));
}
