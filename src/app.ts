// Composition root: builds the services and the Bolt App, registers the handlers, and owns start and stop.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type AddressInfo, Server as NetServer } from 'node:net';
import {
  App,
  type AppOptions,
  type CustomRoute,
  ErrorCode,
  HTTPReceiver,
  type Logger as SlackLogger,
  webApi,
} from '@slack/bolt';
import { registerHandlers } from '../handlers/index.js';
import { BOT_SCOPES } from './auth/bot-scopes.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createServices, type ServiceOverrides, type Services } from './services.js';
import { ackCommandsFirst, type CommandsFirst } from './slack/commands-first.js';
import { slackLogger } from './slack/logger.js';

export interface BotApp {
  app: App;
  services: Services;
  /** Listens on the config's port and host (0 picks a free port); resolves with the bound address. */
  start(): Promise<{ port: number; host: string }>;
  /** Stops taking requests, lets queued work finish (bounded), closes the store. */
  stop(): Promise<void>;
  /** Slash commands acked and not yet handed to their listener (HTTP mode; 0 in Socket Mode). */
  acceptedCommands(): number;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * Stops listening (new connections are refused, so a load balancer moves on) without resetting connections
 * already accepted: http.Server#close also closes "idle" ones, and a connection accepted a moment ago whose
 * request has not arrived yet counts as idle, so its request would be lost. Those get `graceMs` to send it;
 * then idle keep-alive connections are closed, and whatever is still open after `timeoutMs` is dropped.
 */
async function closeListener(server: Server, graceMs: number, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      closed.then(
        () => clearTimeout(timer),
        () => undefined,
      );
    });
  await Promise.race([closed, wait(graceMs)]);
  server.closeIdleConnections();
  await Promise.race([closed, wait(timeoutMs)]);
  server.closeAllConnections();
}

/** Waits for every promise in `running` (including ones added meanwhile), for at most `timeoutMs`. */
async function settled(running: ReadonlySet<Promise<void>>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (running.size > 0 && Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
    });
    await Promise.race([Promise.allSettled([...running]), timeout]);
    clearTimeout(timer);
  }
}

export function healthRoutes(services: Services): CustomRoute[] {
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => json(res, 200, { ok: true }),
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        services.readiness().then(
          (r) => json(res, r.ready ? 200 : 503, r),
          (error: unknown) => {
            services.logger.error({ err: error }, 'readiness check failed');
            json(res, 503, { ready: false });
          },
        );
      },
    },
  ];
}

/** Asks Slack who the token belongs to; a rejected or unreachable token becomes one clear error. */
async function verifyBotToken(
  token: string,
  clientOptions: AppOptions['clientOptions'],
  logger: SlackLogger,
): Promise<{ botId?: string; botUserId?: string }> {
  const client = new webApi.WebClient(token, { ...clientOptions, logger, retryConfig: { retries: 1 } });
  try {
    const who = await client.auth.test();
    return {
      ...(who.bot_id ? { botId: who.bot_id } : {}),
      ...(who.user_id ? { botUserId: who.user_id } : {}),
    };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    throw new Error(
      code
        ? `Slack did not accept SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token again from the app's OAuth & Permissions page`
        : `could not reach the Slack API at ${clientOptions?.slackApiUrl ?? 'https://slack.com/api/'} to check SLACK_BOT_TOKEN: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export async function createApp(
  config: Config,
  logger: Logger,
  overrides: ServiceOverrides = {},
): Promise<BotApp> {
  if (config.slack.kind === 'unconfigured') {
    throw new Error('createApp needs Slack credentials; main.ts decides what to do without them');
  }
  const boltLogger = slackLogger(logger);
  const clientOptions: AppOptions['clientOptions'] = {
    slackApiUrl: config.slackApiUrl,
    // Interactive paths cannot wait out the SDK's default 30-minute retry policy: a trigger_id dies in 3 s.
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
  };
  const services = await createServices(config, logger, overrides);
  // Bolt's own start-up token check rejects without a handler and takes the process down; ours says what is wrong.
  let identity: { botId?: string; botUserId?: string } = {};
  if (config.slack.kind === 'single') {
    try {
      identity = await verifyBotToken(config.slack.botToken, clientOptions, boltLogger);
    } catch (error) {
      await services.close();
      throw error;
    }
  }
  const customRoutes = healthRoutes(services);
  // OAuth mode: Bolt serves /slack/install and /slack/oauth_redirect and authorizes each request from our
  // installation store. The default state store (ClearStateStore, a JWT signed with the state secret) holds
  // nothing in memory, so any replica can finish an install another began.
  const slack = config.slack;
  const oauth =
    slack.kind === 'oauth'
      ? {
          clientId: slack.clientId,
          clientSecret: slack.clientSecret,
          stateSecret: slack.stateSecret,
          scopes: [...BOT_SCOPES],
          installationStore: services.installations,
          installerOptions: {
            // oauth.v2.access and auth.test during the install go where every other Web API call goes.
            clientOptions: { ...clientOptions, logger: boltLogger },
            ...(config.appToken ? { port: config.port } : {}),
          },
        }
      : {};

  let receiver: HTTPReceiver | undefined;
  let commands: CommandsFirst | undefined;
  let app: App;
  if (config.appToken) {
    app = new App({
      token: config.slack.kind === 'single' ? config.slack.botToken : undefined,
      tokenVerificationEnabled: false,
      ...identity,
      appToken: config.appToken,
      socketMode: true,
      logger: boltLogger,
      clientOptions,
      customRoutes,
      installerOptions: { port: config.port },
      convoStore: false,
      ...oauth,
    });
  } else {
    const signingSecret = config.slack.signingSecret;
    if (!signingSecret) throw new Error('SLACK_SIGNING_SECRET is required in HTTP mode');
    receiver = new HTTPReceiver({
      signingSecret,
      endpoints: '/slack/events',
      customRoutes,
      logger: boltLogger,
      processBeforeResponse: false,
      ...oauth,
    });
    app = new App({
      token: config.slack.kind === 'single' ? config.slack.botToken : undefined,
      tokenVerificationEnabled: false,
      ...identity,
      receiver,
      logger: boltLogger,
      clientOptions,
      convoStore: false,
    });
    commands = ackCommandsFirst(receiver, app, { signingSecret, endpoint: '/slack/events', logger });
  }

  // Listeners still running after their ack (most queue their job right after it): stop() waits for them,
  // so a request acked just before shutdown still gets its job into the queue that is about to drain.
  const listening = new Set<Promise<void>>();
  app.use(async ({ next }) => {
    const running = next();
    listening.add(running);
    try {
      await running;
    } finally {
      listening.delete(running);
    }
  });
  registerHandlers(app, services);
  app.error(async (error) => {
    // A request from a workspace that has uninstalled the app is expected noise, not a fault of ours.
    if (error.code === ErrorCode.AuthorizationError)
      logger.info({ err: error }, 'request from a workspace without an installation');
    else logger.error({ err: error }, 'unhandled error in a Slack listener');
  });

  let server: Server | undefined;
  return {
    app,
    services,
    acceptedCommands: () => commands?.waiting() ?? 0,
    async start() {
      if (config.appToken) {
        await app.start();
        return { port: config.port, host: config.host };
      }
      server = (await app.start({ port: config.port, host: config.host })) as Server;
      const address = server.address() as AddressInfo;
      return { port: address.port, host: address.address };
    },
    async stop() {
      // Stop taking requests first (the port closes, so a load balancer moves on to another replica), then
      // let acked listeners queue their jobs, then drain the queues; services.close bounds that drain.
      if (server) await closeListener(server, 1000, config.shutdownTimeoutMs);
      else
        await app
          .stop()
          .catch((error: unknown) => logger.warn({ err: error }, 'error while stopping the receiver'));
      // Commands acked before Bolt saw them go through it first, so their jobs reach the queues that drain next.
      if (commands) {
        const draining = new Set<Promise<void>>();
        const idle: Promise<void> = commands.idle().finally(() => draining.delete(idle));
        draining.add(idle);
        await settled(draining, config.shutdownTimeoutMs);
      }
      await settled(listening, config.shutdownTimeoutMs);
      await services.close();
    },
  };
}
