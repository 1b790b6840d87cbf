import type { FaultlineEvent, LogType, Severity } from '@faultline/collector-processor/schema';

/** One line of the events table: the few fields a person scans first. */
export interface EventRow {
  id: string;
  time: string;
  severity: Severity;
  logType: LogType;
  message: string;
  errorType?: string;
  service?: string;
  route?: string;
}

export function toEventRow(event: FaultlineEvent): EventRow {
  return {
    id: event.event.id,
    time: event['@timestamp'],
    severity: event.faultline.severity,
    logType: event.faultline.log_type,
    message: event.message,
    errorType: event.error?.type,
    service: event.service?.name,
    // The route template groups requests; fall back to the concrete path when there is none.
    route: event.http?.route ?? event.url?.path,
  };
}
