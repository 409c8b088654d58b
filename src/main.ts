// Process entry: configuration, then the app (or the playground without Slack credentials), then start;
// SIGTERM and SIGINT drain and close.
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startPlayground } from './playground/server.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const line of error.problems) process.stderr.write(`config: ${line}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, pretty: config.prettyLogs });
  let running: { stop(): Promise<void> };
  if (config.slack.kind === 'unconfigured') {
    // No Slack credentials: run the bot against a local stand-in for Slack, with a page to drive it from.
    const playground = await startPlayground({ config, logger });
    running = playground;
    logger.info(
      { url: playground.url, vendor: config.vendor.vendor },
      `playground: open ${playground.url} in your browser (no Slack credentials set; see README.md to connect a workspace)`,
    );
  } else {
    const bot = await createApp(config, logger);
    running = bot;
    const { port, host } = await bot.start();
    logger.info({ port, host, mode: config.slack.kind, vendor: config.vendor.vendor }, 'bot listening');
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing queued work');
    running.stop().then(
      () => {
        logger.info('stopped');
        logger.flush();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
