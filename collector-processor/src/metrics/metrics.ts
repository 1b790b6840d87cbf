import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The processor's Prometheus metrics, in a registry of its own (several
 * processors may run in one process, e.g. in tests). Gauges that mirror
 * state (spool bytes, queue depth) read it when scraped.
 */

export interface MetricSources {
  spoolBytes(): number;
  spoolMaxBytes(): number;
  /** Requests being decoded/processed plus entries waiting for the store. */
  queueDepth(): number;
  deadLetters(): number;
}

export interface IngestMetrics {
  readonly registry: Registry;
  /** One OTLP request answered: transport (http|grpc), signal, and the answer's status. */
  request(transport: string, signal: string, status: string): void;
  /** Items (spans, log records) that arrived in accepted requests. */
  received(signal: string, items: number): void;
  /** Events produced and queued for the store. */
  accepted(signal: string, events: number): void;
  /** Items refused, by reason (pipeline reasons, decode errors, backpressure). */
  rejected(reason: string, items: number): void;
  storeWrite(seconds: number, ok: boolean, events: number): void;
}

export function createMetrics(sources: MetricSources): IngestMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'faultline_process_' });
  const registers = [registry];

  const requests = new Counter({
    name: 'faultline_otlp_requests_total',
    help: 'OTLP requests answered, by transport, signal and status',
    labelNames: ['transport', 'signal', 'status'],
    registers,
  });
  const received = new Counter({
    name: 'faultline_received_items_total',
    help: 'Spans and log records received in acknowledged requests',
    labelNames: ['signal'],
    registers,
  });
  const accepted = new Counter({
    name: 'faultline_accepted_events_total',
    help: 'Events produced by the pipeline and queued for the store',
    labelNames: ['signal'],
    registers,
  });
  const rejected = new Counter({
    name: 'faultline_rejected_items_total',
    help: 'Items refused, by reason',
    labelNames: ['reason'],
    registers,
  });
  const written = new Counter({
    name: 'faultline_store_written_events_total',
    help: 'Events handed to the store in successful writes',
    registers,
  });
  const writeSeconds = new Histogram({
    name: 'faultline_store_write_seconds',
    help: 'Duration of store writes',
    labelNames: ['result'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  new Gauge({
    name: 'faultline_spool_bytes',
    help: 'Unprocessed bytes in the spool',
    registers,
    collect() {
      this.set(sources.spoolBytes());
    },
  });
  new Gauge({
    name: 'faultline_spool_max_bytes',
    help: 'The spool limit (FAULTLINE_SPOOL_MAX_BYTES)',
    registers,
    collect() {
      this.set(sources.spoolMaxBytes());
    },
  });
  new Gauge({
    name: 'faultline_queue_depth',
    help: 'Requests being processed plus spool entries waiting for the store',
    registers,
    collect() {
      this.set(sources.queueDepth());
    },
  });
  new Gauge({
    name: 'faultline_dead_letters',
    help: 'Records written to the dead-letter file since start',
    registers,
    collect() {
      this.set(sources.deadLetters());
    },
  });

  return {
    registry,
    request: (transport, signal, status) => requests.inc({ transport, signal, status }),
    received: (signal, items) => items > 0 && received.inc({ signal }, items),
    accepted: (signal, events) => events > 0 && accepted.inc({ signal }, events),
    rejected: (reason, items) => items > 0 && rejected.inc({ reason }, items),
    storeWrite(seconds, ok, events) {
      writeSeconds.observe({ result: ok ? 'ok' : 'error' }, seconds);
      if (ok) written.inc(events);
    },
  };
}
