// The workspace's settings an admin changes from the Home tab (roles, guests, workflows, unfurls, the duplicates
// report), saved and audited; and what a user's Home tab shows.

import type { Role } from '../auth/roles.js';
import { type ConnectionView, vendorOfView } from '../connections.js';
import type { GroupRole, WorkspaceSettings } from '../store/workspace-settings.js';
import { auditEntry, record } from './audit.js';
import type { ConnectDeps } from './connect.js';
import { type Actor, accessOf, type Refused, refuse } from './context.js';

export interface SettingsForm {
  editorsMayDelete: boolean;
  /** Users given the admin role here (besides Slack owners/admins and configured admins). */
  admins: string[];
  defaultRole: GroupRole;
  guestRole: GroupRole;
  workflowRole: GroupRole;
  unfurlCustomFields: boolean;
  /** A channel for the weekly duplicates report, or null for none. */
  duplicatesReportChannel: string | null;
}

/** Users given the admin role in the workspace's settings. */
function settingsAdmins(settings: WorkspaceSettings): string[] {
  return Object.entries(settings.roles)
    .filter(([, role]) => role === 'admin')
    .map(([user]) => user)
    .sort();
}

export function settingsForm(settings: WorkspaceSettings): SettingsForm {
  return {
    editorsMayDelete: settings.editorsMayDelete,
    admins: settingsAdmins(settings),
    defaultRole: settings.defaultRole,
    guestRole: settings.guestRole,
    workflowRole: settings.workflowRole,
    unfurlCustomFields: settings.unfurlCustomFields,
    duplicatesReportChannel: settings.duplicatesReportChannel,
  };
}

/** The settings with the form applied: admins chosen here get the admin role, admins removed here lose it. */
function applySettingsForm(settings: WorkspaceSettings, form: SettingsForm): WorkspaceSettings {
  const roles = { ...settings.roles };
  for (const [user, role] of Object.entries(roles))
    if (role === 'admin' && !form.admins.includes(user)) delete roles[user];
  for (const user of form.admins) roles[user] = 'admin';
  return {
    ...settings,
    editorsMayDelete: form.editorsMayDelete,
    defaultRole: form.defaultRole,
    guestRole: form.guestRole,
    workflowRole: form.workflowRole,
    unfurlCustomFields: form.unfurlCustomFields,
    duplicatesReportChannel: form.duplicatesReportChannel,
    roles,
  };
}

/** Field -> [before, after] for what the form changed. */
function settingsChanges(before: SettingsForm, after: SettingsForm): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after) as (keyof SettingsForm)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = [before[key], after[key]];
  }
  return changes;
}

export type SaveSettingsOutcome = Refused | { kind: 'saved'; settings: WorkspaceSettings };

export async function saveSettings(
  deps: ConnectDeps,
  workspace: string,
  actor: Actor,
  form: SettingsForm,
): Promise<SaveSettingsOutcome> {
  const refused = await refuse(deps, workspace, actor, 'admin');
  if (refused) return refused;
  const before = await deps.store.settings.get(workspace);
  const after = applySettingsForm(before, form);
  await deps.store.settings.put(workspace, after);
  const vendor = await deps.connections.view(workspace);
  await record(
    deps,
    auditEntry(workspace, vendorOfView(vendor), actor, {
      action: 'settings',
      entityType: 'settings',
      entityId: null,
      entityName: 'Roles',
      changes: settingsChanges(settingsForm(before), settingsForm(after)),
      outcome: 'ok',
      error: null,
    }),
  );
  return { kind: 'saved', settings: after };
}

/** What may the actor see of the settings modal: the current form, or a refusal. */
export async function openSettings(
  deps: ConnectDeps,
  workspace: string,
  actor: Actor,
): Promise<Refused | { kind: 'form'; form: SettingsForm }> {
  const refused = await refuse(deps, workspace, actor, 'admin');
  if (refused) return refused;
  return { kind: 'form', form: settingsForm(await deps.store.settings.get(workspace)) };
}

export type HomeState =
  | { kind: 'member'; connection: ConnectionView; role: Role; settings: WorkspaceSettings }
  /** Someone who may not even look up (a guest with "No access", role none): the refusal, and nothing else. */
  | Refused;

/**
 * What one user's Home tab shows: the connection, their role, the settings (the index stats come from the caller).
 * Someone who may not look up is shown only why and whom to ask: the account, key hint, API user and admins
 * are facts about the workspace's vendor connection, not for a person the bot refuses everything.
 */
export async function homeState(deps: ConnectDeps, workspace: string, actor: Actor): Promise<HomeState> {
  const refused = await refuse(deps, workspace, actor, 'lookup');
  if (refused) return refused;
  const [connection, { role, settings }] = await Promise.all([
    deps.connections.view(workspace),
    accessOf(deps, workspace, actor),
  ]);
  return { kind: 'member', connection, role, settings };
}
