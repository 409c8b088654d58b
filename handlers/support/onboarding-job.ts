// Runs a claimed onboarding in the workspace queue and reports as it goes: one message, posted and then replaced
// through the same response_url (at most four posts, inside Slack's five per URL), ending with the card.
import type { webApi } from '@slack/bolt';
import { customerCard } from '../../blocks/customer-card.js';
import { errorMessage } from '../../blocks/error-message.js';
import type { Message } from '../../blocks/message.js';
import { onboardingProgress } from '../../blocks/onboarding.js';
import type { Logger } from '../../src/logger.js';
import { customerDetail } from '../../src/operations/lookups.js';
import type { ClaimedOnboarding, OnboardingState } from '../../src/operations/onboarding.js';
import type { Services } from '../../src/services.js';
import type { Workspace } from '../../src/workspaces.js';
import { cardOptions } from './answers.js';
import { postToResponseUrl, type ReplyTarget, replyTo } from './deliver.js';

/** Posts progress as one message; without a response_url only the outcome is sent. */
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

export function runOnboardingJob(
  deps: Services,
  ws: Workspace,
  client: webApi.WebClient,
  key: string,
  claimed: ClaimedOnboarding,
  target: ReplyTarget,
): void {
  const post = progressPoster(target, client, deps.logger);
  const vendorLabel = ws.vendor.capabilities.label;
  const name = claimed.state.input.customer.name;
  const progress = (s: OnboardingState, running: boolean) =>
    onboardingProgress(s.customerName ?? name, s.steps, {
      key,
      running,
      customerUrl: s.customerUrl,
      vendorLabel,
    });
  const submitted = ws.queue.submit(
    async ({ signal, logger }) => {
      await post(progress(claimed.state, true), false);
      try {
        const result = await claimed.run((s) => post(progress(s, true), false), signal);
        if (result.status === 'done' && result.customer) {
          const { customer, contacts } = await customerDetail(ws, result.customer.id, signal);
          await post(
            customerCard(customer, contacts, {
              ...(await cardOptions(deps, ws)),
              note: `:white_check_mark: Onboarded by <@${target.userId}>`,
            }),
            true,
          );
        } else await post(progress(result.state, false), true);
      } catch (error) {
        logger.error({ err: error }, 'onboarding job failed');
        await post(errorMessage(error, 'finish the onboarding'), true);
      }
    },
    { user: target.userId },
  );
  if (!submitted.accepted) {
    claimed
      .giveBack()
      .then(() => post(progress(claimed.state, false), true))
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not report a refused onboarding'));
  }
}
