// The kinds of failure a vendor call can end in, and the one place they are turned into words for a user.
import { z } from 'zod';

export const VendorErrorKindSchema = z.enum([
  'not_found',
  'validation',
  /** The vendor refused because other records still depend on this one (Autotask: a contact on tickets). */
  'conflict',
  'auth',
  'forbidden',
  'rate_limited',
  'unavailable',
  'timeout',
  'bad_response',
]);
export type VendorErrorKind = z.infer<typeof VendorErrorKindSchema>;

export interface VendorErrorDetails {
  /** Display name of the vendor ("Atera"), used in explanations. */
  vendor: string;
  /** HTTP status, when there was a response. */
  status?: number;
  /** Field-level validation messages keyed by domain field name (`email`, `name`, ...). */
  fields?: Record<string, string>;
  /** How long the vendor asked us to wait, for `rate_limited` and some `unavailable`. */
  retryAfterMs?: number;
  /** Where a response failed its schema (`items.3.CustomerID`), for `bad_response`. */
  path?: string;
  cause?: unknown;
}

/** A vendor call that failed in a known way. The message is the vendor's (or ours); never a secret. */
export class VendorError extends Error {
  override readonly name = 'VendorError';
  readonly kind: VendorErrorKind;
  readonly vendor: string;
  readonly status: number | undefined;
  readonly fields: Record<string, string>;
  readonly retryAfterMs: number | undefined;
  readonly path: string | undefined;

  constructor(kind: VendorErrorKind, message: string, details: VendorErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.vendor = details.vendor;
    this.status = details.status;
    this.fields = details.fields ?? {};
    this.retryAfterMs = details.retryAfterMs;
    this.path = details.path;
  }
}

export function isVendorError(error: unknown, kind?: VendorErrorKind): error is VendorError {
  return error instanceof VendorError && (kind === undefined || error.kind === kind);
}

export interface Explanation {
  /** What happened, in one sentence. */
  what: string;
  /** What the user can do about it. */
  action: string;
}

/** Words for a user: what happened and what to do. The only place an error kind becomes prose. */
export function explainError(error: unknown): Explanation {
  if (!(error instanceof VendorError)) {
    return {
      what: 'Something went wrong on our side.',
      action: 'Try again; if it keeps happening, tell your Slack admin.',
    };
  }
  const v = error.vendor;
  switch (error.kind) {
    case 'not_found':
      return {
        what: `${v} has no such record: it may have been deleted.`,
        action: 'Search again to find the current record.',
      };
    case 'validation': {
      const fieldText = Object.values(error.fields).join('; ');
      return {
        what: `${v} did not accept the change: ${fieldText || error.message}`,
        action: 'Correct the highlighted fields and submit again.',
      };
    }
    case 'conflict':
      return {
        what: `${v} refused: ${error.message}`,
        action: 'Deal with what still depends on the record first, or deactivate it instead.',
      };
    case 'auth':
      return {
        what: `${v} rejected the API key this workspace uses.`,
        action: `A Slack admin should reconnect ${v} from the app's Home tab with a valid key.`,
      };
    case 'forbidden':
      return {
        what: `The ${v} API key is not allowed to do this.`,
        action: `Ask a ${v} admin to grant the key's user this permission, or reconnect with another key.`,
      };
    case 'rate_limited': {
      const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 30_000) / 1000));
      return {
        what: `${v} is limiting how fast we may call it.`,
        action: `Try again in about ${seconds} second${seconds === 1 ? '' : 's'}.`,
      };
    }
    case 'unavailable':
      return {
        what: `${v} is having trouble right now (it answered with an error).`,
        action: `Try again in a minute; check ${v}'s status page if it persists.`,
      };
    case 'timeout':
      return {
        what: `${v} did not answer in time.`,
        action: 'Try again in a moment. Nothing was changed unless a card says so.',
      };
    case 'bad_response':
      return {
        what: `${v} sent an answer we could not read.`,
        action: 'Try again; if it persists, report it to your bot admin (the details are in the logs).',
      };
  }
}
