import { describe, expect, it } from 'vitest';
import { stubBackend } from '../test/backendStub.ts';
import { normalizeApiUrl, savePluginSettings } from './pluginSettings.ts';

describe('normalizeApiUrl', () => {
  it('keeps an http(s) URL and drops trailing slashes', () => {
    expect(normalizeApiUrl(' http://processor:8080/ ')).toBe('http://processor:8080');
    expect(normalizeApiUrl('https://faultline.example.org//')).toBe(
      'https://faultline.example.org',
    );
  });

  it('refuses text that is not an http(s) URL', () => {
    expect(normalizeApiUrl('processor:8080')).toBeUndefined();
    expect(normalizeApiUrl('ftp://processor')).toBeUndefined();
    expect(normalizeApiUrl('')).toBeUndefined();
  });
});

describe('savePluginSettings', () => {
  it("posts the settings to Grafana's plugin settings endpoint", async () => {
    const { backend, requests } = stubBackend(() => ({ data: {} }));
    const update = {
      enabled: true,
      pinned: true,
      jsonData: { apiUrl: 'http://processor:8080' },
      secureJsonData: { apiToken: 't0ken' },
    };

    await savePluginSettings('faultline-systemlogs-app', update, backend);

    expect(requests).toEqual([
      { url: '/api/plugins/faultline-systemlogs-app/settings', method: 'POST', data: update },
    ]);
  });
});
