// The Home tab's settings: roles, guests, workflows, unfurls and the duplicates report; saved, audited, republished.
import type { App } from '@slack/bolt';
import { HOME_ACTIONS } from '../../blocks/home.js';
import { ROLES_CALLBACK, rolesModal } from '../../blocks/home-roles-modal.js';
import { statusModal } from '../../blocks/status-modal.js';
import { openSettings, saveSettings } from '../../src/operations/settings.js';
import type { Services } from '../../src/services.js';
import { parseRolesForm } from '../forms/home-forms.js';
import { actorFor } from '../support/actor.js';
import { refusedText } from '../support/answers.js';
import { onButton } from '../support/clicks.js';
import { publishHome } from '../support/home-tab.js';
import { keyOf } from '../support/workspace.js';

const TITLE = 'Roles and settings';

export function registerSettings(app: App, deps: Services): void {
  onButton(app, HOME_ACTIONS.roleSettings, async (click, { client, context }) => {
    const key = keyOf(context);
    const actor = await actorFor(deps, client, context, { id: click.userId, name: click.userName });
    const opened = await openSettings(deps, key, actor);
    await client.views.open({
      trigger_id: click.triggerId,
      view: opened.kind === 'form' ? rolesModal(opened.form) : statusModal(TITLE, refusedText(opened)),
    });
  });

  app.view(ROLES_CALLBACK, async ({ ack, body, view, client, context }) => {
    const key = keyOf(context);
    const parsed = parseRolesForm(view.state.values);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    const actor = await actorFor(deps, client, context, { id: body.user.id, name: body.user.name });
    const saved = await saveSettings(deps, key, actor, parsed.value);
    if (saved.kind === 'refused')
      return ack({ response_action: 'update', view: statusModal(TITLE, refusedText(saved)) });
    await ack();
    await publishHome(deps, client, key, actor);
  });
}
