// `npm start`: the processor on the embedded store, the demo shop sending it
// realistic errors, and the Faultline app in the standalone host; prints the URLs.
// Ctrl-C stops all three.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  ConfigError,
  consoleLogger,
  loadConfig,
  startProcessor,
} from '@faultline/collector-processor';
import { repoRoot } from '../host/paths.ts';
import { APP_BASE_PATH } from '../host/plugin-id.ts';
import { startHost } from '../host/server.ts';

const UI_PORT_VARIABLE = 'FAULTLINE_UI_PORT';

function uiPort(): number {
  const raw = process.env[UI_PORT_VARIABLE] ?? '3000';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(
      UI_PORT_VARIABLE,
      `${UI_PORT_VARIABLE} must be an integer 0–65535, got "${raw}"`,
    );
  }
  return port;
}

async function main(): Promise<void> {
  let config;
  let port;
  try {
    config = loadConfig(process.env);
    port = uiPort();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`npm start: ${error.message}`);
    process.exit(1);
  }

  const processor = await startProcessor(config, { logger: consoleLogger });
  const host = await startHost({
    processorApiUrl: processor.apiUrl,
    token: processor.adminToken,
    port,
  });

  // The demo runs through its own npm script, so there is one way to start it. npm runs the
  // script through a shell that does not pass signals on, so the demo gets a process group
  // of its own and is stopped as a group (also when this process exits for any reason).
  const demo = spawn('npm', ['run', 'demo', '--silent', '-w', '@faultline/node'], {
    cwd: repoRoot,
    stdio: 'inherit',
    detached: true,
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: processor.otlpHttpUrl },
  });
  const stopDemo = () => {
    if (demo.exitCode !== null || demo.signalCode !== null || demo.pid === undefined) return;
    try {
      process.kill(-demo.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', stopDemo);

  const token =
    processor.adminTokenSource === 'generated'
      ? `${processor.adminToken}  (generated now, shown once; kept in ${processor.adminTokenFile})`
      : processor.adminTokenSource === 'env'
        ? 'from FAULTLINE_ADMIN_TOKEN'
        : `in ${processor.adminTokenFile}`;
  console.log(`
Faultline is running
  App (standalone host)  ${host.url}${APP_BASE_PATH}/
  REST API               ${processor.apiUrl}/api/v1/events   (Authorization: Bearer <admin token>)
  OTLP/HTTP receiver     ${processor.otlpHttpUrl}/v1/traces  ${processor.otlpHttpUrl}/v1/logs
  Admin token            ${token}
  Data                   ${config.dataDir}
Press Ctrl-C to stop.
`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (demo.exitCode === null && demo.signalCode === null) {
      const exited = once(demo, 'exit');
      stopDemo();
      await exited;
    }
    await host.close();
    await processor.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  demo.once('exit', (code) => {
    if (!stopping)
      console.error(`npm start: the demo service exited (${code}); the rest keeps running`);
  });
}

await main();
