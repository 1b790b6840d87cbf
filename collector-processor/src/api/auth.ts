import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, sendError } from './errors.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * `Authorization: Bearer <token>` against the admin token. Both sides are
 * hashed first so the comparison takes the same time whatever the input.
 * (Roles — viewer, editor, admin — come with the token store.)
 */
export function bearerAuth(adminToken: string) {
  const expected = digest(adminToken);
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (match && timingSafeEqual(digest(match[1]!), expected)) return;
    reply.header('www-authenticate', 'Bearer realm="faultline"');
    const message = match
      ? 'the bearer token is not valid'
      : 'this route needs an Authorization: Bearer <token> header';
    return sendError(reply, new ApiError('unauthorized', message));
  };
}
