// Onboarding: a customer, its primary contact and its custom fields in one go. Every status transition of a
// submission lives here: checked for duplicates, run once, resumable without creating anything twice.
import { z } from 'zod';
import {
  type Contact,
  ContactCreateSchema,
  type Customer,
  CustomerCreateSchema,
  CustomFieldValueSchema,
  explainError,
  isVendorError,
} from '../domain/index.js';
import type { Workspace } from '../workspaces.js';
import { Writer } from './audit.js';
import { type Actor, isStale, type OperationDeps, type Refused, refuse, type Stale } from './context.js';
import { withDeadline } from './deadline.js';
import { rememberChoices } from './form-setup.js';
import { contactWithEmail } from './lookups.js';

export const OnboardingInputSchema = z.object({
  customer: CustomerCreateSchema,
  /** The primary contact, without its customer id (that comes from the first step). */
  contact: ContactCreateSchema.omit({ customerId: true }).optional(),
  customFields: z.record(z.string(), CustomFieldValueSchema),
});
export type OnboardingInput = z.infer<typeof OnboardingInputSchema>;

export const StepSchema = z.object({
  step: z.string(),
  label: z.string(),
  status: z.enum(['todo', 'done', 'failed']),
  reason: z.string().optional(),
});
export type Step = z.infer<typeof StepSchema>;

/**
 * `awaiting_choice`: possible duplicates shown, nothing written. `running`: claimed by one delivery or click.
 * `partial`: some steps failed; Retry runs the rest. `done`: every step done.
 */
export const OnboardingStatusSchema = z.enum(['awaiting_choice', 'running', 'partial', 'done']);
export type OnboardingStatus = z.infer<typeof OnboardingStatusSchema>;

export const OnboardingStateSchema = z.object({
  input: OnboardingInputSchema,
  /** The connection the submission was made on: a retry after a reconnect would write to another account. */
  connection: z.string().optional(),
  customerId: z.string().optional(),
  customerName: z.string().optional(),
  customerUrl: z.string().nullable().optional(),
  contactId: z.string().optional(),
  steps: z.array(StepSchema),
});
export type OnboardingState = z.infer<typeof OnboardingStateSchema>;

export function initialState(input: OnboardingInput, connection?: string): OnboardingState {
  const steps: Step[] = [
    { step: 'customer', label: `Create customer ${input.customer.name}`, status: 'todo' },
  ];
  if (input.contact) {
    const name = [input.contact.firstName, input.contact.lastName].filter(Boolean).join(' ');
    steps.push({ step: 'contact', label: `Add primary contact ${name}`, status: 'todo' });
  }
  for (const name of Object.keys(input.customFields))
    steps.push({ step: `field:${name}`, label: `Set ${name}`, status: 'todo' });
  return { input, ...(connection ? { connection } : {}), steps };
}

export interface Duplicate {
  customer: Customer;
  reason: string;
}

/** Possible duplicates: a similar name, a shared domain, or a contact already using the primary contact's email. */
async function findDuplicates(
  ws: Workspace,
  input: Pick<OnboardingInput, 'customer' | 'contact'>,
  signal?: AbortSignal,
): Promise<Duplicate[]> {
  const found = new Map<string, Duplicate>();
  const add = (customer: Customer | undefined, reason: string) => {
    if (customer && !found.has(customer.id)) found.set(customer.id, { customer, reason });
  };
  for (const hit of ws.index.search(input.customer.name, 5)) {
    if (
      hit.match === 'exact' ||
      hit.match === 'prefix' ||
      hit.match === 'word' ||
      (hit.match === 'fuzzy' && hit.score >= 40)
    ) {
      add(hit.customer, 'a similar name');
    }
  }
  for (const domain of input.customer.domains ?? []) {
    for (const hit of ws.index.search(domain, 3))
      if (hit.match === 'domain') add(hit.customer, `the same domain ${domain}`);
  }
  const email = input.contact?.email;
  if (email) {
    const contact: Contact | undefined = await contactWithEmail(ws, email, signal);
    if (contact) {
      const owner =
        ws.index.getCustomer(contact.customerId) ??
        (await ws.vendor.getCustomer(contact.customerId, { signal }).catch(() => undefined));
      add(owner, `${contact.fullName} already uses ${email}`);
    }
  }
  return [...found.values()];
}

/** The customer, contact and custom-field steps as they ran, with the customer when it exists. */
export interface OnboardingResult {
  state: OnboardingState;
  status: 'done' | 'partial';
  customer?: Customer;
}

/**
 * A submission claimed for running: `run` does the work (in the workspace queue) and settles the status;
 * `giveBack` settles it as partial when the queue would not take it, so Retry can start it later.
 */
export interface ClaimedOnboarding {
  kind: 'accepted';
  state: OnboardingState;
  run(onProgress: (state: OnboardingState) => Promise<void>, signal?: AbortSignal): Promise<OnboardingResult>;
  giveBack(): Promise<void>;
}

const why = (error: unknown) => {
  const { what, action } = explainError(error);
  // The modal is closed by the time a step runs, so there are no fields to highlight, and a retry would send
  // the same details again: say what to do instead.
  if (isVendorError(error, 'validation'))
    return `${what} A retry sends the same details: correct this in ${error.vendor}, or start again with other details.`;
  return `${what} ${action}`;
};

/**
 * Runs every step not yet done, saving after each, so a retry (or a crash and a retry) never creates the customer
 * twice. The customer step failing stops the rest; any other failure is recorded and the next step goes on.
 */
async function runSteps(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  key: string,
  state: OnboardingState,
  onProgress: (state: OnboardingState) => Promise<void>,
  signal?: AbortSignal,
): Promise<OnboardingResult> {
  const writer = new Writer(deps, ws, actor);
  const s: OnboardingState = structuredClone(state);
  const mark = async (step: string, status: Step['status'], reason?: string) => {
    s.steps = s.steps.map((x) =>
      x.step === step ? { ...x, status, ...(reason ? { reason } : { reason: undefined }) } : x,
    );
    await deps.store.submissions.save(ws.key, key, s);
  };
  let customer: Customer | undefined;

  if (!s.customerId) {
    try {
      customer = await writer.createCustomer(s.input.customer, signal);
      s.customerId = customer.id;
      s.customerName = customer.name;
      s.customerUrl = customer.url;
      await mark('customer', 'done');
      await rememberChoices(deps, ws.key, s.input.customer.choices).catch(() => undefined);
    } catch (error) {
      await mark('customer', 'failed', why(error));
      await onProgress(s);
      return { state: s, status: 'partial' };
    }
    await onProgress(s);
  }
  const customerId = s.customerId;

  const contactStep = s.steps.find((x) => x.step === 'contact');
  if (s.input.contact && contactStep && contactStep.status !== 'done') {
    try {
      const contact = await writer.createContact({ ...s.input.contact, customerId, isPrimary: true }, signal);
      s.contactId = contact.id;
      await mark('contact', 'done');
    } catch (error) {
      await mark('contact', 'failed', why(error));
    }
    await onProgress(s);
  }

  for (const [name, value] of Object.entries(s.input.customFields)) {
    const step = `field:${name}`;
    if (s.steps.find((x) => x.step === step)?.status === 'done') continue;
    try {
      await writer.setCustomField(
        { id: customerId, name: s.customerName ?? s.input.customer.name },
        name,
        value,
        signal,
      );
      await mark(step, 'done');
    } catch (error) {
      await mark(step, 'failed', why(error));
    }
  }
  const status = s.steps.every((x) => x.status === 'done') ? 'done' : 'partial';
  if (!customer) customer = await ws.vendor.getCustomer(customerId, { signal }).catch(() => undefined);
  return { state: s, status, ...(customer ? { customer } : {}) };
}

/** The claim, made: the caller runs it in the queue, or gives it back. */
function claimed(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  key: string,
  state: OnboardingState,
): ClaimedOnboarding {
  const submissions = deps.store.submissions;
  return {
    kind: 'accepted',
    state,
    async run(onProgress, signal) {
      try {
        const result = await runSteps(deps, ws, actor, key, state, onProgress, signal);
        await submissions.transition(ws.key, key, ['running'], result.status, result.state);
        return result;
      } catch (error) {
        // Never stuck in `running`: what was saved so far stays, and Retry can go on from there.
        const saved = await submissions.get<OnboardingState>(ws.key, key);
        await submissions.transition(ws.key, key, ['running'], 'partial', saved?.state ?? state);
        throw error;
      }
    },
    async giveBack() {
      await submissions.transition(ws.key, key, ['running'], 'partial', state);
    },
  };
}

export type OnboardingSubmission =
  | Refused
  | Stale
  /** The same submission delivered again (a retry, a double click) after it started: nothing happens twice. */
  | { kind: 'repeat' }
  /** Possible duplicates (or a check that could not finish in time): the user chooses; nothing is written. */
  | { kind: 'duplicates'; duplicates: Duplicate[]; unchecked: boolean }
  | ClaimedOnboarding;

export interface SubmitOnboarding {
  /** The form's idempotency key (one per opened modal). */
  key: string;
  input: OnboardingInput;
  /** The connection the form was opened on. */
  connection: string | undefined;
  /** Ignore duplicates (a workflow step's allow_duplicate). */
  allowDuplicates?: boolean;
}

/**
 * A submitted onboarding form: the permission, the submission's state and the duplicate check (bounded by
 * `duplicateCheckMs`, since a modal must be answered inside Slack's 3 seconds) side by side; then either the
 * duplicates to choose from, or the claim to run.
 */
export async function submitOnboarding(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  submission: SubmitOnboarding,
  duplicateCheckMs: number,
): Promise<OnboardingSubmission> {
  if (isStale(ws, submission.connection)) return { kind: 'stale' };
  const submissions = deps.store.submissions;
  const { key, input } = submission;
  const [refused, existing, checked] = await Promise.all([
    refuse(deps, ws.key, actor, 'create'),
    submissions.get(ws.key, key),
    submission.allowDuplicates
      ? Promise.resolve([])
      : withDeadline(duplicateCheckMs, async (signal) => {
          await ws.index.ready();
          return findDuplicates(ws, input, signal);
        }),
  ]);
  if (refused) return refused;
  if (existing && existing.status !== 'awaiting_choice') return { kind: 'repeat' };
  const state = initialState(input, ws.fingerprint);
  // A check that could not finish in time (the customer list still loading) is said, not skipped.
  const unchecked = checked === undefined;
  const duplicates = checked ?? [];
  if (duplicates.length > 0 || unchecked) {
    const stored = existing
      ? await submissions.transition(ws.key, key, ['awaiting_choice'], 'awaiting_choice', state)
      : await submissions.start(ws.key, key, 'awaiting_choice', state);
    if (!stored) return { kind: 'repeat' };
    return { kind: 'duplicates', duplicates, unchecked };
  }
  const ok = existing
    ? await submissions.transition(ws.key, key, ['awaiting_choice'], 'running', state)
    : await submissions.start(ws.key, key, 'running', state);
  if (!ok) return { kind: 'repeat' };
  return claimed(deps, ws, actor, key, state);
}

export type OnboardingResume = Refused | Stale | { kind: 'settled' } | ClaimedOnboarding;

async function resume(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  key: string,
  from: OnboardingStatus,
): Promise<OnboardingResume> {
  // Checked at the moment of the write: a duplicate choice or a retry is a create like any other.
  const refused = await refuse(deps, ws.key, actor, 'create');
  if (refused) return refused;
  const saved = await deps.store.submissions.get<unknown>(ws.key, key);
  const state = OnboardingStateSchema.safeParse(saved?.state);
  if (!state.success) return { kind: 'settled' };
  if (isStale(ws, state.data.connection)) return { kind: 'stale' };
  // Only one click claims it.
  if (!(await deps.store.submissions.transition(ws.key, key, [from], 'running', state.data)))
    return { kind: 'settled' };
  return claimed(deps, ws, actor, key, state.data);
}

/** "Create anyway" on the duplicates view. */
export function createAnyway(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  key: string,
): Promise<OnboardingResume> {
  return resume(deps, ws, actor, key, 'awaiting_choice');
}

/** Retry of a partial onboarding: only the steps not done yet run. */
export function retryOnboarding(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  key: string,
): Promise<OnboardingResume> {
  return resume(deps, ws, actor, key, 'partial');
}
