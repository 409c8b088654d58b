// Finds the workspace a request belongs to, and the one answer for a workspace that is not connected yet.
import { notice } from '../../blocks/message.js';
import { statusModal } from '../../blocks/status-modal.js';
import type { Services } from '../../src/services.js';
import { type Workspace, workspaceKey } from '../../src/workspaces.js';

export interface RequestContext {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
  requestId?: string | undefined;
}

export function keyOf(context: RequestContext): string {
  return workspaceKey(context);
}

/** The one "not connected" answer, for every listener. */
export const NOT_CONNECTED = notice(
  'This workspace is not connected to a PSA yet. An admin can connect Atera, Syncro, Autotask or SuperOps from the app’s *Home* tab.',
);

/** The same answer where a modal submission has no workspace to go to. */
export const notConnectedModal = (title: string) =>
  statusModal(
    title,
    'This workspace is not connected to a PSA yet: an admin can connect one from the app’s Home tab.',
  );

export function workspaceFor(deps: Services, context: RequestContext): Promise<Workspace | undefined> {
  return deps.workspaces.get(keyOf(context));
}
