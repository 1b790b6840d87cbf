// uncaughtException (FATAL) and unhandled rejections (ERROR) become events,
// sent before the process dies, without changing how it dies: when nothing
// else handles the error, the listener prints it the way Node does and exits
// with code 1 once the event is flushed (or the flush timed out); when the
// application has its own listener, that listener decides, as it would have.
import { inspect } from 'node:util';
import { emitEvent } from './emit.ts';
import { exceptionMessage } from './exception.ts';

type Flush = () => Promise<void>;

const INSTALLED = Symbol.for('faultline.process-handlers');

export function installProcessHandlers(flush: Flush, timeoutMs: number): void {
  const processState = process as unknown as Record<symbol, unknown>;
  if (processState[INSTALLED]) return;
  processState[INSTALLED] = true;
  const options = nodeOptions();
  // With this flag Node aborts for core dumps; a listener would defeat it.
  if (options.includes('--abort-on-uncaught-exception')) return;

  let dying = false;
  const onUncaught = (error: unknown, origin: string): void => {
    const fromRejection = origin === 'unhandledRejection';
    emitEvent({
      logType: 'EXCEPTION',
      severity: fromRejection ? 'ERROR' : 'FATAL',
      message: exceptionMessage(error),
      error,
      context: { origin },
    });
    const others = process.listeners('uncaughtException').filter((l) => l !== onUncaught);
    if (others.length > 0) {
      void flushWithin(flush, timeoutMs);
      return;
    }
    // Node would now print the error and exit with 1: do the same, after the flush.
    process.stderr.write(`${formatUncaught(error, fromRejection)}\n\nNode.js ${process.version}\n`);
    if (dying) return;
    dying = true;
    void flushWithin(flush, timeoutMs).finally(() => process.exit(1));
  };
  process.on('uncaughtException', onUncaught);

  // Under the default mode (throw) and `strict`, an unhandled rejection arrives
  // above as an uncaught exception; a listener here would stop Node throwing.
  // Under `warn` and `none` Node never throws, and a listener changes nothing.
  const mode = /--unhandled-rejections[= ](\S+)/.exec(options)?.[1];
  if (mode === 'warn' || mode === 'none') {
    process.on('unhandledRejection', (reason) => {
      emitEvent({
        logType: 'EXCEPTION',
        severity: 'ERROR',
        message: exceptionMessage(reason),
        error: reason,
        context: { origin: 'unhandledRejection' },
      });
    });
  }
}

function flushWithin(flush: Flush, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  return Promise.race([flush().catch(() => {}), timeout]).finally(() => clearTimeout(timer));
}

function formatUncaught(error: unknown, fromRejection: boolean): string {
  if (fromRejection && !(error instanceof Error)) {
    return (
      '[UnhandledPromiseRejection: This error originated either by throwing inside of an async ' +
      'function without a catch block, or by rejecting a promise which was not handled with ' +
      `.catch(). The promise rejected with the reason "${inspect(error)}".]`
    );
  }
  return inspect(error);
}

function nodeOptions(): string {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
}
