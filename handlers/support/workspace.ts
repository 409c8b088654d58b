// Finds the workspace a request belongs to, checks the user's permission, and runs work in the workspace queue.
import type { webApi } from '@slack/bolt';
import { errorMessage } from '../../blocks/error-message.js';
import type { Message } from '../../blocks/message.js';
import { notice } from '../../blocks/message.js';
import { can, type Permission, type Role, refusal } from '../../src/auth/roles.js';
import type { Logger } from '../../src/logger.js';
import { isQueueFullError, type JobTools } from '../../src/queue/index.js';
import type { Services } from '../../src/services.js';
import { type Workspace, workspaceKey } from '../../src/workspaces.js';
import { clientForToken } from './bot-client.js';

export interface RequestContext {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
  requestId?: string | undefined;
}

export function keyOf(context: RequestContext): string {
  return workspaceKey(context);
}

export const NOT_CONNECTED = notice(
  'This workspace is not connected to a PSA/RMM yet. An admin can connect Atera or Syncro from the app’s *Home* tab.',
);

export function busyMessage(error: unknown): Message {
  return notice(isQueueFullError(error) ? error.message : 'The bot is busy; try again in a moment.');
}

export async function workspaceFor(deps: Services, context: RequestContext): Promise<Workspace | undefined> {
  return deps.workspaces.get(keyOf(context));
}

/** The user's role, asking Slack for owner/admin flags only when the cache does not know. */
export async function roleOf(
  deps: Services,
  client: webApi.WebClient,
  key: string,
  userId: string,
): Promise<Role> {
  const settings = await deps.store.settings.get(key);
  return deps.roles.roleOf(key, userId, settings, async () => {
    try {
      // A quick client: role checks often run before an ack.
      const quickClient = client.token ? clientForToken(deps, client.token, 'quick') : client;
      const info = await quickClient.users.info({ user: userId });
      return Boolean(info.user?.is_admin || info.user?.is_owner || info.user?.is_primary_owner);
    } catch (error) {
      deps.logger.warn({ err: error, userId }, 'users.info failed; treating the user as a member this once');
      return undefined;
    }
  });
}

/** undefined when allowed; otherwise the refusal (mrkdwn) to show, which says who can. */
export async function refusalFor(
  deps: Services,
  client: webApi.WebClient,
  key: string,
  userId: string,
  permission: Permission,
): Promise<string | undefined> {
  const role = await roleOf(deps, client, key, userId);
  const settings = await deps.store.settings.get(key);
  return can(role, permission, settings) ? undefined : `:no_entry: ${refusal(permission, settings)}`;
}

/**
 * Queues `work` in the workspace's queue and delivers what it returns; a failure becomes a message that says
 * what happened and what to do; a full queue answers "busy" at once.
 */
export function runJob(
  ws: Workspace,
  options: { userId: string; requestId?: string | undefined; doing: string; logger: Logger },
  deliver: (message: Message) => Promise<unknown>,
  work: (tools: JobTools) => Promise<Message | undefined>,
): void {
  const result = ws.queue.submit(
    async (tools) => {
      let message: Message | undefined;
      try {
        message = await work(tools);
      } catch (error) {
        tools.logger.warn({ err: error }, `could not ${options.doing}`);
        message = errorMessage(error, options.doing);
      }
      if (message) await deliver(message);
    },
    { user: options.userId, requestId: options.requestId },
  );
  if (!result.accepted) {
    deliver(busyMessage(result.error)).catch((error: unknown) =>
      options.logger.warn({ err: error }, 'could not say busy'),
    );
  }
}
