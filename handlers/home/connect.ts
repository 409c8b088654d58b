// The Home tab's Connect button and modal: an admin's vendor key is tested with the vendor, then saved encrypted.
import type { App, webApi } from '@slack/bolt';
import {
  CONNECT_CALLBACK,
  CONNECT_VENDORS,
  type ConnectVendor,
  connectedModal,
  connectModal,
  connectTestingModal,
} from '../../blocks/connect-modal.js';
import { HOME_ACTIONS } from '../../blocks/home.js';
import { statusModal } from '../../blocks/status-modal.js';
import { refusal } from '../../src/auth/roles.js';
import type { ConnectionView } from '../../src/connections.js';
import { explainError, isVendorError } from '../../src/domain/index.js';
import type { Services } from '../../src/services.js';
import type { NewAuditEntry } from '../../src/store/audit-log.js';
import type { KeyedConnection } from '../../src/store/vendor-connections.js';
import { createVendorClient } from '../../src/vendors/index.js';
import { keyOf, roleOf } from '../support/workspace.js';
import { parseConnectForm } from './forms.js';
import { publishHome, VENDOR_LABELS } from './publish.js';

const TITLE = 'Connect your PSA';
/** The test call runs after the ack, so it may take longer than Slack's 3 seconds, but not forever. */
const TEST_TIMEOUT_MS = 20_000;

const ENVIRONMENT_NOTE =
  'This bot’s vendor connection is configured by environment on the server, so it cannot be changed here.';

function current(view: ConnectionView) {
  if (view.source !== 'store') return undefined;
  const s = view.status;
  return { vendorLabel: VENDOR_LABELS[s.vendor] ?? s.vendor, accountName: s.accountName, keyHint: s.keyHint };
}

/** The vendor's own answer where there is one, with the key cut out in case the vendor echoed it. */
export function testFailureText(error: unknown, vendorLabel: string, apiKey: string): string {
  const scrub = (text: string) => text.split(apiKey).join('[key]');
  if (isVendorError(error)) {
    const answer = scrub(error.message);
    if (error.kind === 'auth' || error.kind === 'forbidden')
      return `${vendorLabel} did not accept this key: ${answer} Check the key (and for Syncro, the subdomain) and try again.`;
    return `${vendorLabel} could not be asked about this key: ${answer} ${explainError(error).action}`;
  }
  const { what, action } = explainError(error);
  return `The key could not be tested. ${what} ${action}`;
}

async function testKey(connection: KeyedConnection): Promise<{ accountName: string }> {
  const client = createVendorClient(connection, {});
  try {
    return await client.testConnection({ signal: AbortSignal.timeout(TEST_TIMEOUT_MS) });
  } finally {
    await client.close?.().catch(() => {});
  }
}

async function openConnect(
  deps: Services,
  client: webApi.WebClient,
  key: string,
  userId: string,
  triggerId: string,
): Promise<void> {
  if (deps.connections.mode === 'environment') {
    await client.views.open({ trigger_id: triggerId, view: statusModal(TITLE, ENVIRONMENT_NOTE) });
    return;
  }
  const view = await deps.connections.view(key);
  const vendor = view.source === 'store' ? view.status.vendor : undefined;
  // Open at once (a trigger_id lives 3 seconds) and check the role alongside; a non-admin sees a refusal instead.
  const [opened, role, settings] = await Promise.all([
    client.views.open({ trigger_id: triggerId, view: connectModal({ vendor, current: current(view) }) }),
    roleOf(deps, client, key, userId),
    deps.store.settings.get(key),
  ]);
  if (role !== 'admin' && opened.view?.id)
    await client.views.update({
      view_id: opened.view.id,
      view: statusModal(TITLE, `:no_entry: ${refusal('admin', settings)}`),
    });
}

type AuditBase = Omit<NewAuditEntry, 'entityName' | 'changes' | 'outcome' | 'error'>;

/** Saves the tested connection, drops everything built on the old one, and records the change (never the key). */
async function saveConnection(
  deps: Services,
  key: string,
  userId: string,
  connection: KeyedConnection,
  accountName: string,
  before: ConnectionView,
  audit: AuditBase,
): Promise<void> {
  await deps.connections.save(key, { connection, accountName, connectedBy: userId });
  // A new key or vendor means a new client, queue and index: nothing of the old connection answers again.
  deps.workspaces.remove(key);
  const previous = before.source === 'store' ? before.status : undefined;
  await deps.store.audit.append({
    ...audit,
    entityName: accountName,
    // Which vendor and account, before and after; the key itself (or any part of it) never.
    changes: {
      vendor: [previous?.vendor ?? null, connection.vendor],
      account: [previous?.accountName ?? null, accountName],
      key: [previous ? 'replaced' : null, 'set'],
    },
    outcome: 'ok',
    error: null,
  });
  deps.logger.info({ workspace: key, vendor: connection.vendor, by: userId }, 'vendor connected');
}

export function registerConnectHandlers(app: App, deps: Services): void {
  app.action(HOME_ACTIONS.connect, async ({ ack, body, client, context }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    await openConnect(deps, client, keyOf(context), body.user.id, body.trigger_id);
  });

  app.view(CONNECT_CALLBACK, async ({ ack, body, view, client, context }) => {
    const key = keyOf(context);
    const userId = body.user.id;
    if (deps.connections.mode === 'environment')
      return ack({ response_action: 'update', view: statusModal(TITLE, ENVIRONMENT_NOTE) });
    const parsed = parseConnectForm(view.state.values, deps.config.vendorBaseUrls);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    const role = await roleOf(deps, client, key, userId);
    if (role !== 'admin') {
      const settings = await deps.store.settings.get(key);
      return ack({
        response_action: 'update',
        view: statusModal(TITLE, `:no_entry: ${refusal('admin', settings)}`),
      });
    }
    const { connection, subdomain } = parsed.value;
    const label = VENDOR_LABELS[connection.vendor] ?? connection.vendor;
    await ack({ response_action: 'update', view: connectTestingModal(label) });

    const before = await deps.connections.view(key);
    const audit: AuditBase = {
      workspace: key,
      userId,
      userName: body.user.name ?? null,
      vendor: connection.vendor,
      action: 'settings',
      entityType: 'connection',
      entityId: null,
      requestId: typeof context.requestId === 'string' ? context.requestId : null,
    };
    let accountName: string;
    try {
      ({ accountName } = await testKey(connection));
    } catch (error) {
      const words = testFailureText(error, label, connection.apiKey);
      deps.logger.info({ workspace: key, vendor: connection.vendor, err: error }, 'vendor key test failed');
      await deps.store.audit.append({
        ...audit,
        entityName: label,
        changes: {},
        outcome: 'failed',
        error: words,
      });
      const vendor: ConnectVendor | undefined = CONNECT_VENDORS.find(
        (v) => v.value === connection.vendor,
      )?.value;
      await client.views.update({
        view_id: view.id,
        view: connectModal({ vendor, subdomain, current: current(before), error: words }),
      });
      return;
    }

    try {
      await saveConnection(deps, key, userId, connection, accountName, before, audit);
    } catch (error) {
      deps.logger.error({ err: error, workspace: key }, 'could not save a tested vendor connection');
      await client.views.update({
        view_id: view.id,
        view: statusModal(
          TITLE,
          ':warning: The key works, but it could not be saved. Try again in a moment.',
        ),
      });
      return;
    }
    await client.views.update({ view_id: view.id, view: connectedModal(label, accountName) });
    await publishHome(deps, client, key, userId);
  });
}
