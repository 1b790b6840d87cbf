import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleEvent } from './conformance.ts';
import {
  RETENTION_CLASSES,
  defaultRetentionDays,
  enforceRetention,
  retentionClassOf,
} from './retention.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';

describe('retention classes', () => {
  it('security and audit by log type, the rest by severity', () => {
    expect(retentionClassOf('SECURITY', 'DEBUG')).toBe('security');
    expect(retentionClassOf('AUDIT', 'FATAL')).toBe('audit');
    expect(retentionClassOf('EXCEPTION', 'FATAL')).toBe('critical');
    expect(retentionClassOf('WARNING', 'WARNING')).toBe('default');
    expect(retentionClassOf('INFO', 'DEBUG')).toBe('debug');
  });

  it('the processor deletes what each class no longer keeps, and nothing else', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-retention-'));
    const store = new SqliteStore({ dataDir: dir });
    const now = new Date('2026-06-01T00:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    const event = (
      id: string,
      age: number,
      logType: 'INFO' | 'SECURITY',
      severity: 'DEBUG' | 'ERROR',
    ) =>
      sampleEvent(id, daysAgo(age), {
        log: { level: severity },
        faultline: { log_type: logType, severity, status: 'open' },
      });
    await store.writeEvents([
      event('debug-old', 8, 'INFO', 'DEBUG'),
      event('debug-new', 6, 'INFO', 'DEBUG'),
      event('security-debug', 100, 'SECURITY', 'DEBUG'), // security wins over its severity
      event('error-old', 91, 'INFO', 'ERROR'),
      event('error-new', 89, 'INFO', 'ERROR'),
    ]);
    const deleted = await enforceRetention(store, defaultRetentionDays(90), now);
    expect(deleted).toMatchObject({ debug: 1, default: 1, security: 0 });
    expect(Object.keys(deleted)).toEqual([...RETENTION_CLASSES]);
    const left = (await store.searchEvents({ limit: 10 })).items.map((e) => e.event.id);
    expect(left.sort()).toEqual(['debug-new', 'error-new', 'security-debug']);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
});
