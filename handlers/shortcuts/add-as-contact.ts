// The message shortcut "Add as contact": the contact modal, opened inside 3 seconds with the shortcut's
// trigger_id, pre-filled from a pasted email signature or else from the message's author; nothing is created
// until the user submits.
import type { App } from '@slack/bolt';
import { SHORTCUTS } from '../../blocks/actions.js';
import { splitName } from '../../src/domain/index.js';
import { customerOfEmail } from '../../src/operations/lookups.js';
import { signatureIn } from '../../src/operations/message-clues.js';
import type { Services } from '../../src/services.js';
import { actorFor, personOf } from '../support/actor.js';
import { openContactModal } from '../support/modals.js';
import { workspaceFor } from '../support/workspace.js';
import { MessageShortcutSchema } from './find-customer.js';

export function registerAddAsContact(app: App, deps: Services): void {
  app.shortcut(SHORTCUTS.addAsContact, async ({ shortcut, ack, client, context }) => {
    await ack();
    const s = MessageShortcutSchema.safeParse(shortcut);
    if (!s.success) return;
    const ws = await workspaceFor(deps, context);
    if (!ws) return;
    const signed = signatureIn(s.data.message.text);
    const [actor, author] = await Promise.all([
      actorFor(deps, client, context, { id: s.data.user.id, name: s.data.user.name }),
      !signed && s.data.message.user ? personOf(deps, client, context, s.data.message.user) : undefined,
    ]);
    const fromAuthor = author ? { ...splitName(author.name), email: author.email ?? null } : undefined;
    // A mobile goes in the form's Mobile where the vendor keeps one, else it is the phone.
    const hasMobile = ws.vendor.capabilities.contactFields?.includes('mobile') ?? true;
    const prefill = signed
      ? {
          firstName: signed.firstName,
          lastName: signed.lastName,
          title: signed.title,
          email: signed.email,
          phone: signed.phone ?? (hasMobile ? null : signed.mobile),
          mobile: hasMobile ? signed.mobile : null,
        }
      : fromAuthor;
    await openContactModal(deps, client, {
      ws,
      actor,
      triggerId: s.data.trigger_id,
      customer: customerOfEmail(ws, prefill?.email),
      meta: { channelId: s.data.channel?.id, responseUrl: s.data.response_url, origin: 'shortcut' },
      ...(prefill ? { prefill } : {}),
      note: signed
        ? 'Filled in from the signature in the message: check it before adding.'
        : fromAuthor
          ? 'Filled in from the message’s author: check it before adding.'
          : 'Nothing to fill in from that message.',
    });
  });
}
