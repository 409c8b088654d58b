// The duplicates report as one page of an answer, for the command and for its Previous/Next buttons alike.
import { duplicatesReport } from '../../blocks/duplicates-report.js';
import type { Message } from '../../blocks/message.js';
import type { Actor } from '../../src/operations/context.js';
import { findLikelyDuplicates } from '../../src/operations/duplicates.js';
import type { Services } from '../../src/services.js';
import type { Workspace } from '../../src/workspaces.js';
import { refusedNotice } from './answers.js';

export async function duplicatesAnswer(
  deps: Services,
  ws: Workspace,
  actor: Actor,
  page: number,
  signal: AbortSignal,
): Promise<Message> {
  const found = await findLikelyDuplicates(deps, ws, actor, signal);
  if (found.kind === 'refused') return refusedNotice(found);
  return duplicatesReport(found.report, {
    vendorLabel: ws.vendor.capabilities.label,
    connection: ws.fingerprint,
    page,
    canDelete: found.mayDelete,
    removal: ws.vendor.capabilities.customerRemoval,
  });
}
