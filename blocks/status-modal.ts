// Small modals for the moments around a form: loading, saving, done, refused.
import type { ModalView } from '@slack/types';
import { mrkdwn, plain } from './mrkdwn.js';

/** A modal with one line of mrkdwn and a close button. `text` must already be escaped. */
export function statusModal(
  title: string,
  text: string,
  options: { callbackId?: string; privateMetadata?: string } = {},
): ModalView {
  return {
    type: 'modal',
    ...(options.callbackId ? { callback_id: options.callbackId } : {}),
    ...(options.privateMetadata ? { private_metadata: options.privateMetadata } : {}),
    title: plain(title, 24),
    close: plain('Close', 24),
    blocks: [{ type: 'section', text: mrkdwn(text) }],
  };
}

export function loadingModal(title: string): ModalView {
  return statusModal(title, ':hourglass_flowing_sand: Loading…');
}
