// The event API of the original logging module, as TypeScript functions. Each
// call becomes one log record (see emit.ts); nothing here ever throws.
import type { Attributes } from '@opentelemetry/api';
import { ATTR } from './attributes.ts';
import {
  isLogType,
  isSecurityLevel,
  isSeverity,
  type LogType,
  type SecurityLevel,
  type Severity,
} from './constants.ts';
import { emitEvent, toAttributeValue } from './emit.ts';
import { userAttributes } from './request-attributes.ts';
import type { FaultlineUser } from './scope.ts';

/** A business object an event concerns, e.g. `{ type: 'Order', id: '42' }`. */
export interface BusinessObject {
  type: string;
  id: string | number;
}

/** Explicit request fields, for events made outside the request's own async context. */
export interface RequestInfo {
  method?: string;
  route?: string;
  path?: string;
  statusCode?: number;
  clientAddress?: string;
  userAgent?: string;
}

export interface SystemEvent {
  logType?: LogType;
  severity?: Severity;
  message: string;
  /** The error's type when there is no Error object (use `error` when there is). */
  errorType?: string;
  error?: unknown;
  module?: string;
  function?: string;
  user?: FaultlineUser;
  request?: RequestInfo;
  /** Milliseconds. */
  executionTime?: number;
  /** Bytes. */
  memoryUsage?: number;
  /** Milliseconds of CPU time. */
  cpuUsage?: number;
  tags?: readonly string[];
  context?: Readonly<Record<string, unknown>>;
  object?: BusinessObject;
}

export function logSystemEvent(event: SystemEvent): void {
  try {
    const severity = isSeverity(event.severity) ? event.severity : 'INFO';
    const logType = isLogType(event.logType) ? event.logType : defaultLogType(event, severity);
    const attributes: Attributes = {
      ...(event.user ? userAttributes(event.user) : {}),
      ...requestInfoAttributes(event.request),
      ...measurementAttributes(event),
      ...objectAttributes(event.object),
    };
    if (event.module) attributes[ATTR.module] = event.module;
    if (event.function) attributes[ATTR.functionName] = event.function;
    if (event.errorType) {
      attributes[ATTR.errorType] = event.errorType;
      attributes[ATTR.exceptionType] ??= event.errorType;
    }
    if (event.tags) attributes[ATTR.tags] = event.tags.map(String);
    emitEvent({
      logType,
      severity,
      message: String(event.message),
      attributes,
      ...(event.error === undefined ? {} : { error: event.error }),
      ...(event.context ? { context: event.context } : {}),
    });
  } catch {
    // Never throw into the application.
  }
}

export interface SecurityEvent {
  /** What happened, e.g. `login_failed`: `event.action`. */
  eventType: string;
  description: string;
  severity?: Severity;
  user?: FaultlineUser;
  request?: RequestInfo;
  /** Free details, exported under `faultline.context.<key>` (scrubbed). */
  details?: Readonly<Record<string, unknown>>;
  level?: SecurityLevel;
  category?: string;
  impact?: string;
}

export function logSecurityEvent(event: SecurityEvent): void {
  try {
    const attributes: Attributes = {
      [ATTR.action]: String(event.eventType),
      ...(event.user ? userAttributes(event.user) : {}),
      ...requestInfoAttributes(event.request),
    };
    if (isSecurityLevel(event.level)) attributes[ATTR.securityLevel] = event.level;
    if (event.category) attributes[ATTR.securityCategory] = event.category;
    if (event.impact) attributes[ATTR.securityImpact] = event.impact;
    emitEvent({
      logType: 'SECURITY',
      severity: isSeverity(event.severity) ? event.severity : 'WARNING',
      message: String(event.description),
      attributes,
      ...(event.details ? { context: event.details } : {}),
    });
  } catch {
    // Never throw into the application.
  }
}

export interface PerformanceMetric {
  module?: string;
  function?: string;
  message?: string;
  severity?: Severity;
  /** Milliseconds. */
  executionTime: number;
  memoryUsage?: number;
  cpuUsage?: number;
  tags?: readonly string[];
  context?: Readonly<Record<string, unknown>>;
  object?: BusinessObject;
}

export function logPerformanceMetric(metric: PerformanceMetric): void {
  const name = [metric.module, metric.function].filter(Boolean).join('.');
  logSystemEvent({
    ...metric,
    logType: 'PERFORMANCE',
    severity: metric.severity ?? 'INFO',
    message: metric.message ?? `${name || 'operation'} took ${metric.executionTime} ms`,
  });
}

function defaultLogType(event: SystemEvent, severity: Severity): LogType {
  if (event.error !== undefined) return 'EXCEPTION';
  if (severity === 'DEBUG') return 'DEBUG';
  if (severity === 'INFO') return 'INFO';
  if (severity === 'WARNING') return 'WARNING';
  return 'ERROR';
}

function requestInfoAttributes(request: RequestInfo | undefined): Attributes {
  if (!request) return {};
  const attributes: Attributes = {};
  if (request.method) attributes[ATTR.httpMethod] = request.method;
  if (request.route) attributes[ATTR.httpRoute] = request.route;
  if (request.path) attributes[ATTR.urlPath] = request.path;
  if (request.statusCode !== undefined) attributes[ATTR.httpStatus] = request.statusCode;
  if (request.clientAddress) attributes[ATTR.clientAddress] = request.clientAddress;
  if (request.userAgent) attributes[ATTR.userAgent] = request.userAgent;
  return attributes;
}

/** Durations arrive in milliseconds and leave as `event.duration` in nanoseconds. */
export function measurementAttributes(event: {
  executionTime?: number;
  memoryUsage?: number;
  cpuUsage?: number;
}): Attributes {
  const attributes: Attributes = {};
  if (isFiniteNumber(event.executionTime))
    attributes[ATTR.duration] = Math.round(event.executionTime * 1e6);
  if (isFiniteNumber(event.memoryUsage))
    attributes[ATTR.memoryBytes] = Math.round(event.memoryUsage);
  if (isFiniteNumber(event.cpuUsage)) attributes[ATTR.cpuMs] = event.cpuUsage;
  return attributes;
}

function objectAttributes(object: BusinessObject | undefined): Attributes {
  if (!object) return {};
  const type = toAttributeValue(object.type);
  const id = toAttributeValue(object.id);
  return {
    ...(type === undefined ? {} : { [ATTR.objectType]: String(type) }),
    ...(id === undefined ? {} : { [ATTR.objectId]: String(id) }),
  };
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
