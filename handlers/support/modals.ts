// Opening modals inside Slack's 3 seconds: each opens at once with the trigger_id (it dies in 3 s and works
// once), then is filled by views.update once the permission and the vendor's answers are in. Commands, buttons
// and shortcuts all open them from here, so no listener folder imports another.

import { randomUUID } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { type ContactFormFields, contactModal } from '../../blocks/contact-modal.js';
import { customerEditModal } from '../../blocks/customer-form.js';
import { safeText } from '../../blocks/mrkdwn.js';
import { onboardingModal } from '../../blocks/onboarding.js';
import { loadingModal, statusModal } from '../../blocks/status-modal.js';
import { type CustomFieldDefinition, explainError } from '../../src/domain/index.js';
import type { Actor, CarriedId, Refused, Stale } from '../../src/operations/context.js';
import { loadContactEdit, loadCustomerEdit } from '../../src/operations/edits.js';
import {
  contactFormAccess,
  formLoads,
  mayCreate,
  newContactSetup,
  onboardingSetup,
} from '../../src/operations/form-setup.js';
import type { Services } from '../../src/services.js';
import type { CreateChoice } from '../../src/vendors/types.js';
import type { Workspace } from '../../src/workspaces.js';
import { encodeMetadata, type ModalMetadata } from '../forms/metadata.js';
import { GONE_TEXT, refusedText, STALE_TEXT } from './answers.js';
import { contactModalOptions } from './vendor-forms.js';

/** Updates a modal, but never over a newer view (the hash); a user who already moved on keeps theirs. */
async function fill(
  deps: Services,
  client: webApi.WebClient,
  viewId: string,
  hash: string | undefined,
  view: ModalView,
): Promise<void> {
  try {
    await client.views.update({ view_id: viewId, ...(hash ? { hash } : {}), view });
  } catch (error) {
    deps.logger.debug({ err: error }, 'a modal changed before it could be filled');
  }
}

/**
 * Loads what a just-opened modal still needs in the workspace's queue and fills it in; when the queue will not
 * take the job, the modal gets `busy` instead, so it never waits for nothing.
 */
function fillLater(
  deps: Services,
  client: webApi.WebClient,
  o: { ws: Workspace; actor: Actor },
  opened: { id: string; hash: string | undefined },
  load: (signal: AbortSignal) => Promise<ModalView | undefined>,
  busy: ModalView,
): Promise<void> | undefined {
  const submitted = o.ws.queue.submit(
    async ({ signal }) => {
      const view = await load(signal);
      if (view) await fill(deps, client, opened.id, opened.hash, view);
    },
    { user: o.actor.userId, requestId: o.actor.requestId },
  );
  return submitted.accepted ? undefined : fill(deps, client, opened.id, opened.hash, busy);
}

const BUSY_NOTE = 'The bot is busy; custom fields can be set later from the card.';

/** Why a form came without part of what it loads: plain words (a vendor's among them), escaped here, once. */
const setupNote = (words: string) => `:warning: ${safeText(words, 500)}`;

export interface OpenContactModal {
  ws: Workspace;
  actor: Actor;
  triggerId: string;
  /** The customer to pre-select, found now (a command, a shortcut) on the connection in use. */
  customer?: { id: string; name: string } | undefined;
  /**
   * Or the customer's id as a card's Add contact button carried it, with the connection it came from: the form
   * is bound to that connection (its metadata's), and refused as stale when it is not the workspace's now.
   */
  card?: CarriedId;
  meta: ModalMetadata;
  /** What a shortcut read from a message (the author, a signature). */
  prefill?: Partial<ContactFormFields>;
  /** Where the pre-fill came from, said above the form. Already escaped. */
  note?: string;
}

/** The Add contact modal: opened at once, then given its custom fields and the vendor's choices. */
export async function openContactModal(
  deps: Services,
  client: webApi.WebClient,
  o: OpenContactModal,
): Promise<void> {
  // The ids a form carries come from the card's connection where a card opened it, else from the one in use now.
  const meta = encodeMetadata({ ...o.meta, connection: o.card ? o.card.connection : o.ws.fingerprint });
  let customer = o.customer;
  const view = (setup?: { definitions: CustomFieldDefinition[]; choices: CreateChoice[]; note?: string }) =>
    contactModal({
      ...contactModalOptions(o.ws.vendor.capabilities, { adding: true }),
      ...(customer ? { customer } : {}),
      ...(o.prefill ? { values: o.prefill } : {}),
      ...(o.note ? { note: o.note } : {}),
      customFields: setup ? setup.definitions : o.ws.vendor.capabilities.contactCustomFields ? undefined : [],
      ...(setup?.choices ? { choices: setup.choices } : {}),
      ...(setup?.note ? { customFieldsNote: setupNote(setup.note) } : {}),
      privateMetadata: meta,
    });
  // The permission first (a settings read; Slack's word on the person is already in): the modal carries the
  // customer it pre-selects and what was read of a message's author, which someone refused must never be shown,
  // not even for the moment before a refusal would replace it. A stale card opens no form either.
  const access = await contactFormAccess(deps, o.ws, o.actor, o.card);
  if (access.kind !== 'ready') {
    await client.views.open({
      trigger_id: o.triggerId,
      view: statusModal('Add contact', access.kind === 'stale' ? STALE_TEXT : refusedText(access)),
    });
    return;
  }
  customer = access.customer ?? customer;
  const opened = await client.views.open({ trigger_id: o.triggerId, view: view() });
  const viewId = opened.view?.id;
  if (!viewId) return;
  if (!formLoads(o.ws, 'contact')) return;
  await fillLater(
    deps,
    client,
    o,
    { id: viewId, hash: opened.view?.hash },
    async (signal) => {
      const setup = await newContactSetup(deps, o.ws, o.actor, signal);
      return setup.kind === 'refused' ? undefined : view(setup);
    },
    view({ definitions: [], choices: [], note: BUSY_NOTE }),
  );
}

export interface OpenOnboarding {
  ws: Workspace;
  actor: Actor;
  triggerId: string;
  /** The company name typed in the command or found in a message. */
  name: string;
  meta: Omit<ModalMetadata, 'key' | 'name'>;
}

/**
 * The onboarding modal: opened at once with the trigger_id, then its custom fields and the vendor's required
 * choices are loaded in the queue and filled in (with the view's hash, so a newer view is never overwritten).
 */
export async function openOnboardingModal(
  deps: Services,
  client: webApi.WebClient,
  o: OpenOnboarding,
): Promise<void> {
  const caps = o.ws.vendor.capabilities;
  const meta = encodeMetadata({
    ...o.meta,
    key: randomUUID(),
    name: o.name.slice(0, 200),
    connection: o.ws.fingerprint,
  });
  const needsLoading = formLoads(o.ws, 'customer');
  const modal = (loaded?: Awaited<ReturnType<typeof onboardingSetup>> & { kind: 'ready' }) =>
    onboardingModal({
      name: o.name,
      supported: caps.customerFields,
      contactEmailRequired: caps.contactEmailRequired,
      contactLastNameRequired: caps.contactLastNameRequired ?? false,
      contactFields: caps.contactFields,
      personCustomers: caps.personCustomers,
      customFields: loaded ? loaded.definitions : needsLoading ? undefined : [],
      ...(loaded ? { choices: loaded.choices, remembered: loaded.remembered } : {}),
      ...(loaded?.note ? { customFieldsNote: setupNote(loaded.note) } : {}),
      userTz: o.actor.tz,
      privateMetadata: meta,
    });
  const [opened, refused] = await Promise.all([
    client.views.open({ trigger_id: o.triggerId, view: modal() }),
    mayCreate(deps, o.ws, o.actor),
  ]);
  const viewId = opened.view?.id;
  if (!viewId) return;
  if (refused)
    return fill(deps, client, viewId, undefined, statusModal('New customer', refusedText(refused)));
  if (!needsLoading) return;
  await fillLater(
    deps,
    client,
    o,
    { id: viewId, hash: opened.view?.hash },
    async (signal) => {
      const setup = await onboardingSetup(deps, o.ws, o.actor, signal).catch((error: unknown) => ({
        kind: 'ready' as const,
        definitions: [],
        choices: [],
        remembered: {},
        note: `${explainError(error).what} ${explainError(error).action} You can set custom fields later.`,
      }));
      return setup.kind === 'refused' ? undefined : modal(setup);
    },
    modal({ kind: 'ready', definitions: [], choices: [], remembered: {}, note: BUSY_NOTE }),
  );
}

export interface OpenEdit {
  ws: Workspace;
  actor: Actor;
  triggerId: string;
  /**
   * Which record, as a card's Edit button carried it (with the connection its id came from): the modal loads it
   * as the vendor holds it now, or says it is stale after a reconnect to another account.
   */
  target: { type: 'customer' | 'contact' } & CarriedId;
  meta: ModalMetadata;
}

/** Edit modals: a loading view at once, then the record as the vendor holds it now (or why not). */
export async function openEditModal(deps: Services, client: webApi.WebClient, o: OpenEdit): Promise<void> {
  const title = o.target.type === 'customer' ? 'Edit customer' : 'Edit contact';
  const opened = await client.views.open({ trigger_id: o.triggerId, view: loadingModal(title) });
  const viewId = opened.view?.id;
  if (!viewId) return;
  const show = (view: ModalView) => client.views.update({ view_id: viewId, view });
  const caps = o.ws.vendor.capabilities;
  const { id } = o.target;
  /** A load that did not find a record to edit (or may not, or must not: a stale card), said in the modal. */
  const unloaded = (loaded: Refused | Stale | { kind: 'gone' }) =>
    statusModal(
      title,
      loaded.kind === 'refused' ? refusedText(loaded) : loaded.kind === 'stale' ? STALE_TEXT : GONE_TEXT,
    );
  const editView = async (signal: AbortSignal): Promise<ModalView> => {
    if (o.target.type === 'customer') {
      const loaded = await loadCustomerEdit(deps, o.ws, o.actor, o.target, signal);
      if (loaded.kind !== 'ready') return unloaded(loaded);
      return customerEditModal(loaded.record, {
        supported: caps.customerFields,
        unclearable: caps.unclearableCustomerFields,
        customFields: loaded.definitions,
        privateMetadata: encodeMetadata({ ...o.meta, customerId: id, connection: loaded.connection }),
      });
    }
    const loaded = await loadContactEdit(deps, o.ws, o.actor, o.target, signal);
    if (loaded.kind !== 'ready') return unloaded(loaded);
    return contactModal({
      ...contactModalOptions(caps, { adding: false }),
      contact: loaded.record,
      customFields: loaded.definitions,
      privateMetadata: encodeMetadata({ ...o.meta, contactId: id, connection: loaded.connection }),
    });
  };
  const submitted = o.ws.queue.submit(
    async ({ signal }) => {
      try {
        await show(await editView(signal));
      } catch (error) {
        const { what, action } = explainError(error);
        await show(statusModal(title, `:warning: ${safeText(`${what} ${action}`, 2000)}`));
      }
    },
    { user: o.actor.userId, requestId: o.actor.requestId },
  );
  if (!submitted.accepted) await show(statusModal(title, submitted.error.message));
}
