// The request and user context of an event, read from the current Scope at
// the moment the event is made (so Express's req.ip, req.route and req.user,
// set while the request is routed, are seen).
import type { Attributes } from '@opentelemetry/api';
import { ATTR } from './attributes.ts';
import type { Redactor } from './redact.ts';
import type { CaptureOptions } from './runtime.ts';
import type { FaultlineUser, Scope, ScopedRequest } from './scope.ts';

const MAX_BODY_CHARS = 8192;

/** A request URL's path, without its query string (which may hold secrets). */
export function pathOf(url: string): string {
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? url : url.slice(0, queryAt);
}

export function requestAttributes(
  scope: Scope | undefined,
  options: CaptureOptions,
  redactor: Redactor,
): Attributes {
  const attributes: Attributes = {};
  const request = scope?.request;
  if (request) {
    if (typeof request.method === 'string') attributes[ATTR.httpMethod] = request.method;
    const route = routeOf(request);
    if (route !== undefined) attributes[ATTR.httpRoute] = route;
    const url = typeof request.originalUrl === 'string' ? request.originalUrl : request.url;
    if (typeof url === 'string') {
      const queryAt = url.indexOf('?');
      attributes[ATTR.urlPath] = pathOf(url);
      if (options.captureQuery && queryAt !== -1 && queryAt < url.length - 1) {
        attributes[ATTR.urlQuery] = redactor.text(url.slice(queryAt + 1));
      }
    }
    const address = clientAddress(request);
    if (address !== undefined) attributes[ATTR.clientAddress] = address;
    const agent = request.headers?.['user-agent'];
    if (typeof agent === 'string') attributes[ATTR.userAgent] = agent;
    if (options.captureBody && request.body !== undefined) {
      const body = bodyText(redactor.value('', request.body));
      if (body !== undefined) attributes[ATTR.requestBody] = body;
    }
  }
  const response = scope?.response;
  if (response?.headersSent && typeof response.statusCode === 'number') {
    attributes[ATTR.httpStatus] = response.statusCode;
  }
  const user = scope?.user ?? userFromRequest(request?.user);
  if (user) Object.assign(attributes, userAttributes(user));
  return attributes;
}

export function userAttributes(user: FaultlineUser): Attributes {
  const attributes: Attributes = {};
  if (user.id !== undefined) attributes[ATTR.userId] = String(user.id);
  if (user.username !== undefined) attributes[ATTR.userName] = String(user.username);
  if (user.email !== undefined) attributes[ATTR.userEmail] = String(user.email);
  return attributes;
}

function routeOf(request: ScopedRequest): string | undefined {
  const path = request.route?.path;
  if (typeof path !== 'string') return undefined;
  return `${request.baseUrl ?? ''}${path}`;
}

// Express's req.ip follows the app's `trust proxy` setting; without Express
// (or before it ran) the socket's peer is all that can be trusted.
function clientAddress(request: ScopedRequest): string | undefined {
  if (typeof request.ip === 'string' && request.ip !== '') return request.ip;
  return request.socket?.remoteAddress;
}

/** Passport and most auth middleware put the user on req.user; take the usual fields. */
function userFromRequest(candidate: unknown): FaultlineUser | undefined {
  if (candidate === null || typeof candidate !== 'object') return undefined;
  const record = candidate as Record<string, unknown>;
  const id = record.id ?? record._id ?? record.userId;
  const username = record.username ?? record.name ?? record.login;
  const email = record.email;
  const user: FaultlineUser = {};
  if (isPrintable(id)) user.id = String(id);
  if (isPrintable(username)) user.username = String(username);
  if (typeof email === 'string') user.email = email;
  return Object.keys(user).length > 0 ? user : undefined;
}

function isPrintable(value: unknown): value is string | number | bigint {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint';
}

function bodyText(body: unknown): string | undefined {
  try {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    if (text === undefined) return undefined;
    return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…` : text;
  } catch {
    return undefined;
  }
}
