// /customer audit: the latest writes, newest first, with who, what, and how it went.
import type { KnownBlock } from '@slack/types';
import { ACTIONS } from './actions.js';
import type { Message } from './message.js';
import { mrkdwn, safeText, slackDate, truncate, userMention } from './mrkdwn.js';

/** An audit row as this view needs it (the store's entries have these fields). */
export interface AuditLine {
  at: number;
  userId: string;
  action: 'create' | 'update' | 'delete' | 'deactivate' | 'restore' | 'export' | 'recreate' | 'settings';
  entityType: string;
  entityName: string | null;
  changes: Record<string, [unknown, unknown]>;
  outcome: 'ok' | 'failed';
  error: string | null;
  details?: {
    attributedTo?: string | undefined;
    archiveId?: string | undefined;
    via?: 'workflow' | undefined;
  };
}

const VERB = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  deactivate: 'deactivated',
  restore: 'restored',
  export: 'exported',
  recreate: 'recreated',
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
  const via = e.details?.via === 'workflow' ? ' via a workflow' : '';
  const credited = e.details?.attributedTo ? ` · credited to ${safeText(e.details.attributedTo, 120)}` : '';
  const archive = e.details?.archiveId && e.action !== 'create' ? ' · archive kept' : '';
  const recreated = e.details?.archiveId && e.action === 'create' ? ' from an archive' : '';
  return `${slackDate(new Date(e.at).toISOString())} ${userMention(e.userId)}${via} ${VERB[e.action]} ${what}${recreated}${changed ? ` (${changed})` : ''}${failed}${credited}${archive}`;
}

/** Whether an entry offers "Recreate from archive": a customer delete (or deactivation) that kept one. */
const recreatable = (e: AuditLine) =>
  e.outcome === 'ok' &&
  e.entityType === 'customer' &&
  (e.action === 'delete' || e.action === 'deactivate') &&
  Boolean(e.details?.archiveId);

export function auditList(
  entries: readonly AuditLine[],
  scope: { mine: boolean; query: string; isAdmin?: boolean },
): Message {
  const title = `${scope.mine ? 'Your latest changes' : 'Latest changes'}${scope.query ? ` to “${safeText(scope.query, 100)}”` : ''}`;
  if (entries.length === 0) {
    return {
      response_type: 'ephemeral',
      text: `${title}: none yet.`,
      blocks: [{ type: 'section', text: mrkdwn(`*${title}*\nNothing yet.`) }],
    };
  }
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(`*${title}*`) }];
  for (const entry of entries.slice(0, 40)) {
    const archiveId = entry.details?.archiveId;
    blocks.push({
      type: 'section',
      text: mrkdwn(auditText(entry)),
      ...(scope.isAdmin && recreatable(entry) && archiveId
        ? {
            accessory: {
              type: 'button' as const,
              action_id: ACTIONS.archiveRecreate,
              text: { type: 'plain_text' as const, text: 'Recreate from archive' },
              value: archiveId,
              confirm: {
                title: { type: 'plain_text' as const, text: 'Recreate this customer?' },
                text: mrkdwn(
                  'A new customer is created with the archived fields, contacts and custom values, with new ids. Devices and tickets do not come back.',
                ),
                confirm: { type: 'plain_text' as const, text: 'Recreate' },
                deny: { type: 'plain_text' as const, text: 'Cancel' },
              },
            },
          }
        : {}),
    });
  }
  if (scope.mine)
    blocks.push({ type: 'context', elements: [mrkdwn('Admins see everyone’s changes; you see your own.')] });
  // `title` is already escaped.
  return { response_type: 'ephemeral', text: truncate(`${title}: ${entries.length} entries`, 300), blocks };
}
