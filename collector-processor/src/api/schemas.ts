import { Type, type TSchema } from '@sinclair/typebox';
import { PATTERN_STATUSES } from '../store/patterns.ts';
import { LOG_TYPES, SEVERITIES } from '../schema/index.ts';

/**
 * TypeBox schemas of the API's inputs and answers, from which the OpenAPI
 * document is generated (openapi.ts). The handlers check their input
 * themselves (each 400 names its parameter); these describe it.
 */

const Str = Type.String;
const Opt = Type.Optional;
const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** A query parameter that may be repeated or comma-separated. */
export const ListParameter = (description: string) =>
  Type.Union([Str(), Type.Array(Str())], { description });

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Literals([
        'invalid_argument',
        'unauthorized',
        'not_found',
        'method_not_allowed',
        'conflict',
        'payload_too_large',
        'unsupported_media_type',
        'internal',
      ]),
      message: Str(),
      details: Opt(Type.Record(Str(), Type.Unknown())),
    }),
  },
  { description: 'An error: a stable code for programs, a message for people' },
);

/** `{ items, next, total }`, the shape of every list. */
export const Page = (item: TSchema) =>
  Type.Object({
    items: Type.Array(item),
    next: Type.Union([Str(), Type.Null()], { description: 'Cursor of the next page, or null' }),
    total: Type.Object({ value: Type.Integer(), relation: Literals(['eq', 'gte']) }),
  });

export const IdParams = Type.Object({ id: Str() });

/** Error answers a route may give, by status. */
export const errors = (...statuses: (400 | 401 | 404 | 409)[]) =>
  Object.fromEntries([401, ...statuses].map((s) => [s, ErrorBody]));

const StatusChange = Type.Object({
  status: Literals(PATTERN_STATUSES),
  at: Str({ format: 'date-time' }),
  by: Str(),
  resolved_in_version: Opt(Str()),
  merged_into: Opt(Str()),
  unmerged_from: Opt(Str()),
});

const Counts = Type.Record(Str(), Type.Integer());

export const PatternSchema = Type.Object(
  {
    id: Str({ description: 'The fingerprint: error.grouping_key of its events' }),
    title: Str(),
    type: Literals(LOG_TYPES),
    culprit: Opt(Str()),
    first_seen: Str({ format: 'date-time' }),
    last_seen: Str({ format: 'date-time' }),
    count: Type.Integer(),
    counts_per_hour: Opt(Counts),
    counts_per_day: Opt(Counts),
    users: Type.Array(Str()),
    user_count: Type.Integer(),
    services: Type.Array(Str()),
    environments: Opt(Type.Array(Str())),
    versions: Opt(Type.Array(Str())),
    severity: Literals(SEVERITIES),
    severity_per_day: Opt(Type.Record(Str(), Literals(SEVERITIES))),
    severity_trend: Opt(Literals(['rising', 'falling', 'steady'])),
    duration_mean_ms: Opt(Type.Number()),
    duration_p95_ms: Opt(Type.Number()),
    status: Literals(PATTERN_STATUSES),
    resolved_in_version: Opt(Str()),
    ignore_until: Opt(Str({ format: 'date-time' })),
    ignore_until_count: Opt(Type.Integer()),
    assignee: Opt(Str()),
    notes: Opt(Str()),
    merged_into: Opt(Str()),
    merged_count: Opt(Type.Integer()),
    kept_apart: Opt(Type.Array(Str())),
    sample_event_id: Opt(Str()),
    grouping_version: Opt(Str()),
    template: Opt(Str()),
    template_scope: Opt(Str()),
    status_history: Opt(Type.Array(StatusChange)),
  },
  { description: 'An error pattern', additionalProperties: true },
);
