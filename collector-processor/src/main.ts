import { ConfigError, loadConfig, type Config } from './config.ts';
import { createPinoLogger } from './log.ts';
import { startProcessor } from './processor.ts';

const NAME = 'faultline-processor';

/**
 * The command: configuration from the environment, start, one line per
 * listener, and a clean stop on SIGINT/SIGTERM. Exit code 1 for a bad
 * configuration or a failed start.
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${NAME}: ${error.message}`);
    process.exitCode = 1;
    return;
  }

  let processor;
  try {
    // The banner below stays plain text; the processor's own log lines are structured.
    processor = await startProcessor(config, { logger: createPinoLogger() });
  } catch (error) {
    console.error(`${NAME}: could not start: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }

  const bound =
    config.host === '0.0.0.0' || config.host === '::' ? ` (bound to ${config.host})` : '';
  console.log(`${NAME}: OTLP/HTTP receiver on ${processor.otlpHttpUrl}${bound}`);
  console.log(`${NAME}: OTLP/gRPC receiver on ${processor.otlpGrpcUrl}${bound}`);
  console.log(`${NAME}: REST API on ${processor.apiUrl}/api/v1${bound}`);
  console.log(`${NAME}: data in ${config.dataDir}`);
  if (processor.adminTokenSource === 'generated') {
    console.log(
      `${NAME}: generated an admin token (shown once; kept in ${processor.adminTokenFile}): ${processor.adminToken}`,
    );
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${NAME}: ${signal} again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${NAME}: ${signal} received, shutting down`);
    processor.close().then(
      () => console.log(`${NAME}: stopped`),
      (error: unknown) => {
        console.error(`${NAME}: shutdown failed`, error);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
