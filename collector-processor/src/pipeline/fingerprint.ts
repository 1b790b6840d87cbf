import type { FaultlineEvent } from '../schema/index.ts';
import { fingerprint as groupingKey } from '../grouping/index.ts';

/**
 * Stage 5, the seam for grouping: sets error.grouping_key, the pattern id,
 * from the grouping module's deterministic fingerprint (see docs/grouping.md:
 * type chain and normalized in-app frames, or the type and the parameterized
 * message). A pure function of the event, so replicas agree.
 */
export function fingerprint(event: FaultlineEvent): FaultlineEvent {
  const { key } = groupingKey(event);
  return { ...event, error: { ...event.error, grouping_key: key } };
}
