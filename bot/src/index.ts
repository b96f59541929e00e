import { startApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startTelemetry } from './telemetry';

/** Starts the server from the environment and stops it cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    // `--reset` is the same as EMBEDDED_DB_RESET=true: start empty if the local data cannot be read.
    config = loadConfig(process.argv.includes('--reset') ? { ...process.env, EMBEDDED_DB_RESET: 'true' } : process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const stopTelemetry = await startTelemetry(config, logger);
  const app = await startApp(config, logger);
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'Shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    app
      .stop()
      .then(() => stopTelemetry?.())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'Shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Idéslussen could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
