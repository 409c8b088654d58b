// The onboarding submissions: checked inline, stopped for a choice on possible duplicates ("Create anyway" is the
// duplicates view's submit), then run once in the queue.
import type { App } from '@slack/bolt';
import { CALLBACKS } from '../../blocks/actions.js';
import { duplicatesView } from '../../blocks/onboarding.js';
import { statusModal } from '../../blocks/status-modal.js';
import { createAnyway, submitOnboarding } from '../../src/operations/onboarding.js';
import type { Services } from '../../src/services.js';
import { decodeMetadata } from '../forms/metadata.js';
import { parseOnboardingForm } from '../forms/onboarding-form.js';
import { ackClock } from '../support/ack-clock.js';
import { actorFor } from '../support/actor.js';
import { refusedText, STALE_TEXT } from '../support/answers.js';
import { runOnboardingJob } from '../support/onboarding-job.js';
import { notConnectedModal, workspaceFor } from '../support/workspace.js';

/** How long the duplicate check may take inside Slack's 3 seconds before the submission goes on without it. */
const DUPLICATE_CHECK_MS = 1500;
const TITLE = 'New customer';

export function registerOnboardingViews(app: App, deps: Services): void {
  app.view(CALLBACKS.onboarding, async ({ ack, body, view, client, context }) => {
    const clock = ackClock();
    const ws = await workspaceFor(deps, context);
    if (!ws) return ack({ response_action: 'update', view: notConnectedModal(TITLE) });
    const caps = ws.vendor.capabilities;
    const parsed = parseOnboardingForm(view.state.values, {
      contactEmailRequired: caps.contactEmailRequired,
      contactLastNameRequired: caps.contactLastNameRequired ?? false,
      vendorLabel: caps.label,
    });
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    const meta = decodeMetadata(view.private_metadata);
    // Every opened modal carries its own key; a key-less view (should not happen) falls back to the view id.
    const key = meta.key ?? view.id;
    const actor = await actorFor(deps, client, context, { id: body.user.id, name: body.user.name });
    // What users.info took is the duplicate check's to lose, not Slack's 3 seconds.
    const outcome = await submitOnboarding(
      deps,
      ws,
      actor,
      { key, input: parsed.value, connection: meta.connection },
      clock.left(DUPLICATE_CHECK_MS),
    );
    switch (outcome.kind) {
      case 'refused':
        return ack({ response_action: 'update', view: statusModal(TITLE, refusedText(outcome)) });
      case 'stale':
        return ack({ response_action: 'update', view: statusModal(TITLE, STALE_TEXT) });
      case 'repeat':
        return ack({ response_action: 'clear' });
      case 'duplicates':
        return ack({
          response_action: 'push',
          view: duplicatesView(
            parsed.value.customer.name,
            outcome.duplicates,
            view.private_metadata,
            ws.fingerprint,
            outcome.unchecked,
          ),
        });
      case 'accepted':
        await ack({ response_action: 'clear' });
        runOnboardingJob(deps, ws, client, key, outcome, {
          userId: actor.userId,
          channelId: meta.channelId,
          responseUrl: meta.responseUrl,
        });
    }
  });

  app.view(CALLBACKS.onboardingDuplicates, async ({ ack, body, view, client, context }) => {
    const ws = await workspaceFor(deps, context);
    const meta = decodeMetadata(view.private_metadata);
    if (!ws || !meta.key) return ack({ response_action: 'clear' });
    const actor = await actorFor(deps, client, context, { id: body.user.id, name: body.user.name });
    const outcome = await createAnyway(deps, ws, actor, meta.key);
    if (outcome.kind === 'refused')
      return ack({ response_action: 'update', view: statusModal(TITLE, refusedText(outcome)) });
    if (outcome.kind === 'stale')
      return ack({ response_action: 'update', view: statusModal(TITLE, STALE_TEXT) });
    await ack({ response_action: 'clear' });
    if (outcome.kind !== 'accepted') return;
    runOnboardingJob(deps, ws, client, meta.key, outcome, {
      userId: actor.userId,
      channelId: meta.channelId,
      responseUrl: meta.responseUrl,
    });
  });
}
