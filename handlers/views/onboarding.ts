// The onboarding submissions: checked inline, stopped for a choice on possible duplicates, then run once in the queue.
import type { App, webApi } from '@slack/bolt';
import { CALLBACKS } from '../../blocks/actions.js';
import { customerCard } from '../../blocks/customer-card.js';
import { errorMessage } from '../../blocks/error-message.js';
import type { Message } from '../../blocks/message.js';
import { duplicatesView, onboardingProgress } from '../../blocks/onboarding.js';
import { statusModal } from '../../blocks/status-modal.js';
import type { Logger } from '../../src/logger.js';
import { customerDetail } from '../../src/operations/lookups.js';
import {
  findDuplicates,
  initialState,
  type OnboardingState,
  OnboardingStateSchema,
} from '../../src/operations/onboarding.js';
import type { Actor } from '../../src/operations/writes.js';
import type { Services } from '../../src/services.js';
import type { Workspace } from '../../src/workspaces.js';
import { withDeadline } from '../support/deadline.js';
import { decodeMetadata } from '../support/metadata.js';
import { postToResponseUrl, type ReplyTarget, replyTo } from '../support/reply.js';
import { keyOf, refusalFor, workspaceFor } from '../support/workspace.js';
import { parseOnboardingForm } from './onboarding-form.js';

/** How long the duplicate check may take inside Slack's 3 seconds before the submission goes on without it. */
const DUPLICATE_CHECK_MS = 1500;

/**
 * Posts progress as one message: the first post creates it, later ones replace it through the same response_url
 * (at most four posts, inside Slack's five per URL). Without a response_url only the outcome is sent.
 */
function progressPoster(target: ReplyTarget, client: webApi.WebClient, logger: Logger) {
  let posted = false;
  return async (message: Message, final: boolean) => {
    if (target.responseUrl) {
      try {
        await postToResponseUrl(target.responseUrl, { ...message, replace_original: posted });
        posted = true;
        return;
      } catch (error) {
        logger.warn({ err: error }, 'progress via response_url failed');
      }
    }
    if (final) await replyTo({ ...target, responseUrl: undefined }, client, message, logger);
  };
}

/** Runs (or resumes) an onboarding the caller has claimed (status `running`), and reports as it goes. */
export function runOnboardingJob(
  deps: Services,
  ws: Workspace,
  client: webApi.WebClient,
  key: string,
  state: OnboardingState,
  actor: Actor,
  target: ReplyTarget,
): void {
  const post = progressPoster(target, client, deps.logger);
  const vendorLabel = ws.vendor.capabilities.label;
  const name = state.input.customer.name;
  const progress = (s: OnboardingState, running: boolean) =>
    onboardingProgress(s.customerName ?? name, s.steps, {
      key,
      running,
      customerUrl: s.customerUrl,
      vendorLabel,
    });
  const submitted = ws.queue.submit(
    async ({ signal, logger }) => {
      await post(progress(state, true), false);
      try {
        const result = await deps.onboarding.run(
          ws,
          key,
          state,
          actor,
          (s) => post(progress(s, true), false),
          signal,
        );
        await deps.store.submissions.transition(ws.key, key, ['running'], result.status, result.state);
        if (result.status === 'done' && result.customer) {
          const { customer, contacts } = await customerDetail(ws, result.customer.id, signal);
          await post(
            customerCard(customer, contacts, {
              vendorLabel,
              note: `:white_check_mark: Onboarded by <@${actor.userId}>`,
            }),
            true,
          );
        } else {
          await post(progress(result.state, false), true);
        }
      } catch (error) {
        logger.error({ err: error }, 'onboarding job failed');
        const saved = await deps.store.submissions.get<OnboardingState>(ws.key, key);
        await deps.store.submissions.transition(ws.key, key, ['running'], 'partial', saved?.state ?? state);
        await post(errorMessage(error, 'finish the onboarding'), true);
      }
    },
    { user: actor.userId, requestId: actor.requestId },
  );
  if (!submitted.accepted) {
    deps.store.submissions
      .transition(ws.key, key, ['running'], 'partial', state)
      .then(() => post(progress(state, false), true))
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not report a refused onboarding'));
  }
}

export function registerOnboardingViews(app: App, deps: Services): void {
  app.view(CALLBACKS.onboarding, async ({ ack, body, view, client, context }) => {
    const ws = await workspaceFor(deps, context);
    if (!ws)
      return ack({
        response_action: 'update',
        view: statusModal('New customer', 'This workspace is not connected to a PSA/RMM.'),
      });
    const caps = ws.vendor.capabilities;
    const parsed = parseOnboardingForm(view.state.values, {
      contactEmailRequired: caps.contactEmailRequired,
      vendorLabel: caps.label,
    });
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    const meta = decodeMetadata(view.private_metadata);
    // Every opened modal carries its own key; a key-less view (should not happen) falls back to the view id.
    const key = meta.key ?? view.id;
    const submissions = deps.store.submissions;
    // The permission, the submission's state and the duplicate check run side by side: together they must fit
    // in Slack's 3 seconds.
    const [refusal, existing, checked] = await Promise.all([
      refusalFor(deps, client, keyOf(context), body.user.id, 'create'),
      submissions.get(ws.key, key),
      withDeadline(DUPLICATE_CHECK_MS, async (signal) => {
        await ws.index.ready();
        return findDuplicates(ws, parsed.value, signal);
      }),
    ]);
    if (refusal) return ack({ response_action: 'update', view: statusModal('New customer', refusal) });
    // The same submission delivered again (a retry, a double click) after it started: do nothing twice.
    if (existing && existing.status !== 'awaiting_choice') return ack({ response_action: 'clear' });

    const state = initialState(parsed.value);
    // A check that could not finish in time (the customer list still loading) is said, not skipped.
    const unchecked = checked === undefined;
    const duplicates = checked ?? [];
    if (duplicates.length > 0 || unchecked) {
      const stored = existing
        ? await submissions.transition(ws.key, key, ['awaiting_choice'], 'awaiting_choice', state)
        : await submissions.start(ws.key, key, 'awaiting_choice', state);
      if (!stored) return ack({ response_action: 'clear' });
      return ack({
        response_action: 'push',
        view: duplicatesView(parsed.value.customer.name, duplicates, view.private_metadata, unchecked),
      });
    }
    const claimed = existing
      ? await submissions.transition(ws.key, key, ['awaiting_choice'], 'running', state)
      : await submissions.start(ws.key, key, 'running', state);
    await ack({ response_action: 'clear' });
    if (!claimed) return;
    const actor = { userId: body.user.id, userName: body.user.name, requestId: context.requestId };
    runOnboardingJob(deps, ws, client, key, state, actor, {
      userId: actor.userId,
      channelId: meta.channelId,
      responseUrl: meta.responseUrl,
    });
  });

  // "Create anyway" is the submit button of the duplicates view.
  app.view(CALLBACKS.onboardingDuplicates, async ({ ack, body, view, client, context }) => {
    const ws = await workspaceFor(deps, context);
    const meta = decodeMetadata(view.private_metadata);
    if (!ws || !meta.key) return ack({ response_action: 'clear' });
    const saved = await deps.store.submissions.get<unknown>(ws.key, meta.key);
    const state = OnboardingStateSchema.safeParse(saved?.state);
    if (
      !state.success ||
      !(await deps.store.submissions.transition(ws.key, meta.key, ['awaiting_choice'], 'running', state.data))
    ) {
      return ack({ response_action: 'clear' });
    }
    await ack({ response_action: 'clear' });
    const actor = { userId: body.user.id, userName: body.user.name, requestId: context.requestId };
    runOnboardingJob(deps, ws, client, meta.key, state.data, actor, {
      userId: actor.userId,
      channelId: meta.channelId,
      responseUrl: meta.responseUrl,
    });
  });
}
