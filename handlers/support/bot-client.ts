// A Web API client for a workspace outside a request (timers, the audit channel): the bot token, from env or install.
import { type App, webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { Services } from '../../src/services.js';

/** Bounded: tokens change on reinstall, and an uninstalled workspace's client should not live forever. */
const clients = new LRUCache<string, webApi.WebClient>({ max: 1000 });

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
    if (!token) return undefined;
    const key = `${deps.config.slackApiUrl}|${token}`;
    let client = clients.get(key);
    if (!client) {
      client = new webApi.WebClient(token, {
        slackApiUrl: deps.config.slackApiUrl,
        retryConfig: { retries: 2 },
      });
      clients.set(key, client);
    }
    return client;
  } catch (error) {
    deps.logger.warn({ err: error, workspace }, 'no bot token for the workspace');
    return undefined;
  }
}
