import { validateEvent, type FaultlineEvent } from '../schema/index.ts';
import type { StageResult } from './types.ts';

/** Stage 3: nothing leaves the pipeline that the schema does not accept. */
export function validate(document: FaultlineEvent, itemKey: string): StageResult<FaultlineEvent> {
  const result = validateEvent(document);
  if (result.ok) return { ok: true, value: document };
  return {
    ok: false,
    rejection: { reason: 'schema_violation', detail: result.errors.join('; '), itemKey },
  };
}
