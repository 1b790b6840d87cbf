import type { Attributes } from '../otlp/model.ts';
import { toText } from './values.ts';

/** The OTel exception attributes, on span events and on log records alike. */
export const EXCEPTION_KEYS = [
  'exception.type',
  'exception.message',
  'exception.stacktrace',
] as const;

export interface ErrorParts {
  type?: string;
  message?: string;
  stackTrace?: string;
}

/** ECS/OTel `error.type`, which @faultline/node also sets on log records: the type when exception.type is absent. */
export const ERROR_TYPE_KEY = 'error.type';

export function exceptionOf(attributes: Attributes): ErrorParts | undefined {
  const [exceptionType, message, stackTrace] = EXCEPTION_KEYS.map((k) => toText(attributes.get(k)));
  const type = exceptionType ?? toText(attributes.get(ERROR_TYPE_KEY));
  if (type === undefined && message === undefined && stackTrace === undefined) return undefined;
  return { type, message, stackTrace };
}

export const EXCEPTION_PREFIX = 'exception.';

export const hasExceptionAttributes = (attributes: Attributes) =>
  [...attributes.keys()].some((k) => k.startsWith(EXCEPTION_PREFIX));
