// What a create form needs from the vendor before a user fills it in: custom field definitions, the vendor's
// own required choices (Autotask type and owner, SuperOps site and role), and this workspace's last choices.
import { type CustomFieldDefinition, explainError } from '../domain/index.js';
import type { CreateChoice } from '../vendors/types.js';
import type { Workspace } from '../workspaces.js';
import {
  type Actor,
  type CarriedId,
  isStale,
  type OperationDeps,
  type Refused,
  refuse,
  type Stale,
} from './context.js';

export interface FormSetup {
  kind: 'ready';
  /** undefined when the vendor does not have them for this record kind. */
  definitions: CustomFieldDefinition[];
  choices: CreateChoice[];
  /** Choices made at this workspace's last onboarding, by key (preselected). */
  remembered: Record<string, string>;
  /** Why part of the form could not be loaded, in plain words (a vendor's among them): not yet escaped. */
  note?: string;
}

/** May the actor create here? Checked when a create form opens, and again when it is submitted. */
export function mayCreate(deps: OperationDeps, ws: Workspace, actor: Actor): Promise<Refused | undefined> {
  return refuse(deps, ws.key, actor, 'create');
}

/**
 * May the actor open an Add contact form, and for which customer? A card's Add contact button carries the
 * customer's id with the connection it came from: after a reconnect that id may name another company, so the form
 * is refused as stale before it opens. Without a card (a command, a shortcut) the ids are found now, on this
 * connection, and only the permission is asked.
 */
export async function contactFormAccess(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  card?: CarriedId,
): Promise<Refused | Stale | { kind: 'ready'; customer?: { id: string; name: string } }> {
  if (card && isStale(ws, card.connection)) return { kind: 'stale' };
  const refused = await mayCreate(deps, ws, actor);
  if (refused) return refused;
  const known = card ? ws.index.getCustomer(card.id) : undefined;
  return { kind: 'ready', ...(known ? { customer: { id: known.id, name: known.name } } : {}) };
}

/** What a create form loads from this vendor: its custom field definitions, and its required choices. */
function needs(ws: Workspace, target: 'customer' | 'contact') {
  const vendor = ws.vendor;
  const caps = vendor.capabilities;
  return {
    wantsFields: target === 'customer' ? caps.customFields : caps.contactCustomFields,
    choicesOf: target === 'customer' ? vendor.customerCreateChoices : vendor.contactCreateChoices,
  };
}

/** Whether a create form has anything to load (`onboardingSetup`, `newContactSetup`) before it is complete. */
export function formLoads(ws: Workspace, target: 'customer' | 'contact'): boolean {
  const { wantsFields, choicesOf } = needs(ws, target);
  return wantsFields || choicesOf !== undefined;
}

async function setup(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  target: 'customer' | 'contact',
  signal?: AbortSignal,
): Promise<Refused | FormSetup> {
  const refused = await mayCreate(deps, ws, actor);
  if (refused) return refused;
  const vendor = ws.vendor;
  const caps = vendor.capabilities;
  const { wantsFields, choicesOf } = needs(ws, target);
  const problems: string[] = [];
  // Where the vendor knows the technician as one of its users (an Autotask resource by email), the choices
  // may start from them (the new company's owner); an unknown email starts from the vendor's own defaults.
  const actAs =
    choicesOf && caps.impersonation && vendor.resolveActor && actor.email
      ? await vendor
          .resolveActor(actor.email, { signal })
          .then((found) => found?.id)
          .catch(() => undefined)
      : undefined;
  const [definitions, choices, settings] = await Promise.all([
    wantsFields
      ? vendor.listCustomFieldDefinitions({ signal }).then(
          (all) => all.filter((d) => d.target === target),
          (error: unknown) => {
            problems.push(`custom fields could not be loaded (${explainError(error).what})`);
            return [];
          },
        )
      : Promise.resolve([]),
    choicesOf
      ? choicesOf.call(vendor, { signal, actAs }).catch((error: unknown) => {
          problems.push(`${caps.label}’s required choices could not be loaded (${explainError(error).what})`);
          return [];
        })
      : Promise.resolve([]),
    deps.store.settings.get(ws.key),
  ]);
  return {
    kind: 'ready',
    definitions,
    choices,
    remembered: target === 'customer' ? settings.lastCreateChoices : {},
    ...(problems.length > 0 ? { note: `${problems.join('; ')}. You can set them later.` } : {}),
  };
}

export function onboardingSetup(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  signal?: AbortSignal,
): Promise<Refused | FormSetup> {
  return setup(deps, ws, actor, 'customer', signal);
}

export function newContactSetup(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  signal?: AbortSignal,
): Promise<Refused | FormSetup> {
  return setup(deps, ws, actor, 'contact', signal);
}

/** Remembers the choices of a successful onboarding, to preselect them next time in this workspace. */
export async function rememberChoices(
  deps: OperationDeps,
  workspace: string,
  choices: Record<string, string> | undefined,
): Promise<void> {
  if (!choices || Object.keys(choices).length === 0) return;
  const settings = await deps.store.settings.get(workspace);
  await deps.store.settings.put(workspace, {
    ...settings,
    lastCreateChoices: { ...settings.lastCreateChoices, ...choices },
  });
}
