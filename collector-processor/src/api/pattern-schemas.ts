import { Type } from '@sinclair/typebox';
import { FaultlineEvent } from '../schema/index.ts';
import { PATTERN_PARAMETER_DOCS } from './parameter-docs.ts';
import { PATTERN_LIST_PARAMETERS } from './pattern-list.ts';
import { errors, IdParams, ListParameter, Page, PatternSchema } from './schemas.ts';

const Str = Type.String;
const Opt = Type.Optional;

const Proposal = Type.Object({
  into: Str({ description: 'The pattern the others would merge into (the smallest id)' }),
  keys: Type.Array(Str()),
  template: Str(),
});

/** The /patterns routes' schemas, for the OpenAPI document (see schemas.ts). */
export const PATTERN_SCHEMAS = {
  list: {
    summary: 'List patterns',
    querystring: Type.Object(
      Object.fromEntries(
        PATTERN_LIST_PARAMETERS.map((name) => [
          name,
          Opt(ListParameter(PATTERN_PARAMETER_DOCS[name] ?? name)),
        ]),
      ),
    ),
    response: { 200: Page(PatternSchema), ...errors(400) },
  },
  detail: {
    summary: 'A pattern with its newest events and stats',
    params: IdParams,
    response: {
      200: Type.Object({
        pattern: PatternSchema,
        events: Type.Array(Type.Ref(FaultlineEvent)),
        stats: Type.Record(Str(), Type.Unknown()),
      }),
      ...errors(404),
    },
  },
  update: {
    summary: 'Change status, assignee or notes (recorded in the history and the audit log)',
    params: IdParams,
    body: Type.Object(
      {
        status: Opt(Str()),
        resolved_in_version: Opt(Str()),
        ignore_until: Opt(Str({ format: 'date-time' })),
        ignore_count: Opt(Type.Integer({ minimum: 1 })),
        assignee: Opt(Type.Union([Str(), Type.Null()])),
        notes: Opt(Type.Union([Str(), Type.Null()])),
      },
      { additionalProperties: false },
    ),
    response: { 200: PatternSchema, ...errors(400, 404) },
  },
  merge: {
    summary: 'Merge this pattern into another',
    params: IdParams,
    body: Type.Object({ into: Str() }),
    response: { 200: PatternSchema, ...errors(400, 404) },
  },
  unmerge: {
    summary: 'Undo a merge; the pair is never merged again automatically',
    params: IdParams,
    response: { 200: PatternSchema, ...errors(400, 404) },
  },
  similar: {
    summary: 'Merge proposals that include this pattern',
    params: IdParams,
    response: { 200: Type.Object({ items: Type.Array(Proposal) }), ...errors(404) },
  },
};
