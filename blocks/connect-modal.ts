// The Connect modal of the Home tab: the PSA and its credentials (a key, a token, or Autotask's three), and its
// testing and connected states.
import type { ModalView } from '@slack/types';
import { VALUE } from './form.js';
import { mrkdwn, plain, safeText } from './mrkdwn.js';

export const CONNECT_CALLBACK = 'home_connect';

export const CONNECT_BLOCKS = {
  vendor: 'connect_vendor',
  apiKey: 'connect_api_key',
  subdomain: 'connect_subdomain',
  region: 'connect_region',
  username: 'connect_username',
  integrationCode: 'connect_integration_code',
} as const;

export const CONNECT_VENDORS = [
  { value: 'atera', label: 'Atera' },
  { value: 'syncro', label: 'Syncro' },
  { value: 'autotask', label: 'Autotask' },
  { value: 'superops', label: 'SuperOps' },
] as const;
export type ConnectVendor = (typeof CONNECT_VENDORS)[number]['value'];

export interface ConnectModalInput {
  /** Preselected vendor (the current one, or what was chosen before a failed test). */
  vendor?: ConnectVendor | undefined;
  subdomain?: string | null | undefined;
  /** The Autotask username as typed (never the secret). */
  username?: string | null | undefined;
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
        label: plain('API key, token or secret', 2000),
        hint: plain(
          'Atera: Admin › API. Syncro: Admin › API Tokens (Customers and Contacts permissions). Autotask: the API-only user’s secret. SuperOps: Settings › API Token.',
          2000,
        ),
        element: { type: 'plain_text_input', action_id: VALUE, min_length: 8, max_length: 3000 },
      },
      {
        type: 'input',
        block_id: CONNECT_BLOCKS.subdomain,
        optional: true,
        label: plain('Subdomain (Syncro, SuperOps)', 2000),
        hint: plain(
          'Syncro: the “acme” of acme.syncromsp.com. SuperOps: Settings › MSP Information › Subdomain.',
          2000,
        ),
        element: {
          type: 'plain_text_input',
          action_id: VALUE,
          max_length: 63,
          ...(input.subdomain ? { initial_value: input.subdomain } : {}),
          placeholder: plain('acme', 150),
        },
      },
      {
        type: 'input',
        block_id: CONNECT_BLOCKS.region,
        optional: true,
        label: plain('SuperOps region', 2000),
        element: {
          type: 'static_select',
          action_id: VALUE,
          options: [
            { text: plain('US (api.superops.ai)', 75), value: 'us' },
            { text: plain('EU (euapi.superops.ai)', 75), value: 'eu' },
          ],
          initial_option: { text: plain('US (api.superops.ai)', 75), value: 'us' },
        },
      },
      {
        type: 'input',
        block_id: CONNECT_BLOCKS.username,
        optional: true,
        label: plain('Autotask API username', 2000),
        hint: plain(
          'Autotask only: an API-only user (Admin › Resources/Users); only those can use REST.',
          2000,
        ),
        element: {
          type: 'plain_text_input',
          action_id: VALUE,
          max_length: 320,
          ...(input.username ? { initial_value: input.username } : {}),
          placeholder: plain('api-user@example.com', 150),
        },
      },
      {
        type: 'input',
        block_id: CONNECT_BLOCKS.integrationCode,
        optional: true,
        label: plain('Autotask integration code', 2000),
        hint: plain('Autotask only: the API tracking identifier on the API user’s Security tab.', 2000),
        element: { type: 'plain_text_input', action_id: VALUE, max_length: 200 },
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

export interface ConnectedFacts {
  /** Who the key acts as, where the vendor said (Syncro /me, the Autotask API user). */
  user?: string | undefined;
  /** Autotask's zone, SuperOps' region. */
  region?: string | undefined;
  permissions?: { read: boolean; write: boolean; delete: boolean } | undefined;
}

export function connectedModal(
  vendorLabel: string,
  accountName: string | null,
  facts: ConnectedFacts = {},
): ModalView {
  const account = accountName ? ` as *${safeText(accountName, 150)}*` : '';
  const p = facts.permissions;
  const missing = p ? (['read', 'write', 'delete'] as const).filter((k) => !p[k]) : [];
  const lines = [
    facts.user ? `*API user* ${safeText(facts.user, 150)}` : undefined,
    facts.region ? `*Region* ${safeText(facts.region, 80)}` : undefined,
    p
      ? missing.length === 0
        ? '*The key may* look up, create, edit and delete customers.'
        : `:warning: *The key may not* ${missing.map((m) => (m === 'read' ? 'read' : m === 'write' ? 'create or edit' : 'delete')).join(' or ')} customers: those actions are hidden or explained.`
      : undefined,
  ].filter((l): l is string => Boolean(l));
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
      ...(lines.length > 0 ? [{ type: 'section' as const, text: mrkdwn(lines.join('\n')) }] : []),
    ],
  };
}
