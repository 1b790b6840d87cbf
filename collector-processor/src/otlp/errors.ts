/** A request body that is not a valid OTLP message; the message says where and why. */
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}

/** How deep AnyValue arrays and kvlists may nest before a request is refused. */
export const MAX_VALUE_DEPTH = 32;
