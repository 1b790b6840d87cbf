import { describe, expect, it } from 'vitest';
import { renderRouteTemplate } from './route-template.ts';

const data = {
  JsonData: { apiUrl: 'http://127.0.0.1:8080' },
  SecureJsonData: { apiToken: 's3cret' },
};

describe('renderRouteTemplate', () => {
  it('fills .JsonData and .SecureJsonData fields, with or without spaces', () => {
    expect(renderRouteTemplate('{{ .JsonData.apiUrl }}/api', data)).toBe(
      'http://127.0.0.1:8080/api',
    );
    expect(renderRouteTemplate('Bearer {{.SecureJsonData.apiToken}}', data)).toBe('Bearer s3cret');
  });

  it('renders a missing field as an empty string', () => {
    expect(renderRouteTemplate('x{{ .JsonData.nothing }}y', data)).toBe('xy');
  });

  it('throws on actions it does not understand instead of guessing', () => {
    expect(() => renderRouteTemplate('{{ .Other.field }}', data)).toThrow(/unsupported/);
    expect(() => renderRouteTemplate('{{ if .JsonData.apiUrl }}', data)).toThrow(/unsupported/);
  });
});
