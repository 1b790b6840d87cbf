import type { Rejection } from './types.ts';

export interface RejectionSummary {
  /** Distinct OTLP items (spans or log records) with at least one rejected event. */
  readonly rejectedItems: number;
  /** For the OTLP partial-success message: each reason, its count and a first example. */
  readonly message: string;
}

export function summarizeRejections(rejections: readonly Rejection[]): RejectionSummary {
  if (rejections.length === 0) return { rejectedItems: 0, message: '' };
  const byReason = new Map<string, { count: number; example: Rejection }>();
  for (const r of rejections) {
    const entry = byReason.get(r.reason);
    if (entry) entry.count++;
    else byReason.set(r.reason, { count: 1, example: r });
  }
  const parts = [...byReason].map(
    ([reason, { count, example }]) =>
      `${reason} ×${count} (e.g. ${example.itemKey}: ${example.detail.slice(0, 200)})`,
  );
  return {
    rejectedItems: new Set(rejections.map((r) => r.itemKey)).size,
    message: `${rejections.length} event(s) rejected: ${parts.join('; ')}`,
  };
}
