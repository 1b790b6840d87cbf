// errorHandler() without any SDK running: it must stay invisible to the app.
// Its recording on real spans is covered end to end in express-export.test.ts.
import { describe, expect, it } from 'vitest';
import { errorHandler } from './express.ts';

describe('errorHandler', () => {
  it('has four parameters, so Express treats it as error middleware', () => {
    expect(errorHandler().length).toBe(4);
  });

  it('passes the very same error on to next()', () => {
    const error = new Error('boom');
    const seen: unknown[] = [];
    errorHandler()(error, { route: { path: '/x' } }, {}, (passed) => seen.push(passed));
    expect(seen).toEqual([error]);
    expect(seen[0]).toBe(error);
  });

  it('a non-Error value and a bare request: still passed on, no throw', () => {
    const seen: unknown[] = [];
    errorHandler()('plain string', {}, undefined, (passed) => seen.push(passed));
    expect(seen).toEqual(['plain string']);
  });
});
