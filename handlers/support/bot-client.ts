// Web API clients made outside Bolt's listeners: for timers and the audit channel, and fail-fast ones for checks.
import { type App, webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { Services } from '../../src/services.js';

/** Bounded: tokens change on reinstall, and an uninstalled workspace's client should not live forever. */
const clients = new LRUCache<string, webApi.WebClient>({ max: 2000 });

export type ClientKind = 'patient' | 'quick';

/**
 * One client per token and kind. `patient` retries like a background job should; `quick` neither retries nor
 * waits out a 429, for checks made before an ack, where Slack's 3 seconds leave no room for the SDK's patience.
 */
export function clientForToken(deps: Services, token: string, kind: ClientKind): webApi.WebClient {
  // Keyed by the API base too: one process may talk to more than one Slack (tests, the playground).
  const key = `${kind}|${deps.config.slackApiUrl}|${token}`;
  let client = clients.get(key);
  if (!client) {
    client = new webApi.WebClient(token, {
      slackApiUrl: deps.config.slackApiUrl,
      ...(kind === 'quick'
        ? { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 1200 }
        : { retryConfig: { retries: 2 } }),
    });
    clients.set(key, client);
  }
  return client;
}

/** The workspace's bot client outside a request: the environment's token, or its installation's. */
export async function botClientFor(
  app: App,
  deps: Services,
  workspace: string,
): Promise<webApi.WebClient | undefined> {
  if (deps.config.slack.kind === 'single') return app.client;
  try {
    const installation = await deps.installations.fetchInstallation({
      teamId: workspace.startsWith('E') ? undefined : workspace,
      enterpriseId: workspace.startsWith('E') ? workspace : undefined,
      isEnterpriseInstall: workspace.startsWith('E'),
    });
    const token = installation.bot?.token;
    return token ? clientForToken(deps, token, 'patient') : undefined;
  } catch (error) {
    deps.logger.warn({ err: error, workspace }, 'no bot token for the workspace');
    return undefined;
  }
}
