import { contextOf } from './context-manager.ts';
import { frameStorage, type FaultlineUser } from './scope.ts';

/**
 * Names the user for every later event of the current async context: inside
 * a request, for the rest of that request only; elsewhere, for the rest of the
 * current task and what it starts. `setUser(undefined)` forgets the user.
 */
export function setUser(user: FaultlineUser | undefined): void {
  try {
    const clean = user === undefined || user === null ? undefined : pickUser(user);
    const frame = frameStorage.getStore();
    if (frame?.scope) {
      frame.scope.user = clean;
      return;
    }
    // No scope yet (a script, a queue consumer): enter one for this async context.
    frameStorage.enterWith({ scope: { user: clean }, context: contextOf(frame), lazy: undefined });
  } catch {
    // Never throw into the application.
  }
}

/** Runs `fn` with `user` as the current user, and no other scope leaking out. */
export function withUser<T>(user: FaultlineUser, fn: () => T): T {
  const outer = frameStorage.getStore();
  const scope = { ...outer?.scope, user: pickUser(user) };
  return frameStorage.run({ scope, context: contextOf(outer), lazy: undefined }, fn);
}

function pickUser(user: FaultlineUser): FaultlineUser {
  const picked: FaultlineUser = {};
  if (user.id !== undefined && user.id !== null) picked.id = String(user.id);
  if (user.username !== undefined && user.username !== null)
    picked.username = String(user.username);
  if (user.email !== undefined && user.email !== null) picked.email = String(user.email);
  return picked;
}
