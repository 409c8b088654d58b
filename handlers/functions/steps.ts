// Workflow Builder steps (manifest `functions`): lookup_customer, create_customer and add_contact. Each runs its
// operation in the workspace queue and completes the step with its outputs, or fails it with words a workflow
// author can act on (functions.completeSuccess / completeError, through Bolt's complete() and fail()).
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { FUNCTIONS } from '../../blocks/actions.js';
import { PLAIN_MEMBER } from '../../src/auth/roles.js';
import { type Actor, WORKFLOW_USER } from '../../src/operations/context.js';
import {
  addContactStep,
  createCustomerStep,
  lookupCustomerStep,
  type StepResult,
  stepFailure,
} from '../../src/operations/workflows.js';
import type { Services } from '../../src/services.js';
import type { Workspace } from '../../src/workspaces.js';
import { actorFor } from '../support/actor.js';
import { workspaceFor } from '../support/workspace.js';

const ActingUserSchema = z
  .object({
    acting_user: z
      .string()
      .regex(/^[UW][A-Z0-9]{2,40}$/)
      .optional(),
  })
  .loose();

type Step = (
  ws: Workspace,
  actor: Actor,
  inputs: unknown,
  executionId: string,
  signal: AbortSignal,
) => Promise<StepResult>;

const NOT_CONNECTED_STEP =
  'This workspace is not connected to a PSA yet: an admin can connect one from the app’s Home tab.';

export function registerWorkflowSteps(app: App, deps: Services): void {
  const steps: [string, Step][] = [
    [
      FUNCTIONS.lookupCustomer,
      (ws, actor, inputs, _id, signal) => lookupCustomerStep(deps, ws, actor, inputs, signal),
    ],
    [
      FUNCTIONS.createCustomer,
      (ws, actor, inputs, id, signal) => createCustomerStep(deps, ws, actor, id, inputs, signal),
    ],
    [
      FUNCTIONS.addContact,
      (ws, actor, inputs, id, signal) => addContactStep(deps, ws, actor, id, inputs, signal),
    ],
  ];
  for (const [callbackId, step] of steps) {
    // Bolt acks a function_executed event itself (autoAcknowledge), and complete()/fail() call
    // functions.completeSuccess/completeError with the event's bot_access_token (attachFunctionToken).
    app.function(callbackId, async ({ inputs, complete, fail, client, context, event }) => {
      const answer = async (result: StepResult, logger = deps.logger) => {
        try {
          if (result.kind === 'done') await complete({ outputs: result.outputs });
          else if (result.kind === 'failed') await fail({ error: result.error.slice(0, 1000) });
          // 'running': another delivery of this execution is on it and will answer.
        } catch (error) {
          logger.warn({ err: error, callbackId }, 'could not complete a workflow step');
        }
      };
      const ws = await workspaceFor(deps, context);
      if (!ws) return answer({ kind: 'failed', error: NOT_CONNECTED_STEP });
      const acting = ActingUserSchema.safeParse(inputs ?? {});
      if (!acting.success)
        return answer({ kind: 'failed', error: 'acting_user must be a Slack user. The step did nothing.' });
      // With an acting user the step acts as that person (never beyond "Workflows act as": the input is the
      // workflow author's to set); without one, as the workspace's "Workflows act as" role.
      const actor: Actor = acting.data.acting_user
        ? { ...(await actorFor(deps, client, context, { id: acting.data.acting_user })), via: 'workflow' }
        : {
            userId: WORKFLOW_USER,
            userName: 'Workflow',
            requestId: context.requestId,
            standing: PLAIN_MEMBER,
            via: 'workflow',
          };
      const executionId = String(event.function_execution_id ?? '');
      const submitted = ws.queue.submit(
        async ({ signal, logger }) => {
          // Whatever happens in the step, the workflow hears an answer: it would otherwise wait until Slack gives up.
          const result = await step(ws, actor, inputs ?? {}, executionId, signal).catch(stepFailure);
          await answer(result, logger);
        },
        { user: actor.userId, requestId: actor.requestId },
      );
      if (!submitted.accepted)
        await answer({ kind: 'failed', error: `${submitted.error.message} The step did nothing.` });
    });
  }
}
