// The Connect modal of the Home tab: vendor, API key, Syncro subdomain; and its testing and connected states.
import type { ModalView } from '@slack/types';
import { VALUE } from './form.js';
import { mrkdwn, plain, safeText } from './mrkdwn.js';

export const CONNECT_CALLBACK = 'home_connect';

export const CONNECT_BLOCKS = {
  vendor: 'connect_vendor',
  apiKey: 'connect_api_key',
  subdomain: 'connect_subdomain',
} as const;

export const CONNECT_VENDORS = [
  { value: 'atera', label: 'Atera' },
  { value: 'syncro', label: 'Syncro' },
] as const;
export type ConnectVendor = (typeof CONNECT_VENDORS)[number]['value'];

export interface ConnectModalInput {
  /** Preselected vendor (the current one, or what was chosen before a failed test). */
  vendor?: ConnectVendor | undefined;
  subdomain?: string | null | undefined;
  /** What is connected now, so the admin knows what a Reconnect replaces. */
  current?: { vendorLabel: string; accountName: string | null; keyHint: string } | undefined;
  /** Why the last attempt failed (already in words, not yet escaped): the vendor's own answer when there is one. */
  error?: string | undefined;
}

export function connectModal(input: ConnectModalInput = {}): ModalView {
  const selected = CONNECT_VENDORS.find((v) => v.value === input.vendor);
  const option = (v: (typeof CONNECT_VENDORS)[number]) => ({ text: plain(v.label, 75), value: v.value });
  const intro = input.current
    ? `Connected to *${safeText(input.current.vendorLabel, 40)}*${input.current.accountName ? ` (${safeText(input.current.accountName, 150)})` : ''} with a key ending ${safeText(input.current.keyHint, 10)}. A new key replaces it once it passes a test.`
    : 'The key is tested with the vendor before it is saved, and stored encrypted. It is never shown again: only its last four characters.';
  return {
    type: 'modal',
    callback_id: CONNECT_CALLBACK,
    title: plain('Connect your PSA', 24),
    submit: plain('Test and save', 24),
    close: plain('Cancel', 24),
    blocks: [
      { type: 'section', text: mrkdwn(intro) },
      ...(input.error
        ? [{ type: 'section' as const, text: mrkdwn(`:warning: ${safeText(input.error, 2900)}`) }]
        : []),
      {
        type: 'input',
        block_id: CONNECT_BLOCKS.vendor,
        label: plain('Vendor', 2000),
        element: {
          type: 'static_select',
          action_id: VALUE,
          options: CONNECT_VENDORS.map(option),
          ...(selected ? { initial_option: option(selected) } : {}),
        },
      },
      {
        type: 'input',
        block_id: CONNECT_BLOCKS.apiKey,
        label: plain('API key', 2000),
        hint: plain(
          'Atera: Admin → API. Syncro: Admin → API Tokens (Customers and Contacts permissions).',
          2000,
        ),
        element: { type: 'plain_text_input', action_id: VALUE, min_length: 8, max_length: 3000 },
      },
      {
        type: 'input',
        block_id: CONNECT_BLOCKS.subdomain,
        optional: true,
        label: plain('Syncro subdomain', 2000),
        hint: plain('Syncro only: the “acme” of acme.syncromsp.com.', 2000),
        element: {
          type: 'plain_text_input',
          action_id: VALUE,
          max_length: 63,
          ...(input.subdomain ? { initial_value: input.subdomain } : {}),
          placeholder: plain('acme', 150),
        },
      },
    ],
  };
}

/** What the modal shows while the vendor answers the test call. */
export function connectTestingModal(vendorLabel: string): ModalView {
  return {
    type: 'modal',
    callback_id: CONNECT_CALLBACK,
    title: plain('Connect your PSA', 24),
    close: plain('Close', 24),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(`:hourglass_flowing_sand: Testing the key with ${safeText(vendorLabel, 40)}…`),
      },
    ],
  };
}

export function connectedModal(vendorLabel: string, accountName: string | null): ModalView {
  const account = accountName ? ` as *${safeText(accountName, 150)}*` : '';
  return {
    type: 'modal',
    callback_id: CONNECT_CALLBACK,
    title: plain('Connect your PSA', 24),
    close: plain('Done', 24),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:white_check_mark: Connected to ${safeText(vendorLabel, 40)}${account}. Try \`/customer\` with a customer’s name.`,
        ),
      },
    ],
  };
}
