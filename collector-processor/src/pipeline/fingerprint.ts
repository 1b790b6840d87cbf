import { createHash } from 'node:crypto';
import type { FaultlineEvent } from '../schema/index.ts';

/**
 * Stage 5, the seam for grouping: sets error.grouping_key, the pattern id.
 * For now a deterministic simple key; the grouping module (src/grouping/)
 * replaces this body, keeping the signature.
 *
 * Key: the log type and error type, then either the top in-app frames
 * (module + function, no line numbers: they move with every deploy) or,
 * without frames, the message with digits masked (ids and counts vary per
 * occurrence).
 */

const TOP_FRAMES = 5;

function groupingParts(event: FaultlineEvent): string[] {
  const type = event.error?.type ?? '';
  const inApp = (event.error?.frames ?? []).filter((f) => f.in_app).slice(0, TOP_FRAMES);
  if (inApp.length > 0) {
    return [
      event.faultline.log_type,
      type,
      ...inApp.map((f) => `${f.module ?? ''}:${f.function ?? ''}`),
    ];
  }
  const message = (event.error?.message ?? event.message).replace(/\d+/g, '0');
  return [event.faultline.log_type, type, message];
}

export function fingerprint(event: FaultlineEvent): FaultlineEvent {
  const key = createHash('sha256')
    .update(JSON.stringify(groupingParts(event)))
    .digest('hex')
    .slice(0, 32);
  return { ...event, error: { ...event.error, grouping_key: key } };
}
