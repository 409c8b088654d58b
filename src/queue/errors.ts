// The typed refusals of a work queue: busy, shutting down, or removed with its workspace.
export type QueueRefusal = 'full' | 'shutting_down' | 'removed';

const MESSAGES: Record<QueueRefusal, string> = {
  full: 'The bot is busy for this workspace; try again in a moment.',
  shutting_down: 'The bot is restarting; try again in a minute.',
  removed: 'This workspace is no longer connected.',
};

/** Raised at once instead of letting a backlog grow: the handler turns it into "busy, try again". */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  readonly reason: QueueRefusal;
  readonly workspace: string;
  /** `full`: how long the job would have waited (what the refusal was decided on), when it was estimated. */
  readonly expectedWaitMs: number | undefined;

  constructor(reason: QueueRefusal, workspace: string, details: { expectedWaitMs?: number } = {}) {
    super(MESSAGES[reason]);
    this.reason = reason;
    this.workspace = workspace;
    this.expectedWaitMs = details.expectedWaitMs;
  }
}

export function isQueueFullError(error: unknown): error is QueueFullError {
  return error instanceof QueueFullError;
}
