// Reads the Home tab's two modals (Connect, Roles) from a submitted view's state, checking them with zod.
import { z } from 'zod';
import { CONNECT_BLOCKS } from '../../blocks/connect-modal.js';
import { VALUE } from '../../blocks/form.js';
import { ROLES_BLOCKS } from '../../blocks/home-roles-modal.js';
import type { KeyedConnection } from '../../src/store/vendor-connections.js';

type StateValues = Record<string, Record<string, unknown>>;

const Element = z.object({
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_users: z.array(z.string()).nullish(),
});

function element(values: StateValues, block: string): z.infer<typeof Element> {
  const parsed = Element.safeParse(values[block]?.[VALUE]);
  return parsed.success ? parsed.data : {};
}

const text = (values: StateValues, block: string): string | undefined =>
  element(values, block).value?.trim() || undefined;
const choice = (values: StateValues, block: string): string | undefined =>
  element(values, block).selected_option?.value;

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

const VendorSchema = z.enum(['atera', 'syncro']);
const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export interface ConnectForm {
  connection: KeyedConnection;
  /** As typed, to show again if the test fails (the key never is). */
  subdomain: string | undefined;
}

/**
 * The Connect modal's answer as a connection. `baseUrls` are the server's overrides (ATERA_BASE_URL,
 * SYNCRO_BASE_URL); without a Syncro override the subdomain decides the host.
 */
export function parseConnectForm(
  values: StateValues,
  baseUrls: { atera: string; syncro: string | undefined },
): Parsed<ConnectForm> {
  const errors: Record<string, string> = {};
  const vendor = VendorSchema.safeParse(choice(values, CONNECT_BLOCKS.vendor));
  const apiKey = text(values, CONNECT_BLOCKS.apiKey);
  const subdomain = text(values, CONNECT_BLOCKS.subdomain)
    ?.toLowerCase()
    .replace(/\.syncromsp\.com$/, '');
  if (!vendor.success) errors[CONNECT_BLOCKS.vendor] = 'Choose Atera or Syncro.';
  if (!apiKey || apiKey.length < 8) errors[CONNECT_BLOCKS.apiKey] = 'Paste the whole API key.';
  else if (/\s/.test(apiKey)) errors[CONNECT_BLOCKS.apiKey] = 'An API key has no spaces; paste it again.';
  if (vendor.success && vendor.data === 'syncro') {
    if (subdomain && !SUBDOMAIN.test(subdomain))
      errors[CONNECT_BLOCKS.subdomain] = 'Only the subdomain: the “acme” of acme.syncromsp.com.';
    else if (!subdomain && !baseUrls.syncro)
      errors[CONNECT_BLOCKS.subdomain] = 'Syncro needs your subdomain: the “acme” of acme.syncromsp.com.';
  }
  if (Object.keys(errors).length > 0 || !vendor.success || !apiKey) return { ok: false, errors };
  const connection: KeyedConnection =
    vendor.data === 'atera'
      ? { vendor: 'atera', apiKey, baseUrl: baseUrls.atera }
      : { vendor: 'syncro', apiKey, baseUrl: baseUrls.syncro ?? `https://${subdomain}.syncromsp.com` };
  return { ok: true, value: { connection, subdomain } };
}

export interface RolesForm {
  editorsMayDelete: boolean;
  admins: string[];
  defaultRole: 'editor' | 'viewer';
}

export function parseRolesForm(values: StateValues): Parsed<RolesForm> {
  const deleters = choice(values, ROLES_BLOCKS.deleters);
  const defaultRole = z.enum(['editor', 'viewer']).safeParse(choice(values, ROLES_BLOCKS.defaultRole));
  const admins = (element(values, ROLES_BLOCKS.admins).selected_users ?? []).filter((u) =>
    /^[UW][A-Z0-9]+$/.test(u),
  );
  const errors: Record<string, string> = {};
  if (deleters !== 'admins' && deleters !== 'editors')
    errors[ROLES_BLOCKS.deleters] = 'Choose who may delete.';
  if (!defaultRole.success) errors[ROLES_BLOCKS.defaultRole] = 'Choose a role for everyone else.';
  if (!defaultRole.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      editorsMayDelete: deleters === 'editors',
      admins: [...new Set(admins)].sort(),
      defaultRole: defaultRole.data,
    },
  };
}
