import type { FingerprintRule } from '../grouping/rules.ts';
import type { EventFilter } from './filter.ts';

/**
 * The entities beside events and patterns (DESIGN.md). Each is a whole
 * document replaced on every put: they change rarely and are read by id or
 * listed, so backends keep them as documents without per-field indexes.
 */

export interface DebugSession {
  readonly id: string;
  readonly name: string;
  readonly kind: 'development' | 'testing' | 'debugging';
  readonly environment?: string;
  readonly version?: string;
  readonly tags?: readonly string[];
  readonly owner: string;
  readonly contributors?: readonly string[];
  readonly started_at: string;
  readonly ended_at?: string;
  readonly event_count?: number;
}

export interface RetentionPolicy {
  readonly id: string;
  readonly name: string;
  /** The events it removes once older than `days`. */
  readonly filter: EventFilter;
  readonly days: number;
  readonly enabled: boolean;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ExportJob {
  readonly id: string;
  readonly filter: EventFilter;
  readonly format: 'ndjson' | 'csv';
  readonly state: JobState;
  readonly requested_by: string;
  readonly created_at: string;
  readonly rows?: number;
  readonly file?: string;
  readonly error?: string;
}

export interface BulkJob {
  readonly id: string;
  readonly target: { readonly ids: readonly string[] } | { readonly filter: EventFilter };
  readonly changes: Readonly<Record<string, unknown>>;
  readonly state: JobState;
  readonly requested_by: string;
  readonly created_at: string;
  readonly updated?: number;
  readonly error?: string;
}

export interface AlertRule {
  readonly id: string;
  readonly name: string;
  readonly filter: EventFilter;
  /** Fires when more than `threshold` events match within `window_minutes`. */
  readonly threshold: number;
  readonly window_minutes: number;
  readonly enabled: boolean;
  readonly channels?: readonly string[];
}

/** A custom fingerprint rule made through the API (rules from configuration are not stored). */
export interface StoredFingerprintRule extends FingerprintRule {
  /** Rules apply in ascending priority, then id; the first that matches decides the key. */
  readonly priority: number;
  readonly updated_at: string;
  readonly updated_by: string;
}

/**
 * A collection of whole documents keyed by `id`. `put` creates or replaces
 * and is visible to `get` and `list` when it resolves; `list` is ordered by
 * id and answers [] when empty.
 */
export interface RecordCollection<T extends { readonly id: string }> {
  put(record: T): Promise<void>;
  get(id: string): Promise<T | undefined>;
  list(): Promise<T[]>;
  /** true when a record was deleted. */
  delete(id: string): Promise<boolean>;
}

export interface RecordCollections {
  readonly sessions: RecordCollection<DebugSession>;
  readonly retentionPolicies: RecordCollection<RetentionPolicy>;
  readonly exportJobs: RecordCollection<ExportJob>;
  readonly bulkJobs: RecordCollection<BulkJob>;
  readonly alertRules: RecordCollection<AlertRule>;
  readonly fingerprintRules: RecordCollection<StoredFingerprintRule>;
}

export const RECORD_KINDS = [
  'sessions',
  'retentionPolicies',
  'exportJobs',
  'bulkJobs',
  'alertRules',
  'fingerprintRules',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Who did what, when, to what. */
export interface AuditRecord {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Append-only: records are never changed or removed through this interface. */
export interface AuditLog {
  append(record: AuditRecord): Promise<void>;
  /** Newest first; `since` (inclusive) and `limit` (1–500) narrow it. Visible when append resolves. */
  list(query: { readonly since?: string; readonly limit: number }): Promise<AuditRecord[]>;
}
