// link_shared: a customer page of the workspace's own PSA account pasted in a channel unfurls into a compact
// card (chat.unfurl); what unfurls is the operation's call (src/operations/unfurls.ts). Bolt has already acked
// the event.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { customerUnfurl, type Unfurl } from '../../blocks/customer-unfurl.js';
import { type UnfurlCards, unfurlsFor } from '../../src/operations/unfurls.js';
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
    // A link seen in the composer (before it is posted) has no message yet: Slack names it by unfurl_id.
    const target =
      e.unfurl_id && e.source
        ? { unfurl_id: e.unfurl_id, source: e.source }
        : e.message_ts
          ? { channel: e.channel, ts: e.message_ts }
          : undefined;
    if (!target) return answered(0, 'nothing to attach the unfurl to');
    const ws = await workspaceFor(deps, context);
    if (!ws) return answered(0, 'not connected');
    const poster = await actorFor(deps, client, context, { id: e.user });
    const plan = await unfurlsFor(
      deps,
      ws,
      poster,
      e.links.map((l) => l.url),
    );
    if (plan.kind === 'skip') return answered(0, plan.why);
    const send = async (cards: UnfurlCards) => {
      if (cards.size === 0) return answered(0, 'customer not found');
      const label = ws.vendor.capabilities.label;
      const unfurls: Record<string, Unfurl> = {};
      for (const [url, card] of cards) unfurls[url] = customerUnfurl(card, label, ws.fingerprint);
      try {
        await client.chat.unfurl({ ...target, unfurls } as Parameters<typeof client.chat.unfurl>[0]);
        answered(cards.size);
      } catch (error) {
        deps.logger.warn({ err: error, channel: e.channel }, 'chat.unfurl failed');
      }
    };
    if (plan.kind === 'ready') return send(plan.cards);
    const submitted = ws.queue.submit(async ({ signal }) => send(await plan.read(signal)), {
      user: poster.userId,
      requestId: poster.requestId,
    });
    // A busy bot leaves the link as it is: an unfurl is a nicety, not an answer anyone waits for.
    if (!submitted.accepted) answered(0, 'busy');
  });
}
