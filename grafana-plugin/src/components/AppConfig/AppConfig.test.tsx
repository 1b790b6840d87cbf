import { fireEvent, render, screen } from '@testing-library/react';
import { PluginType } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { describe, expect, it } from 'vitest';
import { fetchError, stubBackend } from '../../test/backendStub.ts';
import { testIds } from '../testIds.ts';
import AppConfig, { type AppConfigProps } from './AppConfig.tsx';

function props(apiUrl: string | undefined, tokenSet: boolean): AppConfigProps {
  return {
    plugin: {
      meta: {
        id: 'faultline-systemlogs-app',
        name: 'Faultline',
        type: PluginType.app,
        enabled: true,
        pinned: false,
        jsonData: apiUrl === undefined ? {} : { apiUrl },
        secureJsonFields: { apiToken: tokenSet },
      },
    },
    query: {},
  } as unknown as AppConfigProps;
}

const typeInto = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('AppConfig', () => {
  it('renders the URL and token fields with the stored URL', () => {
    render(<AppConfig {...props('http://processor:8080', true)} />);
    expect(screen.getByTestId(testIds.appConfig.apiUrl)).toHaveValue('http://processor:8080');
    // A stored token shows as configured, with a reset button, never its value.
    expect(screen.getByTestId(testIds.appConfig.apiToken)).toHaveValue('configured');
    expect(screen.getByRole('button', { name: 'Reset' })).toBeInTheDocument();
    expect(screen.getByTestId(testIds.appConfig.submit)).toBeEnabled();
  });

  it('keeps Save disabled until there is a valid URL and a token', () => {
    render(<AppConfig {...props(undefined, false)} />);
    const save = screen.getByTestId(testIds.appConfig.submit);
    expect(save).toBeDisabled();

    typeInto(testIds.appConfig.apiUrl, 'processor:8080');
    typeInto(testIds.appConfig.apiToken, 'secret');
    expect(screen.getByText('Enter an http:// or https:// URL')).toBeInTheDocument();
    expect(save).toBeDisabled();

    typeInto(testIds.appConfig.apiUrl, 'http://processor:8080/');
    expect(save).toBeEnabled();
  });

  it('posts the new URL and token, and shows why saving failed', async () => {
    const { backend, requests } = stubBackend(() => ({
      fail: fetchError(403, { message: 'Permission denied' }),
    }));
    setBackendSrv(backend);
    render(<AppConfig {...props(undefined, false)} />);

    typeInto(testIds.appConfig.apiUrl, 'http://processor:8080/');
    typeInto(testIds.appConfig.apiToken, ' secret ');
    fireEvent.click(screen.getByTestId(testIds.appConfig.submit));

    expect(await screen.findByTestId(testIds.appConfig.error)).toHaveTextContent(
      'HTTP 403: Permission denied',
    );
    expect(requests).toEqual([
      {
        url: '/api/plugins/faultline-systemlogs-app/settings',
        method: 'POST',
        data: {
          enabled: true,
          pinned: false,
          jsonData: { apiUrl: 'http://processor:8080' },
          secureJsonData: { apiToken: 'secret' },
        },
      },
    ]);
  });

  it('does not send the token again when the stored one is kept', async () => {
    const { backend, requests } = stubBackend(() => ({ fail: new Error('offline') }));
    setBackendSrv(backend);
    render(<AppConfig {...props('http://processor:8080', true)} />);

    fireEvent.click(screen.getByTestId(testIds.appConfig.submit));

    await screen.findByTestId(testIds.appConfig.error);
    expect(requests[0]?.data).not.toHaveProperty('secureJsonData.apiToken');
  });
});
