// The Home tab's Connect button and modal: an admin's credentials are tested with the vendor, then saved encrypted.
import type { App } from '@slack/bolt';
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
import { connectVendor, currentConnection, mayConnect, VENDOR_LABELS } from '../../src/operations/connect.js';
import type { Services } from '../../src/services.js';
import { parseConnectForm } from '../forms/home-forms.js';
import { actorFor } from '../support/actor.js';
import { refusedText } from '../support/answers.js';
import { onButton } from '../support/clicks.js';
import { publishHome } from '../support/home-tab.js';
import { keyOf } from '../support/workspace.js';

const TITLE = 'Connect your PSA';
const ENVIRONMENT_NOTE =
  'This bot’s vendor connection is configured by environment on the server, so it cannot be changed here.';

export function registerConnect(app: App, deps: Services): void {
  onButton(app, HOME_ACTIONS.connect, async (click, { client, context }) => {
    if (deps.connections.mode === 'environment') {
      await client.views.open({ trigger_id: click.triggerId, view: statusModal(TITLE, ENVIRONMENT_NOTE) });
      return;
    }
    const key = keyOf(context);
    const current = await currentConnection(deps, key);
    // Open at once (a trigger_id lives 3 seconds) and check the role alongside; a non-admin sees a refusal instead.
    const [opened, refused] = await Promise.all([
      client.views.open({
        trigger_id: click.triggerId,
        view: connectModal({ vendor: current?.vendor, current }),
      }),
      actorFor(deps, client, context, { id: click.userId, name: click.userName }).then((actor) =>
        mayConnect(deps, key, actor),
      ),
    ]);
    if (refused && opened.view?.id)
      await client.views.update({
        view_id: opened.view.id,
        view: statusModal(TITLE, refusedText(refused)),
      });
  });

  app.view(CONNECT_CALLBACK, async ({ ack, body, view, client, context }) => {
    const key = keyOf(context);
    if (deps.connections.mode === 'environment')
      return ack({ response_action: 'update', view: statusModal(TITLE, ENVIRONMENT_NOTE) });
    const parsed = parseConnectForm(view.state.values, deps.config.vendorBaseUrls);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    const actor = await actorFor(deps, client, context, { id: body.user.id, name: body.user.name });
    const refused = await mayConnect(deps, key, actor);
    if (refused) return ack({ response_action: 'update', view: statusModal(TITLE, refusedText(refused)) });
    const { connection, subdomain, username } = parsed.value;
    const label = VENDOR_LABELS[connection.vendor];
    await ack({ response_action: 'update', view: connectTestingModal(label) });
    const before = await currentConnection(deps, key);
    const outcome = await connectVendor(deps, key, actor, connection);
    switch (outcome.kind) {
      case 'test_failed': {
        const vendor: ConnectVendor | undefined = CONNECT_VENDORS.find(
          (v) => v.value === connection.vendor,
        )?.value;
        await client.views.update({
          view_id: view.id,
          view: connectModal({ vendor, subdomain, username, current: before, error: outcome.words }),
        });
        return;
      }
      case 'save_failed':
        await client.views.update({
          view_id: view.id,
          view: statusModal(
            TITLE,
            ':warning: The credentials work, but they could not be saved. Try again in a moment.',
          ),
        });
        return;
      case 'refused':
      case 'environment':
        await client.views.update({
          view_id: view.id,
          view: statusModal(TITLE, outcome.kind === 'refused' ? refusedText(outcome) : ENVIRONMENT_NOTE),
        });
        return;
      case 'saved':
        await client.views.update({
          view_id: view.id,
          view: connectedModal(outcome.label, outcome.accountName, outcome.details),
        });
        await publishHome(deps, client, key, actor);
    }
  });
}
