import { fireEvent, render, screen, within } from '@testing-library/react';
import { setBackendSrv } from '@grafana/runtime';
import { describe, expect, it } from 'vitest';
import { testIds } from '../components/testIds.ts';
import { fetchError, stubBackend, type StubAnswer } from '../test/backendStub.ts';
import { makeEvent, makePage } from '../test/fixtures.ts';
import Events, { EVENTS_PAGE_SIZE } from './Events.tsx';

function serve(answer: () => StubAnswer) {
  const stub = stubBackend(answer);
  setBackendSrv(stub.backend);
  return stub;
}

describe('Events page', () => {
  it('shows one table row per event from the processor', async () => {
    const { requests } = serve(() => ({
      data: makePage([
        makeEvent(),
        makeEvent({
          event: { id: 'evt-2' },
          message: 'Slow checkout',
          faultline: { log_type: 'PERFORMANCE', severity: 'WARNING', status: 'open' },
          log: { level: 'WARNING' },
          error: undefined,
          service: { name: 'payments' },
          http: undefined,
          url: { path: '/pay' },
        }),
      ]),
    }));

    render(<Events />);

    const rows = await screen.findAllByTestId(testIds.events.row);
    expect(rows).toHaveLength(2);
    expect(
      within(rows[0]!).getByText('Cannot read properties of undefined (reading "id")'),
    ).toBeInTheDocument();
    expect(within(rows[0]!).getByText('TypeError')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('checkout')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('/orders/:id')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('WARNING')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('PERFORMANCE')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('/pay')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.events.summary)).toHaveTextContent('Newest 2 of 2 events');
    expect(requests[0]?.params).toEqual({ limit: EVENTS_PAGE_SIZE });
  });

  it('shows the empty state when there are no events', async () => {
    serve(() => ({ data: makePage([]) }));
    render(<Events />);
    expect(await screen.findByTestId(testIds.events.empty)).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.events.table)).not.toBeInTheDocument();
  });

  it("shows the error state with the processor's message", async () => {
    serve(() => ({
      fail: fetchError(401, { error: { code: 'unauthorized', message: 'Invalid token' } }),
    }));
    render(<Events />);
    const alert = await screen.findByTestId(testIds.events.error);
    expect(alert).toHaveTextContent('Invalid token');
    expect(screen.queryByTestId(testIds.events.table)).not.toBeInTheDocument();
  });

  it('loads again on Refresh', async () => {
    let calls = 0;
    serve(() => {
      calls += 1;
      return { data: makePage(calls === 1 ? [] : [makeEvent()]) };
    });
    render(<Events />);
    await screen.findByTestId(testIds.events.empty);

    fireEvent.click(screen.getByTestId(testIds.events.refresh));

    expect(await screen.findAllByTestId(testIds.events.row)).toHaveLength(1);
    expect(calls).toBe(2);
  });
});
