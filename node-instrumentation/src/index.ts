export { init } from './init.ts';
export type { InitOptions } from './config.ts';
export type { TelemetryHandle } from './handle.ts';
export { errorHandler } from './express.ts';
export type { FaultlineErrorHandler, NextLike, RequestLike } from './express.ts';
export { captureException, captureMessage } from './capture.ts';
export type { CaptureContext } from './capture.ts';
export { logPerformanceMetric, logSecurityEvent, logSystemEvent } from './events.ts';
export type {
  BusinessObject,
  PerformanceMetric,
  RequestInfo,
  SecurityEvent,
  SystemEvent,
} from './events.ts';
export { logAction, withAction } from './action.ts';
export type { ActionOptions } from './action.ts';
export { setUser, withUser } from './user.ts';
export type { FaultlineUser } from './scope.ts';
export { joinDebugSession, startDebugSession, SESSION_KINDS } from './session.ts';
export type { DebugSession, DebugSessionOptions, SessionKind } from './session.ts';
export { LOG_TYPES, OTEL_SEVERITY_NUMBER, SECURITY_LEVELS, SEVERITIES } from './constants.ts';
export type { LogType, SecurityLevel, Severity } from './constants.ts';
export type { RedactionOptions } from './redact.ts';
export { exportCounters } from './export-failures.ts';
export type { ExportCounters } from './export-failures.ts';
