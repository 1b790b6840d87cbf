import { Type, type Static } from '@sinclair/typebox';
import { EventStatus, LogType, SecurityLevel, Severity } from './enums.ts';

/**
 * The one event document. Field names follow ECS and the OpenTelemetry
 * semantic conventions, as nested objects (ECS `error.type` is `error.type`
 * here too); what they lack lives under `faultline`. The same shape is stored,
 * returned by the API and rendered by the plugin.
 */

const Str = Type.String;
const Opt = Type.Optional;

export const StackFrame = Type.Object({
  function: Opt(Str()),
  module: Opt(Str()),
  file: Opt(Str()),
  line: Opt(Type.Integer({ minimum: 0 })),
  column: Opt(Type.Integer({ minimum: 0 })),
  in_app: Type.Boolean(),
});
export type StackFrame = Static<typeof StackFrame>;

export const FaultlineEvent = Type.Object(
  {
    '@timestamp': Str({ format: 'date-time', description: 'When it happened (ISO-8601, UTC)' }),
    /** Nanoseconds since the epoch as a decimal string: OTLP precision, never a JS number. */
    timestamp_nanos: Opt(Str({ pattern: '^[0-9]+$' })),
    message: Str({ description: 'Human-readable description' }),

    event: Type.Object({
      id: Str({ description: 'Deterministic id from content and origin: retries never duplicate' }),
      /** Duration in nanoseconds (ECS), as a number: exact below 2^53 ns ≈ 104 days. */
      duration: Opt(Type.Number({ minimum: 0 })),
      category: Opt(Type.Array(Str())),
      action: Opt(Str()),
      outcome: Opt(Str()),
    }),

    log: Type.Object({ level: Severity, logger: Opt(Str()) }),

    error: Opt(
      Type.Object({
        type: Opt(Str()),
        message: Opt(Str()),
        stack_trace: Opt(Str()),
        frames: Opt(Type.Array(StackFrame)),
        grouping_key: Opt(Str({ description: 'The fingerprint; equals the pattern id' })),
      }),
    ),

    faultline: Type.Object({
      log_type: LogType,
      severity: Severity,
      status: EventStatus,
      assignee: Opt(Str()),
      module: Opt(Str()),
      perf: Opt(
        Type.Object({
          memory_bytes: Opt(Type.Number()),
          cpu_ms: Opt(Type.Number()),
        }),
      ),
      security: Opt(
        Type.Object({
          level: Opt(SecurityLevel),
          category: Opt(Str()),
          impact: Opt(Str()),
        }),
      ),
      session: Opt(Type.Object({ id: Str() })),
      object: Opt(Type.Object({ type: Str(), id: Str() })),
      /** Which signal the event came from, for tracing a document back to its source. */
      source: Opt(
        Type.Union([Type.Literal('span_event'), Type.Literal('span'), Type.Literal('log_record')]),
      ),
    }),

    tags: Opt(Type.Array(Str())),

    service: Opt(Type.Object({ name: Opt(Str()), version: Opt(Str()) })),
    deployment: Opt(Type.Object({ environment: Opt(Type.Object({ name: Opt(Str()) })) })),
    host: Opt(Type.Object({ name: Opt(Str()) })),

    code: Opt(
      Type.Object({
        function: Opt(Type.Object({ name: Opt(Str()) })),
        file: Opt(Type.Object({ path: Opt(Str()) })),
        line: Opt(Type.Object({ number: Opt(Type.Integer()) })),
      }),
    ),

    user: Opt(Type.Object({ id: Opt(Str()), name: Opt(Str()), email: Opt(Str()) })),
    client: Opt(Type.Object({ ip: Opt(Str()) })),
    user_agent: Opt(
      Type.Object({
        original: Opt(Str()),
        name: Opt(Str()),
        version: Opt(Str()),
        os: Opt(Type.Object({ name: Opt(Str()), version: Opt(Str()) })),
        device: Opt(Type.Object({ name: Opt(Str()) })),
      }),
    ),

    http: Opt(
      Type.Object({
        request: Opt(Type.Object({ method: Opt(Str()) })),
        route: Opt(Str()),
        response: Opt(Type.Object({ status_code: Opt(Type.Integer()) })),
      }),
    ),
    url: Opt(Type.Object({ path: Opt(Str()), full: Opt(Str()), query: Opt(Str()) })),

    trace: Opt(Type.Object({ id: Str({ pattern: '^[0-9a-f]{32}$' }) })),
    span: Opt(Type.Object({ id: Str({ pattern: '^[0-9a-f]{16}$' }) })),

    /** Everything else, flattened to dotted keys; never mapped field by field. */
    attributes: Opt(Type.Record(Str(), Type.Union([Str(), Type.Number(), Type.Boolean()]))),
  },
  { $id: 'FaultlineEvent', additionalProperties: false },
);
export type FaultlineEvent = Static<typeof FaultlineEvent>;
