// Onboarding buttons: Create (from "did you mean"), Open existing (on the duplicates view), Retry remaining steps.
import type { App } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import { customerCard } from '../../blocks/customer-card.js';
import { notice } from '../../blocks/message.js';
import { showCustomer } from '../../src/operations/lookups.js';
import { retryOnboarding } from '../../src/operations/onboarding.js';
import type { Services } from '../../src/services.js';
import { readCardValue } from '../forms/card-value.js';
import { decodeMetadata } from '../forms/metadata.js';
import { actorFor } from '../support/actor.js';
import { cardOptions, GONE, refusedNotice, STALE } from '../support/answers.js';
import { onButton } from '../support/clicks.js';
import { privately, userDelivery } from '../support/deliver.js';
import { runJob } from '../support/jobs.js';
import { openOnboardingModal } from '../support/modals.js';
import { runOnboardingJob } from '../support/onboarding-job.js';
import { NOT_CONNECTED, workspaceFor } from '../support/workspace.js';

export function registerOnboardingButtons(app: App, deps: Services): void {
  onButton(app, ACTIONS.customerCreate, async (click, { client, context }) => {
    const ws = await workspaceFor(deps, context);
    if (!ws) return;
    const actor = await actorFor(deps, client, context, { id: click.userId, name: click.userName });
    await openOnboardingModal(deps, client, {
      ws,
      actor,
      triggerId: click.triggerId,
      name: click.value,
      meta: { channelId: click.channelId, responseUrl: click.responseUrl, origin: 'button' },
    });
  });

  onButton(app, ACTIONS.onboardingOpenExisting, async (click, { client, context }) => {
    const carried = readCardValue(click.value, 'customer');
    if (!carried) return;
    const meta = decodeMetadata(click.view?.privateMetadata);
    const delivery = userDelivery(
      { userId: click.userId, channelId: meta.channelId, responseUrl: meta.responseUrl },
      client,
      deps.logger,
    );
    const ws = await workspaceFor(deps, context);
    if (!ws) return void (await delivery.send(NOT_CONNECTED));
    const actor = await actorFor(deps, client, context, { id: click.userId, name: click.userName });
    runJob({ ws, actor, doing: 'open the customer', delivery, logger: deps.logger }, async ({ signal }) => {
      const shown = await showCustomer(deps, ws, actor, carried, signal);
      if (shown.kind === 'stale') return STALE;
      if (shown.kind === 'refused') return refusedNotice(shown);
      if (shown.kind === 'gone') return GONE;
      return customerCard(shown.customer, shown.contacts, await cardOptions(deps, ws));
    });
  });

  onButton(app, ACTIONS.onboardingRetry, async (click, { client, context, respond }) => {
    if (!click.value) return;
    const reply = (m: Parameters<typeof privately>[0]) => respond(privately(m));
    const ws = await workspaceFor(deps, context);
    if (!ws) return void (await reply(NOT_CONNECTED));
    const actor = await actorFor(deps, client, context, { id: click.userId, name: click.userName });
    const outcome = await retryOnboarding(deps, ws, actor, click.value);
    if (outcome.kind === 'refused') return void (await reply(refusedNotice(outcome)));
    if (outcome.kind === 'stale') return void (await reply(STALE));
    if (outcome.kind === 'settled')
      return void (await reply(notice('This onboarding is already running or finished.')));
    runOnboardingJob(deps, ws, client, click.value, outcome, {
      userId: actor.userId,
      channelId: click.channelId,
      responseUrl: click.responseUrl,
    });
  });
}
