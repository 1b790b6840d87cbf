import type { FaultlineEvent } from '../schema/index.ts';
import { fingerprint as groupingKey, type CompiledGroupingConfig } from '../grouping/index.ts';

/**
 * Stage 5, the seam for grouping: sets error.grouping_key, the pattern id,
 * from the grouping module's deterministic fingerprint (see docs/grouping.md:
 * type chain and normalized in-app frames, or the type and the parameterized
 * message; custom rules first). A pure function of the event and the
 * grouping configuration, so replicas with the same configuration agree.
 */
export function fingerprint(
  event: FaultlineEvent,
  config?: CompiledGroupingConfig,
): FaultlineEvent {
  const { key } = groupingKey(event, config);
  return { ...event, error: { ...event.error, grouping_key: key } };
}
