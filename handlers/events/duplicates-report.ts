// The weekly duplicates report: posted with the bot's own client to the channel an admin chose on the Home tab,
// only when the list changed since the last one posted there. Stopped when the app closes.
import type { App } from '@slack/bolt';
import { duplicatesReport } from '../../blocks/duplicates-report.js';
import { startDuplicatesReporter } from '../../src/operations/duplicates.js';
import type { Services } from '../../src/services.js';
import { botClientFor } from '../support/bot-client.js';
import { slackError } from '../support/delete-messages.js';

/** How often to look for workspaces that are due (default every three hours), and the clock; tests pass both. */
export interface ReportTiming {
  everyMs?: number;
  now?: () => number;
}

export function registerDuplicatesReport(app: App, deps: Services, timing: ReportTiming = {}): void {
  const stop = startDuplicatesReporter(
    timing.now ? { ...deps, now: timing.now } : deps,
    (key) => deps.workspaces.get(key),
    async (ws, channel, report) => {
      const client = await botClientFor(app, deps, ws.key);
      // Thrown, so the look is not remembered and the report is tried again next time.
      if (!client) throw new Error('no bot token for the workspace');
      const { response_type: _t, ...message } = duplicatesReport(report, {
        vendorLabel: ws.vendor.capabilities.label,
        connection: ws.fingerprint,
        page: 0,
        posted: true,
      });
      try {
        await client.chat.postMessage({ ...message, channel, unfurl_links: false });
      } catch (error) {
        // Public channels take the post without an invitation (chat:write.public); a private one needs one.
        if (slackError(error) === 'not_in_channel')
          deps.logger.warn(
            { workspace: ws.key, channel },
            'the weekly duplicates report cannot be posted until the bot is invited to its channel',
          );
        throw error;
      }
      deps.logger.info({ workspace: ws.key, pairs: report.pairs.length }, 'weekly duplicates report posted');
    },
    timing.everyMs,
  );
  deps.onClose(stop);
}
