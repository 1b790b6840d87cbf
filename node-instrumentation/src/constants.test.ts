import * as schema from '@faultline/collector-processor/schema';
import { describe, expect, it } from 'vitest';
import { LOG_TYPES, OTEL_SEVERITY_NUMBER, SECURITY_LEVELS, SEVERITIES } from './constants.ts';

describe('the mirrored schema vocabularies', () => {
  it('equal the event schema’s', () => {
    expect(SEVERITIES).toEqual(schema.SEVERITIES);
    expect(LOG_TYPES).toEqual(schema.LOG_TYPES);
    expect(SECURITY_LEVELS).toEqual(schema.SECURITY_LEVELS);
    expect(OTEL_SEVERITY_NUMBER).toEqual(schema.OTEL_SEVERITY_NUMBER);
  });

  it('map each severity to a number the schema reads back as the same severity', () => {
    for (const severity of SEVERITIES) {
      expect(schema.severityFromOtelNumber(OTEL_SEVERITY_NUMBER[severity])).toBe(severity);
    }
  });
});
