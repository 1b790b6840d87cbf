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

export function exceptionOf(attributes: Attributes): ErrorParts | undefined {
  const [type, message, stackTrace] = EXCEPTION_KEYS.map((k) => toText(attributes.get(k)));
  if (type === undefined && message === undefined && stackTrace === undefined) return undefined;
  return { type, message, stackTrace };
}

export const hasExceptionAttributes = (attributes: Attributes) =>
  [...attributes.keys()].some((k) => k.startsWith('exception.'));
