import { pino, type DestinationStream } from 'pino';
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

/**
 * Structured log lines (JSON, one per line, on stdout) through pino, for the
 * bin: `msg`, `level`, `time`, and `err` (with its stack) for failures.
 */
export function createPinoLogger(destination?: DestinationStream): Logger {
  const log = pino({ base: { name: 'faultline-processor' } }, destination);
  return {
    info: (message) => log.info(message),
    warn: (message) => log.warn(message),
    error: (message, error) =>
      error === undefined ? log.error(message) : log.error({ err: error }, message),
  };
}
