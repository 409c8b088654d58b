// Workflow Builder steps (manifest `functions`): lookup_customer, create_customer and add_contact. Each runs its
// operation in the workspace queue and completes the step with its outputs, or fails it with words a workflow
// author can act on (functions.completeSuccess / completeError, through Bolt's complete() and fail()).
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { FUNCTIONS } from '../../blocks/actions.js';
import { PLAIN_MEMBER } from '../../src/auth/roles.js';
import type { Actor } from '../../src/operations/context.js';
import {
  addContactStep,
  createCustomerStep,
  lookupCustomerStep,
  type StepResult,
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
      (ws, actor, inputs, _id, signal) => addContactStep(deps, ws, actor, inputs, signal),
    ],
  ];
  for (const [callbackId, step] of steps) {
    app.function(callbackId, async ({ inputs, complete, fail, client, context, event }) => {
      const ws = await workspaceFor(deps, context);
      if (!ws)
        return void (await fail({
          error:
            'This workspace is not connected to a PSA yet: an admin can connect one from the app’s Home tab.',
        }));
      const acting = ActingUserSchema.safeParse(inputs ?? {});
      if (!acting.success) return void (await fail({ error: 'acting_user must be a Slack user.' }));
      // With an acting user the step acts as that person; without one, as the workspace's "Workflows act as" role.
      const actor: Actor = acting.data.acting_user
        ? await actorFor(deps, client, context, { id: acting.data.acting_user })
        : {
            userId: 'workflow',
            userName: 'Workflow',
            requestId: context.requestId,
            standing: PLAIN_MEMBER,
            via: 'workflow',
          };
      const executionId = String((event as { function_execution_id?: unknown }).function_execution_id ?? '');
      const submitted = ws.queue.submit(
        async ({ signal, logger }) => {
          const result = await step(ws, actor, inputs ?? {}, executionId, signal);
          try {
            if (result.ok) await complete({ outputs: result.outputs });
            else await fail({ error: result.error.slice(0, 1000) });
          } catch (error) {
            logger.warn({ err: error, callbackId }, 'could not complete a workflow step');
          }
        },
        { user: actor.userId, requestId: actor.requestId },
      );
      if (!submitted.accepted) await fail({ error: `${submitted.error.message} The step did nothing.` });
    });
  }
}
