// Builds and publishes one user's Home tab: what the workspace is connected to, and what that user may change.
import type { webApi } from '@slack/bolt';
import { type HomeConnection, homeView } from '../../blocks/home.js';
import type { ConnectionView } from '../../src/connections.js';
import type { Services } from '../../src/services.js';
import type { WorkspaceSettings } from '../../src/store/workspace-settings.js';
import { roleOf } from '../support/workspace.js';

export const VENDOR_LABELS: Record<string, string> = {
  atera: 'Atera',
  syncro: 'Syncro',
  sandbox: 'Sandbox (demo data)',
};

export function homeConnection(view: ConnectionView): HomeConnection {
  switch (view.source) {
    case 'environment':
      return { kind: 'environment', vendorLabel: VENDOR_LABELS[view.vendor] ?? view.vendor };
    case 'store':
      return {
        kind: 'stored',
        vendorLabel: VENDOR_LABELS[view.status.vendor] ?? view.status.vendor,
        accountName: view.status.accountName,
        keyHint: view.status.keyHint,
        connectedBy: view.status.connectedBy,
        lastOkAt: view.status.lastOkAt,
      };
    case 'none':
      return { kind: 'none' };
  }
}

/** Users given the admin role in the workspace's settings. */
export function settingsAdmins(settings: WorkspaceSettings): string[] {
  return Object.entries(settings.roles)
    .filter(([, role]) => role === 'admin')
    .map(([user]) => user)
    .sort();
}

export async function publishHome(
  deps: Services,
  client: webApi.WebClient,
  key: string,
  userId: string,
): Promise<void> {
  const [view, settings, role] = await Promise.all([
    deps.connections.view(key),
    deps.store.settings.get(key),
    roleOf(deps, client, key, userId),
  ]);
  const index = deps.indexes.stats().find((s) => s.workspace === key);
  await client.views.publish({
    user_id: userId,
    view: homeView({
      connection: homeConnection(view),
      index: index ? { customers: index.customers, contacts: index.contacts, state: index.state } : undefined,
      isAdmin: role === 'admin',
      settings: {
        editorsMayDelete: settings.editorsMayDelete,
        defaultRole: settings.defaultRole,
        admins: settingsAdmins(settings),
      },
    }),
  });
}
