/**
 * The processor's own log lines (not the events it processes): one sink, so
 * tests can keep quiet and a deployment can redirect them.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message, error) => console.error(message, ...(error === undefined ? [] : [error])),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
