import { useCallback, useEffect, useState } from 'react';
import { listEvents, type EventsPage } from '../services/api.ts';
import { describeApiError } from '../services/apiError.ts';

export type EventsState =
  | { status: 'loading' }
  | { status: 'ready'; page: EventsPage }
  | { status: 'error'; message: string };

/** Loads the newest events; `reload` fetches them again. */
export function useEvents(limit: number): { state: EventsState; reload: () => void } {
  const [state, setState] = useState<EventsState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    // An answer that arrives after a newer request started (or after unmount) is dropped.
    let current = true;
    setState({ status: 'loading' });
    listEvents({ limit }).then(
      (page) => current && setState({ status: 'ready', page }),
      (error: unknown) =>
        current && setState({ status: 'error', message: describeApiError(error) }),
    );
    return () => {
      current = false;
    };
  }, [limit, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload };
}
