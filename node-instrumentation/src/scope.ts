// Per-request (or per-task) state that OpenTelemetry's immutable context
// cannot hold: the user set by setUser() and the request being handled. It
// shares one AsyncLocalStorage with the OpenTelemetry context (see
// context-manager.ts): each entry, a Frame, holds the active context and the
// scope, so a request costs one store entry and every async resource carries
// one store, not two.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@opentelemetry/api';

export interface FaultlineUser {
  id?: string;
  username?: string;
  email?: string;
}

/** The parts of an HTTP request that events read (Express adds ip, route, baseUrl, user). */
export interface ScopedRequest {
  method?: string;
  url?: string;
  originalUrl?: string;
  baseUrl?: string;
  headers?: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string };
  ip?: unknown;
  route?: { path?: unknown };
  body?: unknown;
  user?: unknown;
}

export interface ScopedResponse {
  statusCode?: number;
  headersSent?: boolean;
}

export interface Scope {
  request?: ScopedRequest;
  response?: ScopedResponse;
  user?: FaultlineUser;
  /** The request gate's decision for the request: traced (true) or not (false). */
  traced?: boolean;
  /** Set by the request gate when it chose to trace the request: its server span is sampled. */
  sampleServerSpan?: boolean;
}

/** Makes a context on first use: an untraced request's, which most requests never read. */
export interface LazyContext {
  make(): Context;
}

/**
 * One entry of the storage. Every frame of a request shares its scope (so
 * setUser() inside a nested context still names the request's user); the
 * context changes with each `context.with()`.
 */
export interface Frame {
  readonly scope: Scope | undefined;
  /** The active context, or undefined until `lazy` has made it. */
  context: Context | undefined;
  readonly lazy: LazyContext | undefined;
}

export const frameStorage = new AsyncLocalStorage<Frame>();

export function currentScope(): Scope | undefined {
  return frameStorage.getStore()?.scope;
}
