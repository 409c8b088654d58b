// Onboarding buttons: open the modal (from /customer new or a Create button), open an existing duplicate, retry.
import { randomUUID } from 'node:crypto';
import type { App, webApi } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import { customerCard } from '../../blocks/customer-card.js';
import { notice } from '../../blocks/message.js';
import { safeText } from '../../blocks/mrkdwn.js';
import { onboardingModal } from '../../blocks/onboarding.js';
import { statusModal } from '../../blocks/status-modal.js';
import { explainError } from '../../src/domain/index.js';
import { customerDetail } from '../../src/operations/lookups.js';
import { OnboardingStateSchema } from '../../src/operations/onboarding.js';
import type { Services } from '../../src/services.js';
import type { Workspace } from '../../src/workspaces.js';
import { decodeMetadata, encodeMetadata, type ModalMetadata } from '../support/metadata.js';
import { replyTo } from '../support/reply.js';
import { keyOf, NOT_CONNECTED, refusalFor, runJob, workspaceFor } from '../support/workspace.js';
import { runOnboardingJob } from '../views/onboarding.js';

export interface OpenOnboarding {
  key: string;
  ws: Workspace;
  userId: string;
  triggerId: string;
  name: string;
  meta: Omit<ModalMetadata, 'key' | 'name'>;
}

/**
 * Opens the modal at once with the trigger_id, then loads the vendor's custom fields in the queue and fills them
 * in with views.update (passing the view's hash, so a newer view is never overwritten).
 */
export async function openOnboarding(
  deps: Services,
  client: webApi.WebClient,
  o: OpenOnboarding,
): Promise<void> {
  const caps = o.ws.vendor.capabilities;
  const meta = encodeMetadata({ ...o.meta, key: randomUUID(), name: o.name.slice(0, 200) });
  const modal = (
    customFields: Parameters<typeof onboardingModal>[0]['customFields'],
    customFieldsNote?: string,
  ) =>
    onboardingModal({
      name: o.name,
      supported: caps.customerFields,
      contactEmailRequired: caps.contactEmailRequired,
      customFields,
      privateMetadata: meta,
      ...(customFieldsNote ? { customFieldsNote } : {}),
    });
  const [opened, refusal] = await Promise.all([
    client.views.open({ trigger_id: o.triggerId, view: modal(caps.customFields ? undefined : []) }),
    refusalFor(deps, client, o.key, o.userId, 'create'),
  ]);
  const viewId = opened.view?.id;
  if (!viewId) return;
  if (refusal)
    return void (await client.views.update({ view_id: viewId, view: statusModal('New customer', refusal) }));
  if (!caps.customFields) return;
  const fill = async (view: ReturnType<typeof modal>) => {
    try {
      await client.views.update({ view_id: viewId, hash: opened.view?.hash, view });
    } catch (error) {
      // hash_conflict: the user already moved on (submitted, or a pushed view); theirs wins.
      deps.logger.debug({ err: error }, 'custom fields arrived after the modal changed');
    }
  };
  const submitted = o.ws.queue.submit(
    async ({ signal }) => {
      try {
        const definitions = await o.ws.vendor.listCustomFieldDefinitions({ signal });
        await fill(modal(definitions.filter((d) => d.target === 'customer')));
      } catch (error) {
        const { what, action } = explainError(error);
        await fill(
          modal(
            [],
            `:warning: Custom fields could not be loaded: ${safeText(`${what} ${action}`, 500)} You can set them later.`,
          ),
        );
      }
    },
    { user: o.userId },
  );
  if (!submitted.accepted)
    await fill(modal([], 'The bot is busy; custom fields can be set later from the card.'));
}

export function registerOnboardingActions(app: App, deps: Services): void {
  app.action(ACTIONS.customerCreate, async ({ ack, body, action, client, context }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const ws = await workspaceFor(deps, context);
    if (!ws) return;
    await openOnboarding(deps, client, {
      key: keyOf(context),
      ws,
      userId: body.user.id,
      triggerId: body.trigger_id,
      name: action.value ?? '',
      meta: { channelId: body.channel?.id, responseUrl: body.response_url },
    });
  });

  app.action(ACTIONS.onboardingOpenExisting, async ({ ack, body, action, client, context }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !action.value) return;
    const id = action.value;
    const ws = await workspaceFor(deps, context);
    if (!ws) return;
    const meta = decodeMetadata(body.view?.private_metadata);
    const target = { userId: body.user.id, channelId: meta.channelId, responseUrl: meta.responseUrl };
    const deliver = (m: Parameters<typeof replyTo>[2]) => replyTo(target, client, m, deps.logger);
    runJob(
      ws,
      { userId: body.user.id, requestId: context.requestId, doing: 'open the customer', logger: deps.logger },
      deliver,
      async ({ signal }) => {
        const { customer, contacts } = await customerDetail(ws, id, signal);
        return customerCard(customer, contacts, { vendorLabel: ws.vendor.capabilities.label });
      },
    );
  });

  app.action(ACTIONS.onboardingRetry, async ({ ack, body, action, respond, client, context }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !action.value) return;
    const key = action.value;
    const ws = await workspaceFor(deps, context);
    if (!ws) return void (await respond(NOT_CONNECTED));
    const refusal = await refusalFor(deps, client, ws.key, body.user.id, 'create');
    if (refusal) return void (await respond({ ...notice(refusal), replace_original: false }));
    const saved = await deps.store.submissions.get<unknown>(ws.key, key);
    const state = OnboardingStateSchema.safeParse(saved?.state);
    // Only a partial onboarding can be retried, and only once at a time.
    if (
      !state.success ||
      !(await deps.store.submissions.transition(ws.key, key, ['partial'], 'running', state.data))
    ) {
      return void (await respond({
        ...notice('This onboarding is already running or finished.'),
        replace_original: false,
      }));
    }
    const actor = { userId: body.user.id, userName: body.user.name, requestId: context.requestId };
    runOnboardingJob(deps, ws, client, key, state.data, actor, {
      userId: actor.userId,
      channelId: body.channel?.id,
      responseUrl: body.response_url,
    });
  });
}
