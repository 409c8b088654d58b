// Sends an archive (JSON and CSV) by direct message: customer data never goes into a channel.
import type { webApi } from '@slack/bolt';
import { safeText } from '../../blocks/mrkdwn.js';
import type { Logger } from '../../src/logger.js';
import type { KeptArchive } from '../../src/operations/archives.js';

/**
 * Uploads the archive's two files into a DM with each user (once per user); true when every DM got them.
 * `why` opens the message ("Archive of Acme Corporation, kept before its delete").
 */
export async function sendArchive(
  client: webApi.WebClient,
  userIds: readonly string[],
  kept: KeptArchive,
  why: string,
  logger: Logger,
): Promise<boolean> {
  let all = true;
  for (const user of [...new Set(userIds)]) {
    try {
      const dm = await client.conversations.open({ users: user });
      const channel = dm.channel?.id;
      if (!channel) throw new Error('no DM channel');
      await client.files.uploadV2({
        channel_id: channel,
        initial_comment: `${safeText(why, 500)} Kept for ${Math.round((kept.archive.expiresAt - kept.archive.createdAt) / 86_400_000)} days.`,
        file_uploads: [
          { file: Buffer.from(kept.files.json, 'utf8'), filename: `${kept.files.baseName}.json` },
          { file: Buffer.from(kept.files.csv, 'utf8'), filename: `${kept.files.baseName}.csv` },
        ],
      });
    } catch (error) {
      all = false;
      logger.warn({ err: error, user, archive: kept.archive.id }, 'could not send an archive by DM');
    }
  }
  return all;
}
