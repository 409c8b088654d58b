// The Home tab's role settings: who may delete, extra admins, everyone else's role; saved, audited, republished.
import type { App } from '@slack/bolt';
import { HOME_ACTIONS } from '../../blocks/home.js';
import { ROLES_CALLBACK, rolesModal } from '../../blocks/home-roles-modal.js';
import { statusModal } from '../../blocks/status-modal.js';
import { refusal } from '../../src/auth/roles.js';
import { vendorOfView } from '../../src/connections.js';
import type { Services } from '../../src/services.js';
import type { WorkspaceSettings } from '../../src/store/workspace-settings.js';
import { keyOf, roleOf } from '../support/workspace.js';
import { parseRolesForm, type RolesForm } from './forms.js';
import { publishHome, settingsAdmins } from './publish.js';

/** The settings with the form applied: admins chosen here get the admin role, admins removed here lose it. */
export function applyRolesForm(settings: WorkspaceSettings, form: RolesForm): WorkspaceSettings {
  const roles = { ...settings.roles };
  for (const [user, role] of Object.entries(roles))
    if (role === 'admin' && !form.admins.includes(user)) delete roles[user];
  for (const user of form.admins) roles[user] = 'admin';
  return { ...settings, editorsMayDelete: form.editorsMayDelete, defaultRole: form.defaultRole, roles };
}

export function registerRolesHandlers(app: App, deps: Services): void {
  app.action(HOME_ACTIONS.roleSettings, async ({ ack, body, client, context }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const key = keyOf(context);
    const settings = await deps.store.settings.get(key);
    const form = {
      editorsMayDelete: settings.editorsMayDelete,
      defaultRole: settings.defaultRole,
      admins: settingsAdmins(settings),
    };
    const [opened, role] = await Promise.all([
      client.views.open({ trigger_id: body.trigger_id, view: rolesModal(form) }),
      roleOf(deps, client, key, body.user.id),
    ]);
    if (role !== 'admin' && opened.view?.id)
      await client.views.update({
        view_id: opened.view.id,
        view: statusModal('Roles', `:no_entry: ${refusal('admin', settings)}`),
      });
  });

  app.view(ROLES_CALLBACK, async ({ ack, body, view, client, context }) => {
    const key = keyOf(context);
    const parsed = parseRolesForm(view.state.values);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    const before = await deps.store.settings.get(key);
    if ((await roleOf(deps, client, key, body.user.id)) !== 'admin')
      return ack({
        response_action: 'update',
        view: statusModal('Roles', `:no_entry: ${refusal('admin', before)}`),
      });
    const after = applyRolesForm(before, parsed.value);
    await deps.store.settings.put(key, after);
    await ack();
    const changes: Record<string, [unknown, unknown]> = {};
    if (before.editorsMayDelete !== after.editorsMayDelete)
      changes.editorsMayDelete = [before.editorsMayDelete, after.editorsMayDelete];
    if (before.defaultRole !== after.defaultRole)
      changes.defaultRole = [before.defaultRole, after.defaultRole];
    const [adminsBefore, adminsAfter] = [settingsAdmins(before), settingsAdmins(after)];
    if (adminsBefore.join() !== adminsAfter.join()) changes.admins = [adminsBefore, adminsAfter];
    const vendor = await deps.connections.view(key);
    await deps.store.audit.append({
      workspace: key,
      userId: body.user.id,
      userName: body.user.name ?? null,
      vendor: vendorOfView(vendor),
      action: 'settings',
      entityType: 'settings',
      entityId: null,
      entityName: 'Roles',
      changes,
      outcome: 'ok',
      error: null,
      requestId: typeof context.requestId === 'string' ? context.requestId : null,
    });
    await publishHome(deps, client, key, body.user.id);
  });
}
