import { describe, expect, it } from 'vitest';
import { connectModal } from '../../blocks/connect-modal.js';
import { HOME_ACTIONS, type HomeInput, homeView } from '../../blocks/home.js';
import { rolesModal } from '../../blocks/home-roles-modal.js';
import { checkView } from '../../blocks/limits.js';
import { textOf } from '../helpers/app.js';

const base: HomeInput = {
  connection: {
    kind: 'stored',
    vendorLabel: 'Atera',
    accountName: '<!channel> & Sons '.repeat(40),
    keyHint: '…9f2a',
    connectedBy: 'U123ADMIN',
    lastOkAt: Date.UTC(2026, 0, 5, 9, 30),
  },
  index: { customers: 12345, contacts: 40000, state: 'fresh' },
  isAdmin: true,
  settings: {
    editorsMayDelete: false,
    defaultRole: 'editor',
    guestRole: 'none',
    workflowRole: 'editor',
    unfurlCustomFields: false,
    duplicatesReportChannel: null,
    admins: Array.from({ length: 80 }, (_, i) => `U${String(i).padStart(8, '0')}`),
  },
};

const actionIds = (view: unknown) => JSON.stringify(view).match(/"action_id":"[a-z_]+"/g) ?? [];

describe('the Home tab', () => {
  it('shows an admin the connection, the index and both buttons, within Block Kit’s limits', () => {
    const view = homeView(base);
    expect(checkView(view)).toEqual([]);
    const text = textOf(view);
    expect(text).toContain('…9f2a');
    expect(text).toContain('12,345 customers');
    expect(text).toContain('&lt;!channel&gt; &amp; Sons');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('and 30 more');
    expect(actionIds(view)).toEqual([
      `"action_id":"${HOME_ACTIONS.connect}"`,
      `"action_id":"${HOME_ACTIONS.roleSettings}"`,
    ]);
  });

  it('shows everyone else the status only', () => {
    const view = homeView({ ...base, isAdmin: false });
    expect(actionIds(view)).toEqual([]);
    expect(textOf(view)).toContain('Only admins can change');
  });

  it('says an environment connection is configured by environment, with no Connect button', () => {
    const view = homeView({ ...base, connection: { kind: 'environment', vendorLabel: 'Syncro' } });
    expect(textOf(view)).toContain('configured by environment');
    expect(actionIds(view)).toEqual([`"action_id":"${HOME_ACTIONS.roleSettings}"`]);
  });

  it('builds the Connect and Roles modals within limits, never carrying a key', () => {
    const connect = connectModal({
      vendor: 'syncro',
      subdomain: 'acme',
      current: { vendorLabel: 'Syncro', accountName: 'x'.repeat(500), keyHint: '…abcd' },
      error: 'Syncro did not accept this key: <b>Unauthorized</b> '.repeat(100),
    });
    expect(checkView(connect)).toEqual([]);
    expect(JSON.stringify(connect)).not.toMatch(/initial_value":"[^"]*key/);
    expect(checkView(rolesModal(base.settings))).toEqual([]);
  });
});
