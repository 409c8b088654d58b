// The Home tab's modals read back: Connect for each vendor (a subdomain never steers the bot to another host,
// Autotask's three credentials) and Roles (who may delete, admins, each group's role, the report channel).
import { describe, expect, it } from 'vitest';
import { CONNECT_BLOCKS } from '../../blocks/connect-modal.js';
import { ROLES_BLOCKS } from '../../blocks/home-roles-modal.js';
import { type ConnectBaseUrls, parseConnectForm, parseRolesForm } from '../../handlers/forms/home-forms.js';
import { SUPEROPS_API_URLS } from '../../src/config.js';

type Values = Record<string, Record<string, unknown>>;

const text = (value: string | null) => ({ value: { type: 'plain_text_input', value } });
const choice = (value: string | null) => ({
  value: { type: 'static_select', selected_option: value === null ? null : { value } },
});

const BASE: ConnectBaseUrls = {
  atera: 'https://app.atera.com',
  syncro: undefined,
  autotask: 'https://webservices.autotask.net/ATServicesRest/',
  autotaskZone: undefined,
  superops: undefined,
};

const KEY = 'k3y-0123456789abcdef';

function connect(vendor: string | null, fields: Record<string, string | null> = {}): Values {
  const values: Values = { [CONNECT_BLOCKS.vendor]: choice(vendor), [CONNECT_BLOCKS.apiKey]: text(KEY) };
  for (const [block, value] of Object.entries(fields))
    values[block] = block === CONNECT_BLOCKS.region ? choice(value) : text(value);
  return values;
}

describe('the Connect form', () => {
  it('connects Atera with its key, on the configured base URL', () => {
    expect(parseConnectForm(connect('atera'), BASE)).toEqual({
      ok: true,
      value: {
        connection: { vendor: 'atera', apiKey: KEY, baseUrl: 'https://app.atera.com' },
        subdomain: undefined,
        username: undefined,
      },
    });
  });

  it('needs a vendor of the four, and a whole key without spaces', () => {
    expect(parseConnectForm(connect(null), BASE)).toEqual({
      ok: false,
      errors: { [CONNECT_BLOCKS.vendor]: 'Choose your PSA.' },
    });
    // The sandbox is not something an admin connects to.
    expect(parseConnectForm(connect('sandbox'), BASE).ok).toBe(false);
    const short = { ...connect('atera'), [CONNECT_BLOCKS.apiKey]: text('abc') };
    expect(parseConnectForm(short, BASE)).toEqual({
      ok: false,
      errors: { [CONNECT_BLOCKS.apiKey]: 'Paste the whole key, token or secret.' },
    });
    const spaced = { ...connect('atera'), [CONNECT_BLOCKS.apiKey]: text('abcd efgh ijkl') };
    expect(parseConnectForm(spaced, BASE)).toEqual({
      ok: false,
      errors: { [CONNECT_BLOCKS.apiKey]: 'It has no spaces; paste it again.' },
    });
  });

  it('never repeats the key in an error', () => {
    const secret = 'sk live 9f8e7d6c5b4a';
    const values = { ...connect('syncro', { [CONNECT_BLOCKS.subdomain]: 'evil.com/' }) };
    values[CONNECT_BLOCKS.apiKey] = text(secret);
    const parsed = parseConnectForm(values, BASE);
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(parsed)).not.toContain('9f8e7d6c5b4a');
  });

  it('builds Syncro’s host from the subdomain alone, however it was pasted', () => {
    for (const typed of ['acme', 'ACME', ' acme ', 'acme.syncromsp.com', 'Acme.SyncroMSP.com', 'my-msp-2']) {
      const parsed = parseConnectForm(connect('syncro', { [CONNECT_BLOCKS.subdomain]: typed }), BASE);
      const expected = typed.trim().toLowerCase().replace('.syncromsp.com', '');
      expect(parsed.ok && parsed.value.connection, typed).toEqual({
        vendor: 'syncro',
        apiKey: KEY,
        baseUrl: `https://${expected}.syncromsp.com`,
      });
    }
  });

  it('refuses any Syncro subdomain that would point the bot at another host', () => {
    const hostile = [
      'evil.com',
      'evil.com/',
      'evil.com#',
      'evil.com?x=',
      'acme.syncromsp.com.evil.com',
      'acme.evil.com',
      '127.0.0.1',
      'localhost:8080',
      'user@evil.com',
      'acme/../../evil',
      'acme%2eevil.com',
      'https://evil.com',
      '-acme',
      'acme-',
      'acme_msp',
      'аcme', // a Cyrillic а
      'a'.repeat(64),
      'acme\nHost: evil.com',
    ];
    for (const typed of hostile) {
      const parsed = parseConnectForm(connect('syncro', { [CONNECT_BLOCKS.subdomain]: typed }), BASE);
      expect(parsed, typed).toEqual({
        ok: false,
        errors: { [CONNECT_BLOCKS.subdomain]: 'Only the subdomain: the “acme” of acme.syncromsp.com.' },
      });
    }
  });

  it('needs a Syncro subdomain unless the server fixes the host (SYNCRO_BASE_URL)', () => {
    expect(parseConnectForm(connect('syncro'), BASE)).toEqual({
      ok: false,
      errors: { [CONNECT_BLOCKS.subdomain]: 'Your subdomain is needed: the “acme” of acme.syncromsp.com.' },
    });
    const fixed = { ...BASE, syncro: 'http://127.0.0.1:9999' };
    const parsed = parseConnectForm(connect('syncro'), fixed);
    expect(parsed.ok && parsed.value.connection).toEqual({
      vendor: 'syncro',
      apiKey: KEY,
      baseUrl: 'http://127.0.0.1:9999',
    });
    // A hostile subdomain is refused even then: it is shown again and stored.
    expect(parseConnectForm(connect('syncro', { [CONNECT_BLOCKS.subdomain]: 'evil.com/' }), fixed).ok).toBe(
      false,
    );
  });

  it('connects SuperOps with its subdomain and the region’s API, or the server’s', () => {
    const us = parseConnectForm(
      connect('superops', { [CONNECT_BLOCKS.subdomain]: 'Acme.superops.ai' }),
      BASE,
    );
    expect(us.ok && us.value.connection).toEqual({
      vendor: 'superops',
      apiToken: KEY,
      subdomain: 'acme',
      apiUrl: SUPEROPS_API_URLS.us,
    });
    const eu = parseConnectForm(
      connect('superops', { [CONNECT_BLOCKS.subdomain]: 'acme', [CONNECT_BLOCKS.region]: 'eu' }),
      BASE,
    );
    expect(eu.ok && eu.value.connection).toMatchObject({ apiUrl: SUPEROPS_API_URLS.eu });
    // A forged region is not a URL: it falls back to the US API.
    const forged = parseConnectForm(
      connect('superops', {
        [CONNECT_BLOCKS.subdomain]: 'acme',
        [CONNECT_BLOCKS.region]: 'https://evil.com',
      }),
      BASE,
    );
    expect(forged.ok && forged.value.connection).toMatchObject({ apiUrl: SUPEROPS_API_URLS.us });
    const local = parseConnectForm(connect('superops', { [CONNECT_BLOCKS.subdomain]: 'acme' }), {
      ...BASE,
      superops: 'http://127.0.0.1:9998/msp',
    });
    expect(local.ok && local.value.connection).toMatchObject({ apiUrl: 'http://127.0.0.1:9998/msp' });
  });

  it('needs a plain SuperOps subdomain, even with the server’s API URL', () => {
    const where = 'Settings › MSP Information in SuperOps';
    expect(parseConnectForm(connect('superops'), { ...BASE, superops: 'http://127.0.0.1:1/msp' })).toEqual({
      ok: false,
      errors: { [CONNECT_BLOCKS.subdomain]: `Your subdomain is needed: ${where}.` },
    });
    for (const typed of ['acme.superops.ai.evil.com', 'evil.com', 'acme/x', 'acme superops'])
      expect(
        parseConnectForm(connect('superops', { [CONNECT_BLOCKS.subdomain]: typed }), BASE),
        typed,
      ).toEqual({
        ok: false,
        errors: { [CONNECT_BLOCKS.subdomain]: `Only the subdomain: ${where}.` },
      });
  });

  it('connects Autotask with its three credentials, on the configured endpoints', () => {
    const values = connect('autotask', {
      [CONNECT_BLOCKS.username]: 'api-user@acme-msp.com',
      [CONNECT_BLOCKS.integrationCode]: 'ABCDEF123456',
    });
    const parsed = parseConnectForm(values, {
      ...BASE,
      autotaskZone: 'https://webservices5.autotask.net/ATServicesRest/',
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        connection: {
          vendor: 'autotask',
          username: 'api-user@acme-msp.com',
          secret: KEY,
          integrationCode: 'ABCDEF123456',
          baseUrl: BASE.autotask,
          zoneUrl: 'https://webservices5.autotask.net/ATServicesRest/',
        },
        subdomain: undefined,
        username: 'api-user@acme-msp.com',
      },
    });
  });

  it('names each missing or malformed Autotask credential under its own input', () => {
    expect(parseConnectForm(connect('autotask'), BASE)).toEqual({
      ok: false,
      errors: {
        [CONNECT_BLOCKS.username]: 'The API-only user’s username (it looks like an email).',
        [CONNECT_BLOCKS.integrationCode]: 'The API tracking identifier from the API user’s Security tab.',
      },
    });
    const bad = connect('autotask', {
      [CONNECT_BLOCKS.username]: 'api user',
      [CONNECT_BLOCKS.integrationCode]: 'ABC DEF',
    });
    expect(parseConnectForm(bad, BASE)).toEqual({
      ok: false,
      errors: {
        [CONNECT_BLOCKS.username]: 'The API-only user’s username (it looks like an email).',
        [CONNECT_BLOCKS.integrationCode]: 'It has no spaces; paste it again.',
      },
    });
  });

  it('reads a forged form without throwing: wrong shapes count as empty', () => {
    const forged: Values = {
      [CONNECT_BLOCKS.vendor]: { value: { selected_option: 'atera' } },
      [CONNECT_BLOCKS.apiKey]: { value: { value: 12345678 } },
    };
    expect(parseConnectForm(forged, BASE).ok).toBe(false);
    expect(parseConnectForm({}, BASE).ok).toBe(false);
    const huge = connect('atera');
    huge[CONNECT_BLOCKS.apiKey] = text('k'.repeat(1_000_000));
    const parsed = parseConnectForm(huge, BASE);
    expect(
      parsed.ok && parsed.value.connection.vendor === 'atera' && parsed.value.connection.apiKey.length,
    ).toBe(3000);
  });
});

describe('the Roles form', () => {
  const users = (ids: string[]) => ({ value: { type: 'multi_users_select', selected_users: ids } });
  const checks = (on: boolean) => ({
    value: { type: 'checkboxes', selected_options: on ? [{ value: 'yes' }] : [] },
  });
  const channel = (id: string | null) => ({
    value: { type: 'conversations_select', selected_conversation: id },
  });
  const full = (over: Values = {}): Values => ({
    [ROLES_BLOCKS.deleters]: choice('editors'),
    [ROLES_BLOCKS.admins]: users(['U2BOSS', 'U1ADMIN', 'U2BOSS']),
    [ROLES_BLOCKS.defaultRole]: choice('viewer'),
    [ROLES_BLOCKS.guestRole]: choice('viewer'),
    [ROLES_BLOCKS.workflowRole]: choice('none'),
    [ROLES_BLOCKS.unfurlCustomFields]: checks(true),
    [ROLES_BLOCKS.duplicatesChannel]: channel('C0DUPES'),
    ...over,
  });

  it('reads every setting, admins once each and sorted', () => {
    expect(parseRolesForm(full())).toEqual({
      ok: true,
      value: {
        editorsMayDelete: true,
        admins: ['U1ADMIN', 'U2BOSS'],
        defaultRole: 'viewer',
        guestRole: 'viewer',
        workflowRole: 'none',
        unfurlCustomFields: true,
        duplicatesReportChannel: 'C0DUPES',
      },
    });
  });

  it('falls back to the defaults for roles the form did not carry', () => {
    const parsed = parseRolesForm({ [ROLES_BLOCKS.deleters]: choice('admins') });
    expect(parsed).toEqual({
      ok: true,
      value: {
        editorsMayDelete: false,
        admins: [],
        defaultRole: 'editor',
        guestRole: 'none',
        workflowRole: 'editor',
        unfurlCustomFields: false,
        duplicatesReportChannel: null,
      },
    });
  });

  it('refuses a role that is not offered: no group is made admin by a forged value', () => {
    expect(parseRolesForm(full({ [ROLES_BLOCKS.guestRole]: choice('admin') }))).toEqual({
      ok: false,
      errors: { [ROLES_BLOCKS.guestRole]: 'Choose one of the roles offered.' },
    });
    expect(parseRolesForm(full({ [ROLES_BLOCKS.defaultRole]: choice('owner') })).ok).toBe(false);
  });

  it('needs who may delete, and a channel id for the report', () => {
    expect(parseRolesForm(full({ [ROLES_BLOCKS.deleters]: choice(null) }))).toEqual({
      ok: false,
      errors: { [ROLES_BLOCKS.deleters]: 'Choose who may delete.' },
    });
    for (const bad of ['general', '#general', 'D0DM', 'U123', 'C0<!channel>'])
      expect(parseRolesForm(full({ [ROLES_BLOCKS.duplicatesChannel]: channel(bad) })), bad).toEqual({
        ok: false,
        errors: { [ROLES_BLOCKS.duplicatesChannel]: 'Choose a channel for the report, or none.' },
      });
    const none = parseRolesForm(full({ [ROLES_BLOCKS.duplicatesChannel]: channel(null) }));
    expect(none.ok && none.value.duplicatesReportChannel).toBeNull();
    const privateChannel = parseRolesForm(full({ [ROLES_BLOCKS.duplicatesChannel]: channel('G0PRIV') }));
    expect(privateChannel.ok && privateChannel.value.duplicatesReportChannel).toBe('G0PRIV');
  });

  it('keeps only real user ids as admins, and at most 500 of them', () => {
    const forged = ['U1', 'W2ENT', 'B0BOT', '<@U3>', 'u4lower', 'T0TEAM', 'U5 U6'];
    const parsed = parseRolesForm(full({ [ROLES_BLOCKS.admins]: users(forged) }));
    expect(parsed.ok && parsed.value.admins).toEqual(['U1', 'W2ENT']);
    const many = Array.from({ length: 2000 }, (_, i) => `U${String(i).padStart(5, '0')}`);
    const capped = parseRolesForm(full({ [ROLES_BLOCKS.admins]: users(many) }));
    expect(capped.ok && capped.value.admins.length).toBe(500);
  });
});
