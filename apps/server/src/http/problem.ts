import { DomainError, ERROR_STATUS, ERROR_TITLE, isDomainError, type ErrorCode } from '@csp-center/domain';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** RFC 9457 problem body, with the catalogue code and the request id to quote to support. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  details?: Record<string, unknown>;
  requestId: string;
}

export function problem(code: ErrorCode, requestId: string, detail?: string, details?: Record<string, unknown>): Problem {
  return {
    type: `https://csp-center.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: ERROR_TITLE[code],
    status: ERROR_STATUS[code],
    code,
    detail: detail ?? ERROR_TITLE[code],
    ...(details ? { details } : {}),
    requestId,
  };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  if (p.code === 'RATE_LIMITED') {
    const retry = Number(p.details?.retryAfterSeconds ?? 60);
    reply.header('retry-after', String(Math.max(1, Math.ceil(retry))));
  }
  return reply.code(p.status).type('application/problem+json').send(p);
}

const FASTIFY_CODE_MAP: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

/** The one error handler: domain refusals, validation, framework errors, then a fixed 500. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const id = request.id;
  if (isDomainError(error)) {
    const e = error as DomainError;
    return sendProblem(reply, problem(e.code, id, e.message, e.details));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      path: [error.validationContext ?? 'body', ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
      code: (v.params as { issue?: { code?: string } } | undefined)?.issue?.code ?? v.keyword,
    }));
    return sendProblem(reply, problem('VALIDATION_FAILED', id, 'The request does not match the schema.', { issues }));
  }
  if (error instanceof SyntaxError || (error.code && FASTIFY_CODE_MAP[error.code])) {
    const code = (error.code && FASTIFY_CODE_MAP[error.code]) || 'VALIDATION_FAILED';
    const details = code === 'VALIDATION_FAILED' ? { issues: [{ path: 'body', message: error.message, code: error.code ?? 'invalid_json' }] } : undefined;
    return sendProblem(reply, problem(code, id, error.message, details));
  }
  if (error.statusCode === 429) return sendProblem(reply, problem('RATE_LIMITED', id));
  if (isResponseSerializationError(error)) request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
  else request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, problem('INTERNAL', id, 'An unexpected error occurred. Quote the request id to support.'));
}

/** Shorthand for services: `throw refuse('NOT_FOUND')`. */
export function refuse(code: ErrorCode, detail?: string, details?: Record<string, unknown>): DomainError {
  return new DomainError(code, detail, details);
}
