// /customer audit: the latest writes, newest first, with who, what, and how it went.
import type { KnownBlock } from '@slack/types';
import type { Message } from './message.js';
import { mrkdwn, safeText, slackDate, truncate, userMention } from './mrkdwn.js';

/** An audit row as this view needs it (the store's entries have these fields). */
export interface AuditLine {
  at: number;
  userId: string;
  action: 'create' | 'update' | 'delete' | 'settings';
  entityType: string;
  entityName: string | null;
  changes: Record<string, [unknown, unknown]>;
  outcome: 'ok' | 'failed';
  error: string | null;
}

const VERB = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  settings: 'changed the settings of',
} as const;
const NOUN: Record<string, string> = {
  customer: 'customer',
  contact: 'contact',
  custom_field: 'custom fields of',
  connection: 'vendor connection',
  settings: 'workspace',
};

const show = (v: unknown) =>
  v === null || v === undefined || v === ''
    ? '∅'
    : safeText(typeof v === 'string' ? v : JSON.stringify(v), 60);

/** One line of plain words; used by the list and by the audit channel. */
export function auditText(e: AuditLine): string {
  const failed = e.outcome === 'failed' ? ` :x: failed${e.error ? `: ${safeText(e.error, 150)}` : ''}` : '';
  const what =
    e.action === 'settings'
      ? (NOUN[e.entityType] ?? e.entityType)
      : `${NOUN[e.entityType] ?? e.entityType}${e.entityName ? ` *${safeText(e.entityName, 100)}*` : ''}`;
  const changed = Object.entries(e.changes)
    .filter(
      ([, [before, after]]) => e.action === 'update' && JSON.stringify(before) !== JSON.stringify(after),
    )
    .slice(0, 5)
    .map(([field, [before, after]]) => `${safeText(field, 40)}: ${show(before)} → ${show(after)}`)
    .join('; ');
  return `${slackDate(new Date(e.at).toISOString())} ${userMention(e.userId)} ${VERB[e.action]} ${what}${changed ? ` (${changed})` : ''}${failed}`;
}

export function auditList(entries: readonly AuditLine[], scope: { mine: boolean; query: string }): Message {
  const title = `${scope.mine ? 'Your latest changes' : 'Latest changes'}${scope.query ? ` to “${safeText(scope.query, 100)}”` : ''}`;
  if (entries.length === 0) {
    return {
      response_type: 'ephemeral',
      text: `${title}: none yet.`,
      blocks: [{ type: 'section', text: mrkdwn(`*${title}*\nNothing yet.`) }],
    };
  }
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(`*${title}*`) }];
  for (const entry of entries.slice(0, 40)) blocks.push({ type: 'section', text: mrkdwn(auditText(entry)) });
  if (scope.mine)
    blocks.push({ type: 'context', elements: [mrkdwn('Admins see everyone’s changes; you see your own.')] });
  // `title` is already escaped.
  return { response_type: 'ephemeral', text: truncate(`${title}: ${entries.length} entries`, 300), blocks };
}
