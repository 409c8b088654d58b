// Builds and publishes one user's Home tab (the app_home_opened event and the Home tab's own modals do it).
import type { webApi } from '@slack/bolt';
import { type HomeConnection, homeView, refusedHomeView } from '../../blocks/home.js';
import type { ConnectionView } from '../../src/connections.js';
import { VENDOR_LABELS } from '../../src/operations/connect.js';
import type { Actor } from '../../src/operations/context.js';
import { homeState, settingsForm } from '../../src/operations/settings.js';
import type { Services } from '../../src/services.js';

function homeConnection(view: ConnectionView): HomeConnection {
  switch (view.source) {
    case 'environment':
      return { kind: 'environment', vendorLabel: VENDOR_LABELS[view.vendor] };
    case 'store':
      return {
        kind: 'stored',
        vendorLabel: VENDOR_LABELS[view.status.vendor],
        accountName: view.status.accountName,
        keyHint: view.status.keyHint,
        connectedBy: view.status.connectedBy,
        lastOkAt: view.status.lastOkAt,
        user: view.status.details.user,
        region: view.status.details.region,
        permissions: view.status.details.permissions,
      };
    case 'none':
      return { kind: 'none' };
  }
}

export async function publishHome(
  deps: Services,
  client: webApi.WebClient,
  key: string,
  actor: Actor,
): Promise<void> {
  const state = await homeState(deps, key, actor);
  if (state.kind === 'refused') {
    await client.views.publish({ user_id: actor.userId, view: refusedHomeView(state.message) });
    return;
  }
  const index = deps.indexes.stats().find((s) => s.workspace === key);
  await client.views.publish({
    user_id: actor.userId,
    view: homeView({
      connection: homeConnection(state.connection),
      index: index ? { customers: index.customers, contacts: index.contacts, state: index.state } : undefined,
      isAdmin: state.role === 'admin',
      settings: settingsForm(state.settings),
    }),
  });
}
