import type { FaultlineEvent } from '@faultline/collector-processor/schema';
import { getBackendSrv, type BackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { API_BASE_URL } from '../constants.ts';

/** How the processor answers every list (see the API conventions in the design). */
export interface ListPage<T> {
  items: T[];
  /** Opaque cursor for the following page; null on the last one. */
  next: string | null;
  total: { value: number; relation: 'eq' | 'gte' };
}

export type EventsPage = ListPage<FaultlineEvent>;

export interface ListEventsQuery {
  limit?: number;
  cursor?: string;
}

/** The part of Grafana's backendSrv the client needs; tests pass their own. */
export type ApiBackend = Pick<BackendSrv, 'fetch'>;

export class UnexpectedResponseError extends Error {
  override name = 'UnexpectedResponseError';
}

async function getJson<T>(backend: ApiBackend, path: string, params: object): Promise<T> {
  const response = backend.fetch<T>({
    method: 'GET',
    url: `${API_BASE_URL}${path}`,
    params,
    // The pages show their own error state; Grafana's toast would say it twice.
    showErrorAlert: false,
  });
  return (await lastValueFrom(response)).data;
}

function isListPage(value: unknown): value is ListPage<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const page = value as Partial<ListPage<unknown>>;
  return Array.isArray(page.items) && typeof page.total?.value === 'number';
}

/** The newest events first, one page at a time. */
export async function listEvents(
  query: ListEventsQuery = {},
  backend: ApiBackend = getBackendSrv(),
): Promise<EventsPage> {
  const params = {
    ...(query.limit !== undefined && { limit: query.limit }),
    ...(query.cursor !== undefined && { cursor: query.cursor }),
  };
  const page = await getJson<unknown>(backend, '/events', params);
  if (!isListPage(page)) {
    throw new UnexpectedResponseError(
      'The processor answered /events with something that is not a list',
    );
  }
  // The processor validates what it stores against the shared schema; the list shape was checked above.
  const events = page as EventsPage;
  return { items: events.items, next: events.next ?? null, total: events.total };
}
