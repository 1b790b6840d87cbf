import { MAX_PAGE_SIZE } from '../store/store.ts';
import { invalidParameter } from './errors.ts';

export const DEFAULT_PAGE_SIZE = 50;

type Query = Readonly<Record<string, unknown>>;

/** A single string parameter, or undefined; repeating it is an error. */
function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParameter(name, `${name} must be given once`);
  return value;
}

export function pageLimit(query: Query): number {
  const raw = single(query, 'limit');
  if (raw === undefined) return DEFAULT_PAGE_SIZE;
  const n = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= MAX_PAGE_SIZE)) {
    throw invalidParameter(
      'limit',
      `limit must be an integer between 1 and ${MAX_PAGE_SIZE}, got ${JSON.stringify(raw)}`,
    );
  }
  return n;
}

export function pageCursor(query: Query): string | undefined {
  const raw = single(query, 'cursor');
  if (raw === '') throw invalidParameter('cursor', 'cursor must not be empty');
  return raw;
}
