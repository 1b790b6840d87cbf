import type { Store } from '../store/store.ts';

/** Who made a change through the API: the token's subject once tokens have one; the admin token until then. */
export const API_ACTOR = 'admin';

/** Appends one API change to the audit log, by API_ACTOR. */
export function auditChange(
  store: Store,
  action: string,
  target: string,
  details: Record<string, unknown>,
  at: string = new Date().toISOString(),
): Promise<void> {
  return store.audit.append({ at, actor: API_ACTOR, action, target, details });
}
