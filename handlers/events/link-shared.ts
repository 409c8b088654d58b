// link_shared: a customer page of the workspace's own PSA account pasted in a channel unfurls into a compact
// card (chat.unfurl). Other accounts' links and other pages are left alone. Bolt has already acked the event.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { customerUnfurl, type Unfurl } from '../../blocks/customer-unfurl.js';
import {
  customerIdOfLink,
  mayUnfurl,
  unfurlCustomer,
  unfurlFromIndex,
} from '../../src/operations/unfurls.js';
import type { Services } from '../../src/services.js';
import { actorFor } from '../support/actor.js';
import { workspaceFor } from '../support/workspace.js';

const LinkSharedSchema = z.object({
  channel: z.string(),
  message_ts: z.string().optional(),
  unfurl_id: z.string().optional(),
  source: z.string().optional(),
  user: z.string(),
  links: z.array(z.object({ url: z.string().max(3000), domain: z.string().optional() })).max(20),
});

export function registerLinkShared(app: App, deps: Services): void {
  app.event('link_shared', async ({ event, client, context }) => {
    const parsed = LinkSharedSchema.safeParse(event);
    if (!parsed.success) return;
    const e = parsed.data;
    const ws = await workspaceFor(deps, context);
    if (!ws) return;
    const poster = await actorFor(deps, client, context, { id: e.user });
    const allowed = await mayUnfurl(deps, ws, poster);
    if (!allowed) return;
    const wanted: { url: string; id: string }[] = [];
    for (const link of e.links.slice(0, 10)) {
      const id = await customerIdOfLink(ws, link.url);
      if (id) wanted.push({ url: link.url, id });
    }
    if (wanted.length === 0) return;
    const label = ws.vendor.capabilities.label;
    const target =
      e.unfurl_id && e.source
        ? { unfurl_id: e.unfurl_id, source: e.source }
        : { channel: e.channel, ts: e.message_ts ?? '' };
    const send = (unfurls: Record<string, Unfurl>) =>
      Object.keys(unfurls).length > 0
        ? client.chat.unfurl({ ...target, unfurls } as Parameters<typeof client.chat.unfurl>[0])
        : undefined;
    // A warm index answers at once, with no queue slot.
    const fromIndex = wanted.map((w) => ({ ...w, card: unfurlFromIndex(ws, w.id, allowed.withFields) }));
    if (fromIndex.every((w) => w.card)) {
      await send(
        Object.fromEntries(
          fromIndex.map((w) => [w.url, customerUnfurl(w.card as NonNullable<typeof w.card>, label)]),
        ),
      );
      return;
    }
    ws.queue.submit(
      async ({ signal }) => {
        const unfurls: Record<string, Unfurl> = {};
        for (const w of wanted) {
          const outcome = await unfurlCustomer(ws, w.id, allowed.withFields, signal);
          if (outcome.kind === 'card') unfurls[w.url] = customerUnfurl(outcome.card, label);
        }
        await send(unfurls);
      },
      { user: poster.userId, requestId: poster.requestId },
    );
  });
}
