// Process entry: configuration, then the app (or the playground without Slack credentials), then start;
// SIGTERM and SIGINT drain and close.
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startPlayground } from './playground/server.js';
import { productionPlaygroundRefusal, unknownSlackSettings } from './playground/startup-checks.js';

/** One line per problem, then exit 1: the operator reads what to fix, not a stack trace. */
function refuse(problems: readonly string[]): never {
  for (const line of problems) process.stderr.write(`config: ${line}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const unknown = unknownSlackSettings(process.env);
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) refuse([...unknown, ...error.problems]);
    throw error;
  }
  const production = productionPlaygroundRefusal(config, process.env.NODE_ENV);
  if (unknown.length > 0 || production) refuse([...unknown, ...(production ? [production] : [])]);
  const logger = createLogger({ level: config.logLevel, pretty: config.prettyLogs });
  let running: { stop(): Promise<void> };
  if (config.slack.kind === 'unconfigured') {
    // No Slack credentials: run the bot against a local stand-in for Slack, with a page to drive it from.
    let playground: Awaited<ReturnType<typeof startPlayground>>;
    try {
      playground = await startPlayground({ config, logger });
    } catch (error) {
      if (error instanceof ConfigError) refuse(error.problems);
      throw error;
    }
    running = playground;
    // The one log line that carries the token: the link is how the operator gets in (see SECURITY.md).
    logger.info(
      { url: playground.openUrl, vendor: config.vendor.vendor },
      `playground: open ${playground.openUrl} in your browser (no Slack credentials set; see README.md to connect a workspace)`,
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
