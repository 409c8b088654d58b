// The few answers every listener gives the same way: refused, stale after a reconnect, gone; and the card
// options a workspace's vendor and key imply.
import type { CardOptions } from '../../blocks/customer-card.js';
import { type Message, notice } from '../../blocks/message.js';
import { keyPermissions } from '../../src/operations/connect.js';
import { STALE_WORDS } from '../../src/operations/context.js';
import type { Services } from '../../src/services.js';
import type { Workspace } from '../../src/workspaces.js';

/** A refusal from an operation (its words say who can, and whom to ask; they hold mentions, not user text). */
export const refusedText = (r: { message: string }): string => `:no_entry: ${r.message}`;
export const refusedNotice = (r: { message: string }): Message => notice(refusedText(r));

/** Ids carried from before a reconnect: in a modal's status line, or as a message. */
export const STALE_TEXT = `:warning: ${STALE_WORDS}`;
export const STALE = notice(STALE_TEXT);

/** A record the vendor no longer has: in a modal's status line, or as a message (which says what to do). */
export const GONE_TEXT = 'That record no longer exists: it was deleted.';
export const GONE = notice(`${GONE_TEXT} Search again to find what is there now.`);

/**
 * How a card looks on this workspace's vendor: its label, what Delete does, whether the key may delete; and the
 * connection its buttons carry with the id, so a click after a reconnect to another account is refused as stale.
 */
export async function cardOptions(deps: Services, ws: Workspace): Promise<CardOptions> {
  const caps = ws.vendor.capabilities;
  const permissions = await keyPermissions(deps, ws.key);
  return {
    vendorLabel: caps.label,
    connection: ws.fingerprint,
    removal: caps.customerRemoval,
    ...(permissions ? { keyMayDelete: permissions.delete } : {}),
  };
}
