// Per-request (or per-task) state that OpenTelemetry's immutable context
// cannot hold: the user set by setUser() and the request being handled. One
// AsyncLocalStorage, entered once per incoming request by request-gate.ts.
import { AsyncLocalStorage } from 'node:async_hooks';

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

export const scopeStorage = new AsyncLocalStorage<Scope>();

export function currentScope(): Scope | undefined {
  return scopeStorage.getStore();
}
