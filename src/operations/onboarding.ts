// Onboarding: a customer, its primary contact and its custom fields in one job, resumable without duplicates.
import { z } from 'zod';
import {
  type Contact,
  ContactCreateSchema,
  type Customer,
  CustomerCreateSchema,
  CustomFieldValueSchema,
  explainError,
} from '../domain/index.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspaces.js';
import { contactWithEmail } from './lookups.js';
import { type Actor, Writer } from './writes.js';

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

export const OnboardingStateSchema = z.object({
  input: OnboardingInputSchema,
  customerId: z.string().optional(),
  customerName: z.string().optional(),
  customerUrl: z.string().nullable().optional(),
  contactId: z.string().optional(),
  steps: z.array(StepSchema),
});
export type OnboardingState = z.infer<typeof OnboardingStateSchema>;

/** `awaiting_choice`: duplicates shown, nothing written. `partial`: some steps failed; Retry runs the rest. */
export type OnboardingStatus = 'awaiting_choice' | 'running' | 'partial' | 'done';

export function initialState(input: OnboardingInput): OnboardingState {
  const steps: Step[] = [
    { step: 'customer', label: `Create customer ${input.customer.name}`, status: 'todo' },
  ];
  if (input.contact) {
    const name = [input.contact.firstName, input.contact.lastName].filter(Boolean).join(' ');
    steps.push({ step: 'contact', label: `Add primary contact ${name}`, status: 'todo' });
  }
  for (const name of Object.keys(input.customFields))
    steps.push({ step: `field:${name}`, label: `Set ${name}`, status: 'todo' });
  return { input, steps };
}

export interface Duplicate {
  customer: Customer;
  reason: string;
}

/** Possible duplicates: a similar name, a shared domain, or a contact already using the primary contact's email. */
export async function findDuplicates(
  ws: Workspace,
  input: OnboardingInput,
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

export class Onboarding {
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  /**
   * Runs every step not yet done, saving after each, so a retry (or a crash and a retry) never creates the customer
   * twice. The customer step failing stops the rest; any other failure is recorded and the next step goes on.
   */
  async run(
    ws: Workspace,
    key: string,
    state: OnboardingState,
    actor: Actor,
    onProgress: (state: OnboardingState) => Promise<void>,
    signal?: AbortSignal,
  ): Promise<{ state: OnboardingState; status: 'done' | 'partial'; customer?: Customer }> {
    const writer = new Writer(ws, this.store.audit, actor, this.logger);
    const s: OnboardingState = structuredClone(state);
    const mark = async (step: string, status: Step['status'], reason?: string) => {
      s.steps = s.steps.map((x) =>
        x.step === step ? { ...x, status, ...(reason ? { reason } : { reason: undefined }) } : x,
      );
      await this.store.submissions.save(ws.key, key, s);
    };
    const why = (error: unknown) => {
      const { what, action } = explainError(error);
      return `${what} ${action}`;
    };
    let customer: Customer | undefined;

    if (!s.customerId) {
      try {
        customer = await writer.createCustomer(s.input.customer, signal);
        s.customerId = customer.id;
        s.customerName = customer.name;
        s.customerUrl = customer.url;
        await mark('customer', 'done');
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
        const contact = await writer.createContact(
          { ...s.input.contact, customerId, isPrimary: true },
          signal,
        );
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
}
