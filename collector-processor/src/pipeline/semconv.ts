/**
 * Where each event field is read from: the current OpenTelemetry
 * semantic-convention name first, then the older names still sent by many SDKs.
 */
export const RESOURCE_FIELDS = {
  serviceName: ['service.name'],
  serviceVersion: ['service.version'],
  environment: ['deployment.environment.name', 'deployment.environment'],
  hostName: ['host.name'],
} as const;

export const RECORD_FIELDS = {
  httpMethod: ['http.request.method', 'http.method'],
  httpRoute: ['http.route'],
  httpStatusCode: ['http.response.status_code', 'http.status_code'],
  urlPath: ['url.path'],
  /** Older conventions put path and query together in http.target. */
  httpTarget: ['http.target'],
  urlFull: ['url.full', 'http.url'],
  urlQuery: ['url.query'],
  userAgent: ['user_agent.original', 'http.user_agent'],
  clientIp: ['client.address', 'http.client_ip', 'net.peer.ip', 'net.sock.peer.addr'],
  userId: ['user.id', 'enduser.id'],
  userName: ['user.name'],
  userEmail: ['user.email'],
  codeFunction: ['code.function.name', 'code.function'],
  /** Older conventions split the qualified name: code.namespace + code.function. */
  codeNamespace: ['code.namespace'],
  codeFile: ['code.file.path', 'code.filepath'],
  codeLine: ['code.line.number', 'code.lineno'],
} as const;

/** Faultline's own attributes, as @faultline/node writes them (the attribute contract). */
export const FAULTLINE_FIELDS = {
  module: ['faultline.module'],
  duration: ['event.duration'],
  action: ['event.action'],
  category: ['event.category'],
  outcome: ['event.outcome'],
  memoryBytes: ['faultline.perf.memory_bytes'],
  cpuMs: ['faultline.perf.cpu_ms'],
  securityLevel: ['faultline.security.level'],
  securityCategory: ['faultline.security.category'],
  securityImpact: ['faultline.security.impact'],
  /** Also arrives as W3C baggage that a span processor copied into span attributes. */
  sessionId: ['faultline.session.id'],
  objectType: ['faultline.object.type'],
  objectId: ['faultline.object.id'],
  tags: ['faultline.tags'],
} as const;
