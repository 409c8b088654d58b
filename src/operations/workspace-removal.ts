// Forgets a workspace that removed the app or revoked its token: secrets, rows, caches, queue and index.
import { PLAIN_MEMBER } from '../auth/roles.js';
import { vendorOfView } from '../connections.js';
import type { Services } from '../services.js';
import { auditEntry, record } from './audit.js';

export type RemovalReason = 'app_uninstalled' | 'tokens_revoked';

/**
 * Leaves nothing of the workspace but its audit trail (see Store.forgetWorkspace for why that stays), and
 * appends one entry there saying the app was removed. Safe to run twice (Slack retries events).
 */
export async function forgetWorkspace(deps: Services, key: string, reason: RemovalReason): Promise<void> {
  const vendor = (await deps.connections.view(key).catch(() => undefined)) ?? { source: 'none' as const };
  const hadInstallation = await deps.store.installations.exists(key);
  // The tokens first, through the installation store so its cache cannot authorize another request.
  await deps.installations.forget(key);
  await deps.store.forgetWorkspace(key);
  deps.connections.invalidate(key);
  // The vendor client, the queue (jobs waiting in it are dropped) and the customer index.
  deps.workspaces.remove(key);
  // The other replicas hold the same caches (distributed mode); a no-op for one process.
  deps.broadcast.publish(key, { kind: 'workspace.removed' });
  deps.logger.info(
    { workspace: key, reason },
    'workspace forgotten: tokens, vendor key, queue and caches removed',
  );
  if (!hadInstallation && vendor.source !== 'store') return;
  // Slack itself is the actor: no person removed the app from inside the bot.
  await record(
    deps,
    auditEntry(
      key,
      vendorOfView(vendor),
      { userId: 'slack', standing: PLAIN_MEMBER },
      {
        action: 'settings',
        entityType: 'connection',
        entityId: null,
        entityName: reason === 'app_uninstalled' ? 'App uninstalled' : 'Bot token revoked',
        changes: { installed: [true, false], vendorConnected: [vendor.source === 'store', false] },
        outcome: 'ok',
        error: null,
      },
    ),
  );
}
