// Roles and permissions: who may look up, create, edit, delete, or change settings in a workspace.
import { LRUCache } from 'lru-cache';
import type { Role, WorkspaceSettings } from '../store/workspace-settings.js';

export type { Role } from '../store/workspace-settings.js';
export type Permission = 'lookup' | 'create' | 'edit' | 'delete' | 'admin';

const WORDS: Record<Permission, string> = {
  lookup: 'look up customers',
  create: 'create customers and contacts',
  edit: 'edit customers and contacts',
  delete: 'delete customers and contacts',
  admin: 'change the bot’s settings',
};

export function can(role: Role, permission: Permission, settings: WorkspaceSettings): boolean {
  if (role === 'admin') return true;
  if (permission === 'lookup') return true;
  if (role === 'viewer') return false;
  if (permission === 'delete') return settings.editorsMayDelete;
  return permission !== 'admin';
}

/** "Only admins and editors can …", for a refusal that tells the user who can. */
export function refusal(permission: Permission, settings: WorkspaceSettings): string {
  const who =
    permission === 'admin' || (permission === 'delete' && !settings.editorsMayDelete)
      ? 'admins'
      : 'admins and editors';
  return `Only ${who} can ${WORDS[permission]}. Ask a workspace admin if you need access.`;
}

export interface RoleResolverOptions {
  /** Users who are admins by configuration (ADMIN_USER_IDS). */
  adminUserIds: readonly string[];
  cacheTtlMs?: number;
}

/** Resolves a user's role: configured admins, Slack owners/admins, then the workspace's assignments and default. */
export class RoleResolver {
  readonly #admins: Set<string>;
  readonly #cache: LRUCache<string, boolean>;

  constructor(options: RoleResolverOptions) {
    this.#admins = new Set(options.adminUserIds);
    this.#cache = new LRUCache({ max: 10_000, ttl: options.cacheTtlMs ?? 5 * 60_000 });
  }

  /**
   * `isWorkspaceAdmin` asks Slack for the user's owner/admin flags (users.info); an answer is cached a few minutes,
   * "could not tell" (undefined) is not, so one failed call does not lock an admin out.
   */
  async roleOf(
    workspace: string,
    userId: string,
    settings: WorkspaceSettings,
    isWorkspaceAdmin: () => Promise<boolean | undefined>,
  ): Promise<Role> {
    if (this.#admins.has(userId)) return 'admin';
    const assigned = settings.roles[userId];
    if (assigned === 'admin') return 'admin';
    const key = `${workspace}:${userId}`;
    let slackAdmin = this.#cache.get(key);
    if (slackAdmin === undefined) {
      slackAdmin = await isWorkspaceAdmin();
      if (slackAdmin !== undefined) this.#cache.set(key, slackAdmin);
    }
    if (slackAdmin) return 'admin';
    return assigned ?? settings.defaultRole;
  }
}
