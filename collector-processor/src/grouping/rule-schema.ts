import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { compileGroupingConfig, type GroupingConfig } from './config.ts';

const Pattern = Type.String({
  minLength: 1,
  maxLength: 1000,
  description: 'A glob (`*`, `?`) or a regular expression written /source/flags',
});

/** A custom fingerprint rule as configuration files and the API write it (rules.ts explains it). */
export const FingerprintRuleSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$' }),
    match: Type.Object(
      {
        type: Type.Optional(Pattern),
        message: Type.Optional(Pattern),
        module: Type.Optional(Pattern),
        service: Type.Optional(Pattern),
        attributes: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Pattern)),
      },
      { additionalProperties: false },
    ),
    fingerprint: Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), {
      minItems: 1,
      maxItems: 50,
      description:
        'The key parts: literals, or {{ default }}, {{ type }}, {{ message }}, {{ module }}, {{ service }}',
    }),
  },
  { additionalProperties: false },
);

export const GroupingConfigSchema = Type.Object(
  {
    maxFrames: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    rules: Type.Optional(Type.Array(FingerprintRuleSchema, { maxItems: 1000 })),
  },
  { additionalProperties: false },
);

/**
 * The first problem with a value that should be `schema`, as "path: message",
 * or undefined when it conforms.
 */
export function firstProblem(schema: TSchema, value: unknown): string | undefined {
  const error = Value.Errors(schema, value).First();
  return error && `${error.path || '/'}: ${error.message}`;
}

/**
 * A grouping configuration from parsed JSON: checked against the schema, its
 * rules compiled once (a bad regular expression names its rule), rule ids
 * unique. Throws an Error whose message says what is wrong and where.
 */
export function groupingConfigFrom(json: unknown, defaults: GroupingConfig): GroupingConfig {
  const problem = firstProblem(GroupingConfigSchema, json);
  if (problem) throw new Error(problem);
  const input = json as Static<typeof GroupingConfigSchema>;
  const config: GroupingConfig = {
    maxFrames: input.maxFrames ?? defaults.maxFrames,
    rules: input.rules ?? defaults.rules,
  };
  const ids = config.rules.map((r) => r.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new Error(`rule id "${twice}" is used twice`);
  compileGroupingConfig(config);
  return config;
}
