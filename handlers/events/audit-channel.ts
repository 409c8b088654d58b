// The optional audit channel (AUDIT_CHANNEL_ID): one line per write, posted as it is recorded.
import type { App } from '@slack/bolt';
import { auditText } from '../../blocks/audit-list.js';
import type { Services } from '../../src/services.js';
import { botClientFor } from '../support/bot-client.js';

export function registerAuditChannel(app: App, deps: Services): void {
  const channel = deps.config.auditChannelId;
  // One channel id belongs to one workspace: in OAuth mode each workspace would need its own (not offered yet).
  if (!channel || deps.config.slack.kind !== 'single') return;
  deps.store.audit.onAppend((entry) => {
    botClientFor(app, deps, entry.workspace)
      .then((client) => client?.chat.postMessage({ channel, text: auditText(entry), unfurl_links: false }))
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, workspace: entry.workspace }, 'could not post to the audit channel'),
      );
  });
}
