import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { compileGroupingConfig } from '../grouping/config.ts';
import type { LiveGroupingConfig } from '../grouping/live-config.ts';
import { ruleOf } from '../grouping/live-config.ts';
import { FingerprintRuleSchema, firstProblem } from '../grouping/rule-schema.ts';
import type { StoredFingerprintRule } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { API_ACTOR, auditChange } from './audit.ts';
import { ApiError } from './errors.ts';
import { errors, IdParams, Page } from './schemas.ts';

/** The body of POST (with id) and PUT (id from the path): a rule and its priority. */
export const RuleBodySchema = Type.Composite([
  FingerprintRuleSchema,
  Type.Object({
    priority: Type.Optional(
      Type.Integer({
        minimum: -1e6,
        maximum: 1e6,
        description: 'API rules apply in ascending priority (default 0), then id',
      }),
    ),
  }),
]);

const RuleAnswer = Type.Composite([
  RuleBodySchema,
  Type.Object({
    source: Type.Union([Type.Literal('config'), Type.Literal('api')]),
    updated_at: Type.Optional(Type.String({ format: 'date-time' })),
    updated_by: Type.Optional(Type.String()),
  }),
]);

const Version = Type.String({ description: 'The grouping configuration version the rules make' });
const Saved = Type.Composite([RuleAnswer, Type.Object({ version: Version })]);

const SCHEMAS = {
  list: {
    summary: 'The fingerprint rules in force, in the order they apply',
    response: {
      200: Type.Composite([Page(RuleAnswer), Type.Object({ version: Version })]),
      ...errors(),
    },
  },
  create: {
    summary: 'Add a fingerprint rule',
    body: RuleBodySchema,
    response: { 201: Saved, ...errors(400, 409) },
  },
  replace: {
    summary: 'Replace a fingerprint rule made through the API',
    params: IdParams,
    body: Type.Omit(RuleBodySchema, ['id']),
    response: { 200: Saved, ...errors(400, 404) },
  },
  remove: {
    summary: 'Delete a fingerprint rule made through the API',
    params: IdParams,
    response: { 204: Type.Null({ description: 'Deleted' }), ...errors(400, 404) },
  },
};

/**
 * /fingerprint-rules: the custom rules in force (those from the configuration
 * file, read-only here, then those made through the API) with the grouping
 * version they make; create, replace and delete API rules. Each change is
 * audited and bumps the version; events already grouped keep their patterns
 * (each pattern records the version that made it).
 */
export function fingerprintRuleRoutes(store: Store, grouping: LiveGroupingConfig) {
  return async function register(api: FastifyInstance) {
    const configIds = new Set(grouping.base.rules.map((r) => r.id));

    api.get('/fingerprint-rules', { schema: SCHEMAS.list }, async () => {
      await grouping.refresh();
      const stored = (await store.fingerprintRules.list()).sort(
        (a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1),
      );
      const items = [
        ...grouping.base.rules.map((r) => ({ ...r, source: 'config' as const })),
        ...stored.map((r) => ({ ...r, source: 'api' as const })),
      ];
      return {
        items,
        next: null,
        total: { value: items.length, relation: 'eq' },
        version: grouping.version,
      };
    });

    api.post('/fingerprint-rules', { schema: SCHEMAS.create }, async (request, reply) => {
      const rule = ruleFrom(request.body);
      if (configIds.has(rule.id) || (await store.fingerprintRules.get(rule.id))) {
        throw new ApiError('conflict', `a fingerprint rule "${rule.id}" exists already`);
      }
      const saved = await save(rule, 'fingerprint_rule.create');
      return reply.code(201).send(saved);
    });

    api.put('/fingerprint-rules/:id', { schema: SCHEMAS.replace }, async (request) => {
      const { id } = request.params as { id: string };
      const body = request.body;
      if (typeof body === 'object' && body !== null && 'id' in body && body.id !== id) {
        throw new ApiError('invalid_argument', 'the body id must be the path id', { field: 'id' });
      }
      if (configIds.has(id)) throw readOnly(id);
      if (!(await store.fingerprintRules.get(id))) throw notFound(id);
      return save(ruleFrom({ ...(body as object), id }), 'fingerprint_rule.update');
    });

    api.delete('/fingerprint-rules/:id', { schema: SCHEMAS.remove }, async (request, reply) => {
      const { id } = request.params as { id: string };
      if (configIds.has(id)) throw readOnly(id);
      if (!(await store.fingerprintRules.delete(id))) throw notFound(id);
      await grouping.refresh();
      await auditChange(store, 'fingerprint_rule.delete', id, { version: grouping.version });
      return reply.code(204).send();
    });

    async function save(
      rule: Omit<StoredFingerprintRule, 'updated_at' | 'updated_by'>,
      action: string,
    ) {
      const stored: StoredFingerprintRule = {
        ...rule,
        updated_at: new Date().toISOString(),
        updated_by: API_ACTOR,
      };
      await store.fingerprintRules.put(stored);
      await grouping.refresh();
      await auditChange(store, action, rule.id, { version: grouping.version });
      return { ...stored, source: 'api', version: grouping.version };
    }
  };
}

/** The body as a rule with its priority: schema-checked and compiled, or a 400 saying why. */
function ruleFrom(body: unknown): Omit<StoredFingerprintRule, 'updated_at' | 'updated_by'> {
  const problem = firstProblem(RuleBodySchema, body);
  if (problem) throw new ApiError('invalid_argument', `not a fingerprint rule: ${problem}`);
  const input = body as { priority?: number } & Parameters<typeof ruleOf>[0];
  try {
    compileGroupingConfig({ maxFrames: 1, rules: [ruleOf(input)] });
  } catch (error) {
    throw new ApiError('invalid_argument', (error as Error).message);
  }
  return { ...ruleOf(input), priority: input.priority ?? 0 };
}

const notFound = (id: string) => new ApiError('not_found', `no fingerprint rule "${id}"`);
const readOnly = (id: string) =>
  new ApiError(
    'invalid_argument',
    `fingerprint rule "${id}" comes from the configuration file; change it there`,
  );
