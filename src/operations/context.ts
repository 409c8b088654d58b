// What every operation is given: the services it may use, and who is acting (with what Slack says about them).
import {
  type AccessPolicy,
  can,
  type Permission,
  type Role,
  refusal,
  type SlackStanding,
} from '../auth/roles.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import type { WorkspaceSettings } from '../store/workspace-settings.js';
import type { Workspace } from '../workspaces.js';

/** The person (or workflow) an operation acts for. Listeners build it; operations decide what it may do. */
export interface Actor {
  userId: string;
  userName?: string | undefined;
  /** Their email, where Slack shares it (users:read.email): writes at Autotask are attributed by it. */
  email?: string | undefined;
  /** Their IANA time zone (users.info `tz`), the default of a new SuperOps site. */
  tz?: string | undefined;
  requestId?: string | undefined;
  standing: SlackStanding;
  /**
   * A Workflow Builder step. Without an acting user (userId 'workflow') it may do what the workspace's
   * "Workflows act as" role allows; with one it acts as that person, but never beyond that role: `acting_user`
   * is an input the workflow's author sets, so it may lower a workflow's rights, never raise them.
   */
  via?: 'workflow' | undefined;
}

/** The services operations use; `Services` (src/services.ts) is one. */
export interface OperationDeps {
  store: Store;
  logger: Logger;
  access: AccessPolicy;
  config: {
    /** How long a delete confirmation stays open. */
    deleteConfirmTtlMs: number;
    /** How long an archive is kept before it is purged. */
    archiveRetentionMs: number;
  };
  now?: () => number;
}

export type Refused = { kind: 'refused'; message: string };

/**
 * The vendor id a request carries (a modal's, a pending delete's, an onboarding's) came from a connection this
 * workspace no longer uses: after a reconnect to another account the same id may name another record.
 */
export type Stale = { kind: 'stale' };

/**
 * A vendor id as a card's button carried it, with the fingerprint of the connection it was read from: undefined
 * on a card posted before buttons carried one, which `isStale` counts as stale.
 */
export interface CarriedId {
  id: string;
  connection: string | undefined;
}

export const STALE_WORDS =
  'This workspace was reconnected to another PSA account since this was opened, so its ids may name other records now. Nothing was changed: start again from a new lookup.';

/**
 * True unless `carried` (the fingerprint stored or carried with an id) is the workspace's connection now. A
 * missing one is stale too: a request stored before fingerprints existed, or a modal whose metadata lost it,
 * cannot say which account its ids came from, and guessing "this one" is how a delete hits another company.
 * Callers whose ids are resolved now, on the connection in use (a workflow step), pass `ws.fingerprint`.
 */
export function isStale(ws: Workspace, carried: string | undefined): boolean {
  return carried === undefined || carried !== ws.fingerprint;
}

export interface Access {
  role: Role;
  settings: WorkspaceSettings;
}

/** The actor id of a Workflow Builder step that names no acting user. */
export const WORKFLOW_USER = 'workflow';

const RANKS: Record<Role, number> = { none: 0, viewer: 1, editor: 2, admin: 3 };
const lower = (a: Role, b: Role): Role => (RANKS[a] <= RANKS[b] ? a : b);

/** The actor's role in this workspace, read fresh (settings from the store, Slack's flags from a short cache). */
export async function accessOf(deps: OperationDeps, workspace: string, actor: Actor): Promise<Access> {
  const settings = await deps.store.settings.get(workspace);
  const own = deps.access.roleOf(workspace, actor.userId, actor.standing, settings);
  const role =
    actor.via !== 'workflow'
      ? own
      : actor.userId === WORKFLOW_USER
        ? settings.workflowRole
        : lower(own, settings.workflowRole);
  return { role, settings };
}

/**
 * undefined when the actor may; otherwise the refusal to show, which says who can and whom to ask. Every
 * operation calls this itself, at the moment it acts: a role changed meanwhile counts.
 */
export async function refuse(
  deps: OperationDeps,
  workspace: string,
  actor: Actor,
  permission: Permission,
): Promise<Refused | undefined> {
  const { role, settings } = await accessOf(deps, workspace, actor);
  if (can(role, permission, settings)) return undefined;
  // A workflow refused by its "Workflows act as" role says so; a person refused by their own role, theirs.
  const personAllows =
    actor.userId !== WORKFLOW_USER &&
    can(deps.access.roleOf(workspace, actor.userId, actor.standing, settings), permission, settings);
  const words =
    actor.via === 'workflow' && (actor.userId === WORKFLOW_USER || personAllows)
      ? `This workspace’s workflows may not ${permission === 'lookup' ? 'look up customers' : `${permission} records`} (Home tab › Roles › Workflows act as).`
      : refusal(permission, settings, role, actor.standing);
  return { kind: 'refused', message: words };
}
