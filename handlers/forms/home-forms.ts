// Reads the Home tab's two modals (Connect, Roles) from a submitted view's state, checking them with zod.
import { z } from 'zod';
import { CONNECT_BLOCKS } from '../../blocks/connect-modal.js';
import { VALUE } from '../../blocks/form.js';
import { ROLES_BLOCKS } from '../../blocks/home-roles-modal.js';
import { type RealConnection, SUPEROPS_API_URLS } from '../../src/config.js';
import type { SettingsForm } from '../../src/operations/settings.js';
import { GroupRoleSchema } from '../../src/store/workspace-settings.js';
import { capText } from './state.js';

type StateValues = Record<string, Record<string, unknown>>;

const Element = z.object({
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  selected_users: z.array(z.string()).nullish(),
  selected_conversation: z.string().nullish(),
});

function element(values: StateValues, block: string): z.infer<typeof Element> {
  const parsed = Element.safeParse(values[block]?.[VALUE]);
  return parsed.success ? parsed.data : {};
}

const text = (values: StateValues, block: string): string | undefined =>
  capText(element(values, block).value ?? '', 3000).trim() || undefined;
const choice = (values: StateValues, block: string): string | undefined =>
  element(values, block).selected_option?.value;

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

const VendorSchema = z.enum(['atera', 'syncro', 'autotask', 'superops']);
const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

export interface ConnectForm {
  connection: RealConnection;
  /** As typed, to show again if the test fails (the credentials never are). */
  subdomain: string | undefined;
  username: string | undefined;
}

export interface ConnectBaseUrls {
  atera: string;
  syncro: string | undefined;
  autotask: string;
  autotaskZone: string | undefined;
  superops: string | undefined;
}

/**
 * The Connect modal's answer as a connection. `baseUrls` are the server's overrides (ATERA_BASE_URL,
 * SYNCRO_BASE_URL, AUTOTASK_BASE_URL, SUPEROPS_API_URL); without a Syncro override the subdomain decides the host
 * (checked against a strict pattern: it becomes part of a URL), without a SuperOps one the region does.
 */
export function parseConnectForm(values: StateValues, baseUrls: ConnectBaseUrls): Parsed<ConnectForm> {
  const errors: Record<string, string> = {};
  const vendor = VendorSchema.safeParse(choice(values, CONNECT_BLOCKS.vendor));
  const secret = text(values, CONNECT_BLOCKS.apiKey);
  const rawSubdomain = text(values, CONNECT_BLOCKS.subdomain)?.toLowerCase();
  const username = text(values, CONNECT_BLOCKS.username);
  const integrationCode = text(values, CONNECT_BLOCKS.integrationCode);
  const region = choice(values, CONNECT_BLOCKS.region) === 'eu' ? 'eu' : 'us';
  if (!vendor.success) errors[CONNECT_BLOCKS.vendor] = 'Choose your PSA.';
  if (!secret || secret.length < 8) errors[CONNECT_BLOCKS.apiKey] = 'Paste the whole key, token or secret.';
  else if (/\s/.test(secret)) errors[CONNECT_BLOCKS.apiKey] = 'It has no spaces; paste it again.';
  const which = vendor.success ? vendor.data : undefined;
  const subdomain =
    which === 'syncro'
      ? rawSubdomain?.replace(/\.syncromsp\.com$/, '')
      : which === 'superops'
        ? rawSubdomain?.replace(/\.superops\.ai$/, '')
        : rawSubdomain;
  if (which === 'syncro' || which === 'superops') {
    const where =
      which === 'syncro' ? 'the “acme” of acme.syncromsp.com' : 'Settings › MSP Information in SuperOps';
    if (subdomain && !SUBDOMAIN.test(subdomain))
      errors[CONNECT_BLOCKS.subdomain] = `Only the subdomain: ${where}.`;
    else if (!subdomain && (which === 'superops' || !baseUrls.syncro))
      errors[CONNECT_BLOCKS.subdomain] = `Your subdomain is needed: ${where}.`;
  }
  if (which === 'autotask') {
    if (!username || !EMAIL.test(username))
      errors[CONNECT_BLOCKS.username] = 'The API-only user’s username (it looks like an email).';
    if (!integrationCode)
      errors[CONNECT_BLOCKS.integrationCode] =
        'The API tracking identifier from the API user’s Security tab.';
    else if (/\s/.test(integrationCode))
      errors[CONNECT_BLOCKS.integrationCode] = 'It has no spaces; paste it again.';
  }
  if (Object.keys(errors).length > 0 || !which || !secret) return { ok: false, errors };
  let connection: RealConnection;
  switch (which) {
    case 'atera':
      connection = { vendor: 'atera', apiKey: secret, baseUrl: baseUrls.atera };
      break;
    case 'syncro':
      connection = {
        vendor: 'syncro',
        apiKey: secret,
        baseUrl: baseUrls.syncro ?? `https://${subdomain}.syncromsp.com`,
      };
      break;
    case 'autotask':
      connection = {
        vendor: 'autotask',
        username: username ?? '',
        secret,
        integrationCode: integrationCode ?? '',
        baseUrl: baseUrls.autotask,
        zoneUrl: baseUrls.autotaskZone,
      };
      break;
    case 'superops':
      connection = {
        vendor: 'superops',
        apiToken: secret,
        subdomain: subdomain ?? '',
        apiUrl: baseUrls.superops ?? SUPEROPS_API_URLS[region],
      };
      break;
  }
  return { ok: true, value: { connection, subdomain, username } };
}

const CHANNEL = /^[CG][A-Z0-9]+$/;

export function parseRolesForm(values: StateValues): Parsed<SettingsForm> {
  const errors: Record<string, string> = {};
  const deleters = choice(values, ROLES_BLOCKS.deleters);
  const role = (block: string, fallback: z.infer<typeof GroupRoleSchema>) => {
    const raw = choice(values, block);
    if (raw === undefined) return fallback;
    const parsed = GroupRoleSchema.safeParse(raw);
    if (!parsed.success) errors[block] = 'Choose one of the roles offered.';
    return parsed.success ? parsed.data : fallback;
  };
  const defaultRole = role(ROLES_BLOCKS.defaultRole, 'editor');
  const guestRole = role(ROLES_BLOCKS.guestRole, 'none');
  const workflowRole = role(ROLES_BLOCKS.workflowRole, 'editor');
  const admins = (element(values, ROLES_BLOCKS.admins).selected_users ?? [])
    .slice(0, 500)
    .filter((u) => /^[UW][A-Z0-9]+$/.test(u));
  const unfurl = element(values, ROLES_BLOCKS.unfurlCustomFields).selected_options ?? [];
  const channel = element(values, ROLES_BLOCKS.duplicatesChannel).selected_conversation ?? null;
  if (deleters !== 'admins' && deleters !== 'editors')
    errors[ROLES_BLOCKS.deleters] = 'Choose who may delete.';
  if (channel && !CHANNEL.test(channel))
    errors[ROLES_BLOCKS.duplicatesChannel] = 'Choose a channel for the report, or none.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      editorsMayDelete: deleters === 'editors',
      admins: [...new Set(admins)].sort(),
      defaultRole,
      guestRole,
      workflowRole,
      unfurlCustomFields: unfurl.length > 0,
      duplicatesReportChannel: channel,
    },
  };
}
