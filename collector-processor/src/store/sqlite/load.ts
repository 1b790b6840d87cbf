import type * as Sqlite from 'node:sqlite';

/**
 * node:sqlite, loaded without its one-time "SQLite is an experimental
 * feature" warning: operators did not choose the module and cannot act on
 * it. Only that warning is dropped; every other warning passes through.
 */
export function loadSqlite(): typeof Sqlite {
  const emitWarning = process.emitWarning;
  process.emitWarning = function filtered(this: unknown, ...args: Parameters<typeof emitWarning>) {
    const [warning, options] = args;
    const message = typeof warning === 'string' ? warning : warning.message;
    const type =
      typeof warning === 'string'
        ? typeof options === 'string'
          ? options
          : options?.type
        : warning.name;
    if (type === 'ExperimentalWarning' && /SQLite/.test(message)) return;
    return emitWarning.apply(process, args);
  } as typeof process.emitWarning;
  try {
    return process.getBuiltinModule('node:sqlite');
  } finally {
    process.emitWarning = emitWarning;
  }
}
