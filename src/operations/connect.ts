// Connecting a workspace to its vendor (Home tab, OAuth mode): an admin's credentials are tested with the vendor,
// saved encrypted, and everything built on the old connection is dropped; the change is audited, never the key.
import { connectionSecrets, type RealConnection } from '../config.js';
import type { WorkspaceConnections } from '../connections.js';
import { explainError, isVendorError } from '../domain/index.js';
import type { ConnectionDetails, ConnectionStatus } from '../store/vendor-connections.js';
import { createVendorClient } from '../vendors/index.js';
import type { ConnectionInfo, KeyPermissions, VendorName } from '../vendors/types.js';
import type { Workspaces } from '../workspaces.js';
import { auditEntry, record } from './audit.js';
import { type Actor, type OperationDeps, type Refused, refuse } from './context.js';

/** The test call runs after the modal's ack, so it may take longer than Slack's 3 seconds, but not forever. */
const TEST_TIMEOUT_MS = 20_000;

export const VENDOR_LABELS: Record<VendorName, string> = {
  atera: 'Atera',
  syncro: 'Syncro',
  autotask: 'Autotask',
  superops: 'SuperOps',
  sandbox: 'Sandbox (demo data)',
};

export interface ConnectDeps extends OperationDeps {
  connections: WorkspaceConnections;
  workspaces: Workspaces;
}

/**
 * May the actor connect the workspace (or replace its connection)? Asked as the Connect modal opens and as it is
 * submitted, so a refusal shows in the modal; `connectVendor` asks again at the moment it saves.
 */
export function mayConnect(
  deps: OperationDeps,
  workspace: string,
  actor: Actor,
): Promise<Refused | undefined> {
  return refuse(deps, workspace, actor, 'admin');
}

/** The stored connection a Connect would replace, as the modal names it; undefined when there is none. */
export async function currentConnection(
  deps: ConnectDeps,
  workspace: string,
): Promise<
  | { vendor: ConnectionStatus['vendor']; vendorLabel: string; accountName: string | null; keyHint: string }
  | undefined
> {
  const view = await deps.connections.view(workspace);
  if (view.source !== 'store') return undefined;
  const s = view.status;
  return {
    vendor: s.vendor,
    vendorLabel: VENDOR_LABELS[s.vendor],
    accountName: s.accountName,
    keyHint: s.keyHint,
  };
}

/**
 * What the workspace's vendor key may do, as its connection test found (a Syncro token may lack delete); undefined
 * where nobody tested it here (the environment's connection) or the test could not say.
 */
export async function keyPermissions(
  deps: Pick<ConnectDeps, 'connections'>,
  workspace: string,
): Promise<KeyPermissions | undefined> {
  const view = await deps.connections.view(workspace).catch(() => undefined);
  return view?.source === 'store' ? view.status.details.permissions : undefined;
}

/** What an admin checks when a vendor refused the credentials: the fields of its Connect form. */
const WHAT_TO_CHECK: Record<RealConnection['vendor'], string> = {
  atera: 'Check the key and try again.',
  syncro: 'Check the key and the subdomain, and try again.',
  autotask: 'Check the API-only user’s username, secret and integration code, and try again.',
  superops: 'Check the token, the subdomain (Settings › MSP Information) and the region, and try again.',
};

/** What went wrong, in the vendor's own words where there are some, with every credential cut out. */
function testFailureText(error: unknown, connection: RealConnection): string {
  const label = VENDOR_LABELS[connection.vendor];
  const scrub = (text: string) =>
    connectionSecrets(connection).reduce((t, s) => t.split(s).join('[key]'), text);
  const hint = ` ${WHAT_TO_CHECK[connection.vendor]}`;
  if (isVendorError(error)) {
    const answer = scrub(error.message);
    if (error.kind === 'auth' || error.kind === 'forbidden')
      return `${label} did not accept this key: ${answer}${hint}`;
    return `${label} could not be asked about this key: ${answer} ${explainError(error).action}`;
  }
  const { what, action } = explainError(error);
  return `The credentials could not be tested. ${what} ${action}`;
}

async function testConnection(connection: RealConnection): Promise<ConnectionInfo> {
  const client = createVendorClient(connection, {});
  try {
    return await client.testConnection({ signal: AbortSignal.timeout(TEST_TIMEOUT_MS) });
  } finally {
    await client.close?.().catch(() => undefined);
  }
}

export type ConnectOutcome =
  | Refused
  /** Single-workspace mode: the environment decides; nothing is changed here. */
  | { kind: 'environment' }
  | { kind: 'test_failed'; words: string }
  | { kind: 'saved'; label: string; accountName: string; details: ConnectionDetails }
  | { kind: 'save_failed' };

export async function connectVendor(
  deps: ConnectDeps,
  workspace: string,
  actor: Actor,
  connection: RealConnection,
): Promise<ConnectOutcome> {
  if (deps.connections.mode === 'environment') return { kind: 'environment' };
  const refused = await mayConnect(deps, workspace, actor);
  if (refused) return refused;
  const label = VENDOR_LABELS[connection.vendor];
  const entry = (event: Parameters<typeof auditEntry>[3]) =>
    record(deps, auditEntry(workspace, connection.vendor, actor, event));
  let info: ConnectionInfo;
  try {
    info = await testConnection(connection);
  } catch (error) {
    const words = testFailureText(error, connection);
    deps.logger.info({ workspace, vendor: connection.vendor, err: error }, 'vendor credentials test failed');
    await entry({
      action: 'settings',
      entityType: 'connection',
      entityId: null,
      entityName: label,
      changes: {},
      outcome: 'failed',
      error: words,
    });
    return { kind: 'test_failed', words };
  }
  const before = await deps.connections.view(workspace);
  const previous = before.source === 'store' ? before.status : undefined;
  const details: ConnectionDetails = {
    ...(info.user ? { user: info.user } : {}),
    ...(info.region ? { region: info.region } : {}),
    ...(info.permissions ? { permissions: info.permissions } : {}),
  };
  try {
    await deps.connections.save(workspace, {
      connection,
      accountName: info.accountName,
      connectedBy: actor.userId,
      details,
    });
  } catch (error) {
    deps.logger.error({ err: error, workspace }, 'could not save tested vendor credentials');
    return { kind: 'save_failed' };
  }
  // New credentials mean a new client, queue and index: nothing of the old connection answers again.
  deps.workspaces.remove(workspace);
  await entry({
    action: 'settings',
    entityType: 'connection',
    entityId: null,
    entityName: info.accountName,
    // Which vendor and account, before and after; the credentials themselves (or any part of them) never.
    changes: {
      vendor: [previous?.vendor ?? null, connection.vendor],
      account: [previous?.accountName ?? null, info.accountName],
      key: [previous ? 'replaced' : null, 'set'],
    },
    outcome: 'ok',
    error: null,
  });
  deps.logger.info({ workspace, vendor: connection.vendor, by: actor.userId }, 'vendor connected');
  return { kind: 'saved', label, accountName: info.accountName, details };
}
