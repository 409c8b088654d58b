// Roles and permissions: who may look up, create, edit, delete, or change settings in a workspace, decided from
// what Slack says about the person (admin, guest, another organisation) and what the workspace's admins set.
import { LRUCache } from 'lru-cache';
import type { Role, WorkspaceSettings } from '../store/workspace-settings.js';

export type { Role } from '../store/workspace-settings.js';
export type Permission = 'lookup' | 'create' | 'edit' | 'delete' | 'admin';

/** What Slack says about a user (users.info), as far as access goes. */
export interface SlackStanding {
  /** Owner, primary owner or admin of the workspace; undefined when Slack could not be asked. */
  workspaceAdmin: boolean | undefined;
  /** A single- or multi-channel guest (`is_restricted`, `is_ultra_restricted`). */
  guest: boolean;
  /** Of another organisation, seen here through Slack Connect (their team is not this workspace's). */
  external: boolean;
  /** Slack could not be asked: the user is treated as a guest (fail closed) and told to try again. */
  unverified?: boolean;
}

/** Someone Slack knows nothing odd about; for tests and for workflow steps acting as the workflow itself. */
export const PLAIN_MEMBER: SlackStanding = { workspaceAdmin: false, guest: false, external: false };

const WORDS: Record<Permission, string> = {
  lookup: 'look up customers and contacts',
  create: 'create customers and contacts',
  edit: 'edit customers and contacts',
  delete: 'delete customers and contacts',
  admin: 'change the bot’s settings',
};

const RANK: Record<Role, number> = { none: 0, viewer: 1, editor: 2, admin: 3 };

export function can(role: Role, permission: Permission, settings: WorkspaceSettings): boolean {
  switch (permission) {
    case 'lookup':
      return RANK[role] >= RANK.viewer;
    case 'create':
    case 'edit':
      return RANK[role] >= RANK.editor;
    case 'delete':
      return role === 'admin' || (role === 'editor' && settings.editorsMayDelete);
    case 'admin':
      return role === 'admin';
  }
}

/** Who can grant a refused user access: the admins an admin named, or "a workspace admin". */
function whoToAsk(settings: WorkspaceSettings): string {
  const named = Object.entries(settings.roles)
    .filter(([, r]) => r === 'admin')
    .map(([user]) => user)
    .filter((user) => /^[UW][A-Z0-9]+$/.test(user))
    .slice(0, 3);
  return named.length > 0
    ? `${named.map((u) => `<@${u}>`).join(', ')} or a workspace admin`
    : 'a workspace admin';
}

/** The words of a refusal (mrkdwn): what the user may not do, who can, and whom to ask. */
export function refusal(
  permission: Permission,
  settings: WorkspaceSettings,
  role?: Role,
  standing?: SlackStanding,
): string {
  if (standing?.unverified) {
    return `Slack could not confirm your access just now, so the bot cannot ${WORDS[permission]} for you. Try again in a moment.`;
  }
  if (role === 'none') {
    return `You do not have access to this bot in this workspace, so it cannot ${WORDS[permission]} for you. Ask ${whoToAsk(settings)} to grant you access (Home tab › Roles).`;
  }
  const who =
    permission === 'admin' || (permission === 'delete' && !settings.editorsMayDelete)
      ? 'admins'
      : permission === 'lookup'
        ? 'admins, editors and viewers'
        : 'admins and editors';
  return `Only ${who} can ${WORDS[permission]}. Ask ${whoToAsk(settings)} if you need access.`;
}

export interface AccessPolicyOptions {
  /**
   * Admins by configuration (ADMIN_USER_IDS). In single-workspace mode a plain user id; in OAuth mode an entry
   * must name its team (`T123:U456`), so one setting cannot make someone an admin of every workspace.
   */
  adminUserIds: readonly string[];
  mode: 'single' | 'many';
}

/** Resolves a user's role from configured admins, the workspace's assignments, Slack's flags and the defaults. */
export class AccessPolicy {
  readonly #admins: Set<string>;
  readonly #mode: 'single' | 'many';

  constructor(options: AccessPolicyOptions) {
    this.#admins = new Set(options.adminUserIds);
    this.#mode = options.mode;
  }

  isConfiguredAdmin(workspace: string, userId: string): boolean {
    if (this.#admins.has(`${workspace}:${userId}`)) return true;
    return this.#mode === 'single' && this.#admins.has(userId);
  }

  roleOf(workspace: string, userId: string, standing: SlackStanding, settings: WorkspaceSettings): Role {
    if (this.isConfiguredAdmin(workspace, userId)) return 'admin';
    const assigned = settings.roles[userId];
    // An assignment is an admin's explicit grant: it holds for guests too (that is how a guest gets access).
    if (assigned) return assigned;
    // Guests and people of other organisations are never admins of this workspace, whatever they claim; someone
    // Slack could not vouch for just now is treated as one (fail closed).
    if (standing.guest || standing.external || standing.unverified) return settings.guestRole;
    if (standing.workspaceAdmin) return 'admin';
    return settings.defaultRole;
  }
}

/** What Slack says about a person, as far as the bot needs it: their standing, email and time zone. */
export interface Person {
  standing: SlackStanding;
  email?: string | undefined;
  tz?: string | undefined;
  name?: string | undefined;
}

/**
 * What Slack said about each user, for a few minutes, so a permission check costs no users.info call on every
 * click. "Could not tell" is not cached, and fails closed: the person is treated as a guest this once.
 */
export class PersonCache {
  readonly #cache: LRUCache<string, Person>;

  constructor(ttlMs = 5 * 60_000) {
    this.#cache = new LRUCache({ max: 20_000, ttl: ttlMs });
  }

  async get(workspace: string, userId: string, ask: () => Promise<Person | undefined>): Promise<Person> {
    const key = `${workspace}:${userId}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const fresh = await ask();
    if (fresh) {
      this.#cache.set(key, fresh);
      return fresh;
    }
    return { standing: { workspaceAdmin: undefined, guest: false, external: false, unverified: true } };
  }

  forget(workspace: string, userId: string): void {
    this.#cache.delete(`${workspace}:${userId}`);
  }
}
