export { init } from './init.ts';
export type { InitOptions } from './config.ts';
export type { TelemetryHandle } from './handle.ts';
export { errorHandler } from './express.ts';
export type { FaultlineErrorHandler, NextLike, RequestLike } from './express.ts';
