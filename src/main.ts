// Process entry: configuration, then the app, then start; SIGTERM and SIGINT drain and close.
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

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
  if (config.slack.kind === 'unconfigured') {
    process.stderr.write(
      'config: no Slack credentials: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SLACK_SIGNING_SECRET (many workspaces); see README.md\n',
    );
    process.exit(1);
  }

  const bot = await createApp(config, logger);
  const { port, host } = await bot.start();
  logger.info({ port, host, mode: config.slack.kind, vendor: config.vendor.vendor }, 'bot listening');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing queued work');
    bot.stop().then(
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
