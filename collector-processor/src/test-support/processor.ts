import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Env } from '../config.ts';
import { silentLogger } from '../log.ts';
import { startProcessor, type Processor } from '../processor.ts';

export const TEST_TOKEN = 't';

/** A processor for a test: loopback, free ports, token `t`, quiet, its own data dir. */
export type TestProcessor = Processor & {
  readonly dataDir: string;
  /** Closes the processor and removes its data dir. */
  stop(): Promise<void>;
};

export async function startTestProcessor(settings: Env = {}): Promise<TestProcessor> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'faultline-test-'));
  const config = loadConfig({
    FAULTLINE_DATA_DIR: dataDir,
    FAULTLINE_HOST: '127.0.0.1',
    FAULTLINE_OTLP_HTTP_PORT: '0',
    FAULTLINE_OTLP_GRPC_PORT: '0',
    FAULTLINE_API_PORT: '0',
    FAULTLINE_ADMIN_TOKEN: TEST_TOKEN,
    ...settings,
  });
  const processor = await startProcessor(config, { logger: silentLogger }).catch(
    async (error: unknown) => {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    },
  );
  return Object.assign(processor, {
    dataDir,
    async stop() {
      await processor.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}
