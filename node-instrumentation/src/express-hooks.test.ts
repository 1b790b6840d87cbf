import type { AttributeValue, Span } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { copyRequestAttributes } from './express-hooks.ts';

// A span that only remembers its attributes: copyRequestAttributes uses nothing else.
function attributeSpan(): { span: Span; attributes: Record<string, AttributeValue> } {
  const attributes: Record<string, AttributeValue> = {};
  const span = {
    setAttribute(key: string, value: AttributeValue) {
      attributes[key] = value;
      return span;
    },
  } as unknown as Span;
  return { span, attributes };
}

describe('copyRequestAttributes', () => {
  it('a request handler layer: method and path without the query string', () => {
    const { span, attributes } = attributeSpan();
    const request = { method: 'POST', originalUrl: '/orders/import?token=secret' };
    copyRequestAttributes(span, { request, layerType: 'request_handler' });
    expect(attributes).toEqual({ 'http.request.method': 'POST', 'url.path': '/orders/import' });
  });

  it('a middleware or router layer: nothing added', () => {
    const { span, attributes } = attributeSpan();
    const request = { method: 'GET', originalUrl: '/x' };
    copyRequestAttributes(span, { request, layerType: 'middleware' });
    copyRequestAttributes(span, { request, layerType: 'router' });
    expect(attributes).toEqual({});
  });

  it('a request without the expected fields: nothing added, no throw', () => {
    const { span, attributes } = attributeSpan();
    copyRequestAttributes(span, { request: undefined, layerType: 'request_handler' });
    expect(attributes).toEqual({});
  });
});
