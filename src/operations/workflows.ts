// Workflow Builder steps: lookup_customer, create_customer and add_contact run the same operations as the
// command and the modals (permission, duplicate check, audit), and answer with the step's typed outputs or an
// error a workflow author can act on. Input names and output names are a contract (manifest.yml `functions`).
import { z } from 'zod';
import { explainError } from '../domain/index.js';
import type { Workspace } from '../workspaces.js';
import { addContact, checkNewContact } from './contacts.js';
import { type Actor, type OperationDeps, refuse } from './context.js';
import { clearWinner, customerDetail, lookupCustomer } from './lookups.js';
import { submitOnboarding } from './onboarding.js';
import { primaryContactOf } from './unfurls.js';

/** Most a workflow input is read: a value worth reading is far shorter. */
const TEXT = z.string({ error: 'must be text' }).trim().max(500);
const OPTIONAL = TEXT.optional().transform((v) => (v ? v : undefined));
const required = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .max(500)
    .min(1, `${name} is required`);
const EMAIL = z.email().max(254);
const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** A Workflow Builder boolean; a workflow built from a form may hand over its text. */
const FLAG = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .optional()
  .transform((v) => v === true || v === 'true');

export const LookupInputsSchema = z.object({ query: required('query') });
export const CreateInputsSchema = z.object({
  name: required('name'),
  domain: OPTIONAL.refine((d) => d === undefined || DOMAIN.test(d), 'domain must look like acme.com'),
  phone: OPTIONAL,
  contact_first_name: OPTIONAL,
  contact_last_name: OPTIONAL,
  contact_email: OPTIONAL.refine(
    (e) => e === undefined || EMAIL.safeParse(e).success,
    'contact_email is not an email address',
  ),
  allow_duplicate: FLAG,
});
export const AddContactInputsSchema = z.object({
  customer: required('customer'),
  first_name: OPTIONAL,
  last_name: OPTIONAL,
  email: required('email').refine((e) => EMAIL.safeParse(e).success, 'email is not an email address'),
  phone: OPTIONAL,
  title: OPTIONAL,
});

/** A step's answer: its outputs, or an error in words (functions.completeError). */
export type StepResult =
  | { kind: 'done'; outputs: Record<string, string | boolean> }
  | { kind: 'failed'; error: string }
  /** Another delivery of the same execution is running it, and will complete it: this one says nothing. */
  | { kind: 'running' };

const SettledSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('done'), outputs: z.record(z.string(), z.union([z.string(), z.boolean()])) }),
  z.object({ kind: z.literal('failed'), error: z.string() }),
]);

/** A zod failure as one line naming the input, for the workflow author. */
function inputError(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.join('.') || 'input';
  const message = issue?.message ?? 'is invalid';
  return message.startsWith(path) ? message : `${path}: ${message}`;
}

const fail = (error: string): StepResult => ({ kind: 'failed', error });
const done = (outputs: Record<string, string | boolean>): StepResult => ({ kind: 'done', outputs });

/** A thrown error (the vendor's, the store's) in words a workflow author can act on. */
export function stepFailure(error: unknown): StepResult {
  const { what, action } = explainError(error);
  return fail(`${what} ${action}`);
}

/**
 * Runs a writing step once per function execution: Slack delivers an event again when it saw no answer, and
 * the second delivery must not create a second record. A repeat gets the first one's answer once it has one.
 */
async function oncePerExecution(
  deps: OperationDeps,
  ws: Workspace,
  executionId: string,
  run: () => Promise<StepResult>,
): Promise<StepResult> {
  if (!executionId) return run();
  const key = `workflow-step:${executionId}`;
  const submissions = deps.store.submissions;
  if (!(await submissions.start(ws.key, key, 'running', {}))) {
    const seen = await submissions.get<unknown>(ws.key, key);
    const settled = SettledSchema.safeParse(seen?.state);
    return seen?.status === 'settled' && settled.success ? settled.data : { kind: 'running' };
  }
  let result: StepResult;
  try {
    result = await run();
  } catch (error) {
    result = stepFailure(error);
  }
  await submissions
    .transition(ws.key, key, ['running'], 'settled', result)
    .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not record a workflow step’s answer'));
  return result;
}

/** The one customer whose name is exactly `text` (letter case aside), if exactly one is. */
function namedExactly<T extends { name: string }>(customers: readonly T[], text: string): T | undefined {
  const wanted = text.trim().toLowerCase();
  const named = customers.filter((c) => c.name.trim().toLowerCase() === wanted);
  return named.length === 1 ? named[0] : undefined;
}

/** lookup_customer: `found` false (not an error) when nothing matches clearly. */
export async function lookupCustomerStep(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  raw: unknown,
  signal?: AbortSignal,
): Promise<StepResult> {
  const inputs = LookupInputsSchema.safeParse(raw);
  if (!inputs.success) return fail(inputError(inputs.error));
  try {
    const result = await lookupCustomer(deps, ws, actor, inputs.data.query, signal);
    if (result.kind === 'refused') return fail(result.message);
    // A list still names one customer when exactly one of them bears the query as its name (Acme Corporation
    // beside its duplicate Acme Corp.): a workflow asking for a name it knows must find it.
    const only = result.kind === 'many' ? namedExactly(result.matches, inputs.data.query) : undefined;
    const one = result.kind === 'one' ? result : only ? await customerDetail(ws, only.id, signal) : undefined;
    if (!one) return done({ found: false });
    const { customer, contacts } = one;
    const primary = primaryContactOf(customer, contacts);
    return done({
      found: true,
      customer_id: customer.id,
      customer_name: customer.name,
      domain: customer.domains[0] ?? '',
      phone: customer.phone ?? '',
      primary_contact_email: primary?.email ?? '',
      url: customer.url ?? '',
    });
  } catch (error) {
    return stepFailure(error);
  }
}

/**
 * create_customer: the onboarding (customer, its primary contact) with its duplicate check; a likely duplicate
 * fails the step unless `allow_duplicate`. `key` (the function execution id) makes a retried delivery idempotent.
 */
export function createCustomerStep(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  executionId: string,
  raw: unknown,
  signal?: AbortSignal,
): Promise<StepResult> {
  return oncePerExecution(deps, ws, executionId, () =>
    createCustomer(deps, ws, actor, executionId, raw, signal),
  );
}

async function createCustomer(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  key: string,
  raw: unknown,
  signal?: AbortSignal,
): Promise<StepResult> {
  const parsed = CreateInputsSchema.safeParse(raw);
  if (!parsed.success) return fail(inputError(parsed.error));
  const i = parsed.data;
  const wantsContact = Boolean(i.contact_first_name || i.contact_last_name || i.contact_email);
  if (wantsContact && ws.vendor.capabilities.contactEmailRequired && !i.contact_email)
    return fail(
      `contact_email is required: ${ws.vendor.capabilities.label} needs an email for every contact`,
    );
  if (wantsContact && ws.vendor.capabilities.contactLastNameRequired && !i.contact_last_name)
    return fail(
      `contact_last_name is required: ${ws.vendor.capabilities.label} needs a last name for every contact`,
    );
  const submission = await submitOnboarding(
    deps,
    ws,
    actor,
    {
      key: `workflow:${key}`,
      // A step carries no ids from an earlier connection: it acts on the one in use now.
      connection: ws.fingerprint,
      allowDuplicates: i.allow_duplicate,
      input: {
        customer: {
          name: i.name,
          ...(i.domain ? { domains: [i.domain.toLowerCase()] } : {}),
          ...(i.phone ? { phone: i.phone } : {}),
        },
        ...(wantsContact
          ? {
              contact: {
                firstName: i.contact_first_name ?? null,
                lastName: i.contact_last_name ?? null,
                email: i.contact_email?.toLowerCase() ?? null,
              },
            }
          : {}),
        customFields: {},
      },
    },
    // A workflow has time: the duplicate check may finish.
    20_000,
  );
  switch (submission.kind) {
    case 'refused':
      return fail(submission.message);
    case 'stale':
      return fail(
        'The workspace was reconnected to another account meanwhile; nothing was created. Run the step again.',
      );
    case 'repeat':
      return fail('This step was already run for this workflow execution; nothing was created twice.');
    case 'duplicates': {
      if (submission.unchecked)
        return fail('Could not check for duplicates in time; nothing was created. Run the step again.');
      const list = submission.duplicates
        .slice(0, 3)
        .map((d) => `${d.customer.name} (${d.reason})`)
        .join('; ');
      return fail(
        `${i.name} looks like a duplicate of ${list}. Nothing was created; set allow_duplicate to create it anyway.`,
      );
    }
    case 'accepted': {
      try {
        const result = await submission.run(async () => undefined, signal);
        const customer = result.customer;
        if (!customer) {
          const failed = result.state.steps.find((s) => s.status === 'failed');
          return fail(`Could not create ${i.name}: ${failed?.reason ?? 'the vendor refused it'}`);
        }
        // The customer was made but its contact was not: a success would let the next steps tell people the
        // contact is there. Fail, saying what was made (so nobody makes it twice) and what is left to do.
        const failedStep = result.state.steps.find((s) => s.status === 'failed');
        if (failedStep) {
          deps.logger.info({ step: failedStep.step }, 'workflow onboarding partly failed');
          return fail(
            `${customer.name} was created in ${ws.vendor.capabilities.label} (id ${customer.id}), but “${failedStep.label}” failed: ${failedStep.reason ?? 'the vendor refused it'}. Finish it with an "Add a contact" step or /contact add; running this step again would stop at the duplicate check.`,
          );
        }
        return done({ customer_id: customer.id, customer_name: customer.name, url: customer.url ?? '' });
      } catch (error) {
        return stepFailure(error);
      }
    }
  }
}

/** The customer a workflow names: an id, an exact name or a domain, resolved from the index. */
async function resolveCustomer(
  ws: Workspace,
  text: string,
  signal?: AbortSignal,
): Promise<{ id: string; name: string } | undefined> {
  await ws.index.ready();
  const byId = ws.index.getCustomer(text);
  if (byId?.active) return { id: byId.id, name: byId.name };
  const hits = ws.index.search(text, 5).filter((h) => h.customer.active);
  const exact = hits.filter((h) => h.match === 'exact' || h.match === 'domain');
  const spelled = namedExactly(
    exact.map((h) => h.customer),
    text,
  );
  const only = exact.length === 1 ? exact[0]?.customer : (spelled ?? clearWinner(exact)?.customer);
  if (only) return { id: only.id, name: only.name };
  // Not in the index: maybe an id the vendor knows.
  if (/^[\w-]{1,40}$/.test(text)) {
    const found = await customerDetail(ws, text, signal).catch(() => undefined);
    if (found?.customer.active) return { id: found.customer.id, name: found.customer.name };
  }
  return undefined;
}

/** add_contact: the customer by name, domain or id; the same duplicate-email check as the modal. */
export function addContactStep(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  executionId: string,
  raw: unknown,
  signal?: AbortSignal,
): Promise<StepResult> {
  return oncePerExecution(deps, ws, executionId, () => addOneContact(deps, ws, actor, raw, signal));
}

async function addOneContact(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  raw: unknown,
  signal?: AbortSignal,
): Promise<StepResult> {
  const parsed = AddContactInputsSchema.safeParse(raw);
  if (!parsed.success) return fail(inputError(parsed.error));
  const i = parsed.data;
  // Who may add is decided before the customer is looked for: a refused step must not say whether the customer
  // it names exists, nor have the index built or the vendor asked for it. Checked again at the write.
  const refused = await refuse(deps, ws.key, actor, 'create');
  if (refused) return fail(refused.message);
  try {
    const customer = await resolveCustomer(ws, i.customer, signal);
    if (!customer)
      return fail(`No single customer matches “${i.customer}”: give its exact name, its domain or its id.`);
    if (ws.vendor.capabilities.contactLastNameRequired && !i.last_name)
      return fail(
        `last_name is required: ${ws.vendor.capabilities.label} needs a last name for every contact`,
      );
    const fields = {
      firstName: i.first_name ?? null,
      lastName: i.last_name ?? null,
      email: i.email.toLowerCase(),
      phone: i.phone ?? null,
      title: i.title ?? null,
    };
    const check = await checkNewContact(deps, ws, actor, { fields, connection: ws.fingerprint }, 20_000);
    if (check.kind === 'refused') return fail(check.message);
    if (check.kind === 'duplicate')
      return fail(
        `${check.existing.fullName}${check.existing.customerName ? ` at ${check.existing.customerName}` : ''} already has the email ${fields.email}; nothing was added.`,
      );
    if (check.kind === 'stale') return fail('The workspace was reconnected; run the step again.');
    const added = await addContact(
      deps,
      ws,
      actor,
      // The customer was resolved just now, on the connection in use.
      { customerId: customer.id, fields, connection: ws.fingerprint },
      signal,
    );
    if (added.kind === 'refused') return fail(added.message);
    if (added.kind === 'failed') return stepFailure(added.error);
    if (added.kind === 'stale') return fail('The workspace was reconnected; run the step again.');
    return done({ contact_id: added.contact.id, customer_id: customer.id });
  } catch (error) {
    return stepFailure(error);
  }
}
