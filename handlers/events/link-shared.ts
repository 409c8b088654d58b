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
    // One line per event, whatever became of it: counts and ids only, never the links.
    const answered = (unfurled: number, why?: string) =>
      deps.logger.debug(
        { channel: e.channel, unfurlId: e.unfurl_id, unfurled, ...(why ? { why } : {}) },
        'link_shared answered',
      );
    const ws = await workspaceFor(deps, context);
    if (!ws) return answered(0, 'not connected');
    const poster = await actorFor(deps, client, context, { id: e.user });
    const allowed = await mayUnfurl(deps, ws, poster);
    if (!allowed) return answered(0, 'poster may not look up');
    const wanted: { url: string; id: string }[] = [];
    for (const link of e.links.slice(0, 10)) {
      const id = await customerIdOfLink(ws, link.url);
      if (id && !wanted.some((w) => w.url === link.url)) wanted.push({ url: link.url, id });
    }
    if (wanted.length === 0) return answered(0, 'no customer page of this account');
    const label = ws.vendor.capabilities.label;
    // A link seen in the composer (before it is posted) has no message yet: Slack names it by unfurl_id.
    const target =
      e.unfurl_id && e.source
        ? { unfurl_id: e.unfurl_id, source: e.source }
        : e.message_ts
          ? { channel: e.channel, ts: e.message_ts }
          : undefined;
    if (!target) return answered(0, 'nothing to attach the unfurl to');
    const send = async (unfurls: Record<string, Unfurl>) => {
      const count = Object.keys(unfurls).length;
      if (count === 0) return answered(0, 'customer not found');
      try {
        await client.chat.unfurl({ ...target, unfurls } as Parameters<typeof client.chat.unfurl>[0]);
        answered(count);
      } catch (error) {
        deps.logger.warn({ err: error, channel: e.channel }, 'chat.unfurl failed');
      }
    };
    // A warm index answers at once, with no queue slot and no vendor call.
    const fromIndex = wanted.map((w) => ({
      url: w.url,
      card: unfurlFromIndex(ws, w.id, allowed.withFields),
    }));
    const all = fromIndex.flatMap((w) =>
      w.card ? [[w.url, customerUnfurl(w.card, label, ws.fingerprint)] as const] : [],
    );
    if (all.length === wanted.length) return send(Object.fromEntries(all));
    const submitted = ws.queue.submit(
      async ({ signal }) => {
        const unfurls: Record<string, Unfurl> = {};
        for (const w of wanted) {
          const outcome = await unfurlCustomer(ws, w.id, allowed.withFields, signal);
          if (outcome.kind === 'card') unfurls[w.url] = customerUnfurl(outcome.card, label, ws.fingerprint);
        }
        await send(unfurls);
      },
      { user: poster.userId, requestId: poster.requestId },
    );
    // A busy bot leaves the link as it is: an unfurl is a nicety, not an answer anyone waits for.
    if (!submitted.accepted) answered(0, 'busy');
  });
}
