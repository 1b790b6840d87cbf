// Debug sessions: a session id put into OpenTelemetry baggage. Everything that
// runs inside session.run() carries it, and the W3C baggage propagator sends it
// to downstream services, whose spans and log records then carry it too
// (session-processors.ts copies it onto them, in this service and in theirs).
import { randomUUID } from 'node:crypto';
import { context, propagation } from '@opentelemetry/api';
import { ATTR, SESSION_BAGGAGE_KEY } from './attributes.ts';
import { emitEvent } from './emit.ts';

export const SESSION_KINDS = ['development', 'testing', 'debugging'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export interface DebugSessionOptions {
  name: string;
  kind?: SessionKind;
  environment?: string;
  version?: string;
  tags?: readonly string[];
}

export interface DebugSession {
  readonly id: string;
  /** Runs `fn` (and everything it starts or calls downstream) inside the session. */
  run<T>(fn: () => T): T;
  /** Marks the session ended; later `run()` calls still work but are not announced. */
  end(): void;
}

export function startDebugSession(options: DebugSessionOptions): DebugSession {
  const id = randomUUID();
  const session = makeSession(id);
  session.run(() =>
    emitEvent({
      logType: 'AUDIT',
      severity: 'INFO',
      message: `debug session started: ${options.name}`,
      attributes: {
        [ATTR.action]: 'debug_session.start',
        'faultline.session.name': String(options.name),
        ...(options.kind ? { 'faultline.session.kind': options.kind } : {}),
        ...(options.environment ? { 'faultline.session.environment': options.environment } : {}),
        ...(options.version ? { 'faultline.session.version': options.version } : {}),
        ...(options.tags ? { [ATTR.tags]: options.tags.map(String) } : {}),
      },
    }),
  );
  let ended = false;
  return Object.freeze({
    id,
    run: session.run,
    end() {
      if (ended) return;
      ended = true;
      session.run(() =>
        emitEvent({
          logType: 'AUDIT',
          severity: 'INFO',
          message: `debug session ended: ${options.name}`,
          attributes: { [ATTR.action]: 'debug_session.end' },
        }),
      );
    },
  });
}

/** Contributes to a session started elsewhere (another person, another service). */
export function joinDebugSession(id: string): DebugSession {
  const session = makeSession(String(id));
  return Object.freeze({ id: String(id), run: session.run, end() {} });
}

/** The debug session id of the active context, if any. */
export function currentSessionId(ctx = context.active()): string | undefined {
  return propagation.getBaggage(ctx)?.getEntry(SESSION_BAGGAGE_KEY)?.value;
}

function makeSession(id: string): { run<T>(fn: () => T): T } {
  return {
    run<T>(fn: () => T): T {
      const active = context.active();
      const baggage = propagation.getBaggage(active) ?? propagation.createBaggage();
      const withSession = propagation.setBaggage(
        active,
        baggage.setEntry(SESSION_BAGGAGE_KEY, { value: id }),
      );
      return context.with(withSession, fn);
    },
  };
}
