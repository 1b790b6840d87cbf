// Enters a fresh Scope for each incoming HTTP request, so that setUser() and
// the request context of events belong to that request and to everything it
// awaits. Done by wrapping Server.prototype.emit('request') of node:http and
// node:https: the same objects whether the app uses import or require.
import http from 'node:http';
import https from 'node:https';
import { scopeStorage, type ScopedRequest, type ScopedResponse } from './scope.ts';

const WRAPPED = Symbol.for('faultline.request-scope');

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

export function installRequestScope(): void {
  wrapEmit(http.Server.prototype as unknown as Record<string | symbol, unknown>);
  wrapEmit(https.Server.prototype as unknown as Record<string | symbol, unknown>);
}

function wrapEmit(proto: Record<string | symbol, unknown>): void {
  const original = proto.emit as Emit & { [WRAPPED]?: true };
  if (typeof original !== 'function' || original[WRAPPED]) return;
  const wrapped = function emitInScope(this: unknown, event: string | symbol, ...args: unknown[]) {
    if (event !== 'request') return original.call(this, event, ...args);
    const scope = { request: args[0] as ScopedRequest, response: args[1] as ScopedResponse };
    return scopeStorage.run(scope, () => original.call(this, event, ...args));
  } as Emit & { [WRAPPED]?: true };
  wrapped[WRAPPED] = true;
  proto.emit = wrapped;
}
