// The attribute names of the contract with the processor: what a log record
// from @faultline/node carries. README.md ("What reaches the processor")
// lists the same names; the processor's extract stage reads exactly these.

export const ATTR = {
  logType: 'faultline.log_type',
  module: 'faultline.module',
  functionName: 'code.function.name',
  filePath: 'code.file.path',
  lineNumber: 'code.line.number',
  errorType: 'error.type',
  exceptionType: 'exception.type',
  exceptionMessage: 'exception.message',
  exceptionStacktrace: 'exception.stacktrace',
  duration: 'event.duration',
  memoryBytes: 'faultline.perf.memory_bytes',
  cpuMs: 'faultline.perf.cpu_ms',
  securityLevel: 'faultline.security.level',
  securityCategory: 'faultline.security.category',
  securityImpact: 'faultline.security.impact',
  action: 'event.action',
  sessionId: 'faultline.session.id',
  objectType: 'faultline.object.type',
  objectId: 'faultline.object.id',
  tags: 'faultline.tags',
  userId: 'user.id',
  userName: 'user.name',
  userEmail: 'user.email',
  clientAddress: 'client.address',
  userAgent: 'user_agent.original',
  httpMethod: 'http.request.method',
  httpRoute: 'http.route',
  urlPath: 'url.path',
  urlQuery: 'url.query',
  httpStatus: 'http.response.status_code',
  requestBody: 'faultline.request.body',
  /** On an `exception` span event: a log record with the same error was exported too. */
  logged: 'faultline.logged',
} as const;

/** Free context keys are namespaced under this prefix. */
export const CONTEXT_PREFIX = 'faultline.context.';

/** The baggage entry that carries a debug session id across services. */
export const SESSION_BAGGAGE_KEY = 'faultline.session.id';
