import { describe, expect, it } from 'vitest';
import { exceptionAttributes, exceptionMessage } from './exception.ts';

class PaymentDeclined extends Error {
  override name = 'PaymentDeclined';
}
class ForgotItsName extends Error {}

describe('exceptionAttributes', () => {
  it('an Error subclass: its name, message and full stack', () => {
    const error = new PaymentDeclined('card refused');
    expect(exceptionAttributes(error)).toEqual({
      'exception.type': 'PaymentDeclined',
      'exception.message': 'card refused',
      'exception.stacktrace': error.stack,
    });
  });

  it('a subclass that never set name: the class name, not plain "Error"', () => {
    expect(exceptionAttributes(new ForgotItsName('x'))['exception.type']).toBe('ForgotItsName');
  });

  it('an error with a code: the type stays the class name', () => {
    const error = Object.assign(new TypeError('socket closed'), { code: 'ECONNRESET' });
    expect(exceptionAttributes(error)['exception.type']).toBe('TypeError');
  });

  it('a thrown string: type "string", the string as message, no stack', () => {
    expect(exceptionAttributes('nope')).toEqual({
      'exception.type': 'string',
      'exception.message': 'nope',
    });
  });

  it('a thrown null: type "null"', () => {
    expect(exceptionAttributes(null)).toEqual({
      'exception.type': 'null',
      'exception.message': 'null',
    });
  });

  it('a value whose toString throws: a placeholder message, no throw', () => {
    const hostile = {
      toString() {
        throw new Error('gotcha');
      },
    };
    expect(exceptionAttributes(hostile)['exception.message']).toBe('[unprintable value]');
  });
});

describe('exceptionMessage', () => {
  it('an Error: its message; anything else: its string form', () => {
    expect(exceptionMessage(new RangeError('too big'))).toBe('too big');
    expect(exceptionMessage(42)).toBe('42');
  });
});
