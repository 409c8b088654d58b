// A workflow's acting_user is an input its author sets: naming an admin there must not lift the workflow above
// the workspace's "Workflows act as" role (issue 14, the same rule as item 3's roles, for workflows).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/store/workspace-settings.js';
import { type StartedApp, startApp } from '../helpers/app.js';
import { runStep } from './support.js';

const ADMIN = 'U0OWNERWF';

describe('workflows cannot act above "Workflows act as"', () => {
  let app: StartedApp;
  beforeAll(async () => {
    app = await startApp({ vendor: 'sandbox' });
    app.slack.users.set(ADMIN, { id: ADMIN, name: 'owner', isOwner: true });
  });
  afterAll(async () => {
    await app.stop();
  });

  const run = (callbackId: string, inputs: Record<string, unknown>) =>
    runStep(app, 'T0001', callbackId, inputs);

  it('refuses a create that names an admin as acting_user while workflows may only look up, and creates nothing', async () => {
    const store = app.bot.services.store;
    await store.settings.put('T0001', { ...DEFAULT_SETTINGS, workflowRole: 'viewer' });
    const customers = () => app.bot.services.indexes.stats().find((s) => s.workspace === 'T0001')?.customers;
    const lookup = await run('lookup_customer', { query: 'Acme Corporation', acting_user: ADMIN });
    expect(lookup.method).toBe('functions.completeSuccess');
    const before = customers();
    const created = await run('create_customer', { name: 'Escalation Attempt LLC', acting_user: ADMIN });
    expect(created.method).toBe('functions.completeError');
    expect(String(created.args.error)).toMatch(/workflows may not create/);
    expect(customers()).toBe(before);
    const rows = await store.audit.latest({ workspace: 'T0001', limit: 50 });
    expect(rows.filter((r) => r.entityName === 'Escalation Attempt LLC')).toEqual([]);
  });
});
