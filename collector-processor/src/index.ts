/**
 * @faultline/collector-processor — the public entry point. End-to-end tests
 * and embedders start a processor with:
 *
 *   const processor = await startProcessor(loadConfig({
 *     FAULTLINE_DATA_DIR: dir, FAULTLINE_HOST: '127.0.0.1',
 *     FAULTLINE_OTLP_HTTP_PORT: '0', FAULTLINE_API_PORT: '0', FAULTLINE_ADMIN_TOKEN: 't',
 *   }));
 *   … processor.otlpHttpUrl, processor.apiUrl, processor.adminToken …
 *   await processor.close();
 */
export { startProcessor, type Processor, type ProcessorOptions } from './processor.ts';
export { CONFIG_DEFAULTS, ConfigError, loadConfig, type Config, type Env } from './config.ts';
export { consoleLogger, silentLogger, type Logger } from './log.ts';
export type { EventPage, SearchEventsQuery, Store } from './store/store.ts';
