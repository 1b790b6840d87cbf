import { render, screen } from '@testing-library/react';
import type { AppRootProps } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { stubBackend } from '../../test/backendStub.ts';
import { makePage } from '../../test/fixtures.ts';
import { testIds } from '../testIds.ts';
import App from './App.tsx';

// Grafana mounts the root page under /a/<plugin id>/*; the app's routes are relative to it.
function renderAt(path: string) {
  setBackendSrv(stubBackend(() => ({ data: makePage([]) })).backend);
  const props = {} as AppRootProps;
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/a/faultline-systemlogs-app/*" element={<App {...props} />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('App', () => {
  it('shows the Events page at its route', async () => {
    renderAt('/a/faultline-systemlogs-app/events');
    expect(await screen.findByTestId(testIds.events.container)).toBeInTheDocument();
  });

  it('shows the Events page by default', async () => {
    renderAt('/a/faultline-systemlogs-app');
    expect(await screen.findByTestId(testIds.events.container)).toBeInTheDocument();
  });
});
