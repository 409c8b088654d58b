// Workflow Builder steps on every vendor, over signed HTTP: a function_executed event for lookup_customer,
// create_customer or add_contact completes with the documented outputs (functions.completeSuccess, with the
// event's own workflow token), or fails with words a workflow author can act on and writes nothing; the acting
// user's permissions apply, and without one the workspace's "Workflows act as" setting does.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../blocks/actions.js';
import { HOME_ACTIONS } from '../../blocks/home.js';
import { ROLES_BLOCKS, ROLES_CALLBACK } from '../../blocks/home-roles-modal.js';
import { FAKE_VENDORS, type FakeVendor } from '../fakes/fake-vendor.js';
import type { FakeCustomerSeed } from '../fakes/generate.js';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { type StartedApp, startApp, waitUntil } from '../helpers/app.js';
import { sendEvent } from '../helpers/oauth.js';
import { blockAction, fillView, viewSubmission } from '../helpers/payloads.js';

type Json = Record<string, unknown>;

const ADMIN = 'U0OWNER';
const TECH = 'U0TECH';
const GUEST = 'U0GUEST';

const QUAYSIDE: FakeCustomerSeed = {
  name: 'Quayside Logistics',
  domain: 'quayside-logistics.example',
  email: 'office@quayside-logistics.example',
  contacts: [
    { firstName: 'Omar', lastName: 'Haddad', email: 'omar@quayside-logistics.example', isPrimary: true },
  ],
};

const ACME_CORP: FakeCustomerSeed = {
  name: 'Acme Corp.',
  domain: 'acmecorp.example',
  email: 'hello@acmecorp.example',
  contacts: [{ firstName: 'Wile', lastName: 'Coyote', email: 'wile@acmecorp.example', isPrimary: true }],
};

type Outcome =
  | { kind: 'success'; outputs: Json; token: string | undefined }
  | { kind: 'error'; error: string; token: string | undefined };

describe.each(FAKE_VENDORS)('Workflow Builder steps on %s', (name) => {
  let app: StartedApp;
  let fake: FakeVendor;

  beforeAll(async () => {
    app = await startApp({
      vendor: name,
      fakeVendor: {
        // Acme Corp. is Acme Corporation's likely duplicate: a step naming either exactly still finds it.
        seed: { customers: [...NAMED_CUSTOMERS, QUAYSIDE, ACME_CORP] },
        generate: { customers: 60 },
      },
    });
    if (!app.fake) throw new Error('no fake vendor');
    fake = app.fake;
    app.slack.users.set(ADMIN, { id: ADMIN, name: 'owner', isOwner: true });
    app.slack.users.set(TECH, { id: TECH, name: 'tech' });
    app.slack.users.set(GUEST, { id: GUEST, name: 'client guest', isGuest: true });
  });
  afterEach(() => {
    expect(app.slack.violations).toEqual([]);
  });
  afterAll(async () => {
    await app.stop();
  });

  /** Workflow Builder runs the step: a signed function_executed event; resolves with how the step completed. */
  async function run(
    callbackId: string,
    inputs: Json,
    executionId = `Fx${randomBytes(5).toString('hex').toUpperCase()}`,
  ): Promise<Outcome> {
    const token = `xwfp-${executionId.toLowerCase()}`;
    // Only an answer given after this delivery counts (an execution delivered again is answered again).
    const from = app.slack.calls.length;
    const reply = await sendEvent(app, 'T0001', {
      type: 'function_executed',
      function: {
        id: `Fn${callbackId.toUpperCase().replace(/_/g, '')}`,
        callback_id: callbackId,
        title: callbackId,
        type: 'app',
        app_id: 'A0BOT',
        date_created: 1_700_000_000,
        date_updated: 1_700_000_000,
        date_deleted: 0,
      },
      inputs,
      function_execution_id: executionId,
      workflow_execution_id: `Wx${randomBytes(5).toString('hex').toUpperCase()}`,
      event_ts: `${Date.now() / 1000}`,
      bot_access_token: token,
    });
    // Bolt acknowledges function_executed itself; the step's answer comes later, through the Web API.
    expect(reply.status).toBe(200);
    const outcome = await waitUntil(`${callbackId} to complete`, () => {
      const call = app.slack.calls
        .slice(from)
        .find(
          (c) =>
            (c.method === 'functions.completeSuccess' || c.method === 'functions.completeError') &&
            c.args.function_execution_id === executionId,
        );
      if (!call) return undefined;
      return call.method === 'functions.completeSuccess'
        ? { kind: 'success' as const, outputs: call.args.outputs as Json, token: call.token }
        : { kind: 'error' as const, error: String(call.args.error), token: call.token };
    });
    // Completed with the execution's own workflow token, not the bot token.
    expect(outcome.token).toBe(token);
    return outcome;
  }

  const success = (o: Outcome): Json => {
    if (o.kind !== 'success') throw new Error(`the step failed: ${o.error}`);
    return o.outputs;
  };
  const failure = (o: Outcome): string => {
    if (o.kind !== 'error') throw new Error(`the step succeeded: ${JSON.stringify(o.outputs)}`);
    return o.error;
  };
  const idOf = (customer: string): string => {
    const id = fake.customerIdByName(customer);
    if (!id) throw new Error(`${customer} is not at the fake`);
    return id;
  };
  /** What the vendor holds, to prove a failed step wrote nothing. */
  const holdings = () => ({
    customers: fake.customerList().length,
    contacts: fake.customerList().reduce((n, c) => n + fake.contactEmailsOf(c.id).length, 0),
  });

  async function workflowsActAs(role: 'editor' | 'viewer'): Promise<void> {
    const before = app.slack.callsTo('views.open').length;
    await app.sendPayload(
      blockAction({
        userId: ADMIN,
        actionId: HOME_ACTIONS.roleSettings,
        view: { id: 'VHOME', type: 'home' },
      }),
    );
    const opened = await waitUntil('the settings modal', () => app.slack.callsTo('views.open')[before]);
    const modal = opened.args.view as Json;
    expect(modal.callback_id).toBe(ROLES_CALLBACK);
    const values = fillView(modal, { [ROLES_BLOCKS.workflowRole]: role });
    await app.sendPayload(
      viewSubmission({ userId: ADMIN, view: { ...modal, id: 'VROLES', hash: 'h' }, values }),
    );
    expect((await app.bot.services.store.settings.get('T0001')).workflowRole).toBe(role);
  }

  it('lookup_customer answers with the customer’s outputs, or found: false', async () => {
    const outputs = success(await run(FUNCTIONS.lookupCustomer, { query: 'Acme Corporation' }));
    expect(outputs).toMatchObject({
      found: true,
      customer_id: idOf('Acme Corporation'),
      customer_name: 'Acme Corporation',
      domain: 'acme.com',
      primary_contact_email: 'jane@acme.com',
    });
    expect(String(outputs.phone)).toContain('555');
    expect(String(outputs.url)).toMatch(/^https?:\/\//);
    expect(success(await run(FUNCTIONS.lookupCustomer, { query: 'acme corp.' }))).toMatchObject({
      found: true,
      customer_id: idOf('Acme Corp.'),
    });
    // "Acme" alone names no one customer.
    expect(success(await run(FUNCTIONS.lookupCustomer, { query: 'Acme' })).found).toBe(false);
    expect(success(await run(FUNCTIONS.lookupCustomer, { query: 'zzqx nobody at all' }))).toEqual({
      found: false,
    });
    expect(failure(await run(FUNCTIONS.lookupCustomer, {}))).toBe('query is required');
  });

  it('create_customer creates the customer and its primary contact once, with its outputs', async () => {
    const outputs = success(
      await run(FUNCTIONS.createCustomer, {
        name: 'Northwind Harbor Supply',
        domain: 'northwind-harbor.example',
        phone: '+1 555 700 8000',
        contact_first_name: 'Ines',
        contact_last_name: 'Lindqvist',
        contact_email: 'ines@northwind-harbor.example',
      }),
    );
    const id = idOf('Northwind Harbor Supply');
    expect(outputs).toMatchObject({ customer_id: id, customer_name: 'Northwind Harbor Supply' });
    expect(typeof outputs.url).toBe('string');
    expect(fake.contactEmailsOf(id)).toEqual(['ines@northwind-harbor.example']);
    expect(fake.customerList().filter((c) => c.name === 'Northwind Harbor Supply')).toHaveLength(1);
    // The audit trail names the workflow as the actor.
    const audit = await app.bot.services.store.audit.latest({ workspace: 'T0001', limit: 5 });
    expect(audit.find((e) => e.entityName === 'Northwind Harbor Supply')).toMatchObject({
      userId: 'workflow',
    });
  });

  it('create_customer fails, naming what it made, when the vendor refuses the primary contact', async () => {
    fake.refuseNextContact();
    const error = failure(
      await run(FUNCTIONS.createCustomer, {
        name: 'Halfway House Brewing',
        contact_first_name: 'Pia',
        contact_last_name: 'Moreau',
        contact_email: 'pia@halfway-brewing.example',
      }),
    );
    const id = idOf('Halfway House Brewing');
    // Made once, without its contact; the error says so, with the id, and what to do next.
    expect(fake.contactEmailsOf(id)).toEqual([]);
    expect(error).toContain(`Halfway House Brewing was created in`);
    expect(error).toContain(`(id ${id})`);
    expect(error).toContain('Add primary contact Pia Moreau');
    expect(error).toMatch(/Add a contact.*\/contact add/);
    expect(
      app.slack.calls.filter(
        (c) =>
          c.method === 'functions.completeSuccess' &&
          (c.args.outputs as Json | undefined)?.customer_id === id,
      ),
    ).toEqual([]);
  });

  it('creates nothing twice when Slack delivers the same execution again', async () => {
    const executionId = `Fx${randomBytes(5).toString('hex').toUpperCase()}`;
    const inputs = { name: 'Retry Safe Supplies', domain: 'retry-safe.example' };
    const [first, again] = await Promise.all([
      run(FUNCTIONS.createCustomer, inputs, executionId),
      run(FUNCTIONS.createCustomer, inputs, executionId),
    ]);
    expect(success(first).customer_id).toBe(idOf('Retry Safe Supplies'));
    expect(again).toEqual(first);
    // A later delivery gets the same answer again, and the vendor still has one such customer.
    const later = success(await run(FUNCTIONS.createCustomer, inputs, executionId));
    expect(later.customer_id).toBe(idOf('Retry Safe Supplies'));
    expect(fake.customerList().filter((c) => c.name === 'Retry Safe Supplies')).toHaveLength(1);
    expect(
      app.slack.calls.filter(
        (c) => c.method === 'functions.completeError' && c.args.function_execution_id === executionId,
      ),
    ).toEqual([]);
  });

  it('create_customer fails on a likely duplicate or a bad email and writes nothing, unless allow_duplicate', async () => {
    const before = holdings();
    // "Initech" is Initech LLC without its legal suffix, at the same domain.
    const duplicate = failure(
      await run(FUNCTIONS.createCustomer, { name: 'Initech', domain: 'initech.com' }),
    );
    expect(duplicate).toContain('duplicate of Initech LLC');
    expect(duplicate).toContain('allow_duplicate');
    const badEmail = failure(
      await run(FUNCTIONS.createCustomer, { name: 'Brand New Co', contact_email: 'not-an-email' }),
    );
    expect(badEmail).toBe('contact_email is not an email address');
    expect(failure(await run(FUNCTIONS.createCustomer, { name: '  ' }))).toBe('name is required');
    expect(holdings()).toEqual(before);

    const anyway = success(
      // Without the domain: SuperOps itself refuses a second client on one email domain.
      await run(FUNCTIONS.createCustomer, { name: 'Initech', allow_duplicate: true }),
    );
    expect(anyway).toMatchObject({ customer_id: idOf('Initech'), customer_name: 'Initech' });
    expect(holdings().customers).toBe(before.customers + 1);
  });

  it('add_contact adds the contact to the customer named by name or domain, with its outputs', async () => {
    const quayside = idOf('Quayside Logistics');
    const outputs = success(
      await run(FUNCTIONS.addContact, {
        customer: 'Quayside Logistics',
        first_name: 'Nadia',
        last_name: 'Kowalski',
        email: 'Nadia.Kowalski@quayside-logistics.example',
        title: 'Office Manager',
      }),
    );
    expect(outputs).toEqual({ contact_id: expect.any(String), customer_id: quayside });
    expect(fake.contactEmailsOf(quayside)).toContain('nadia.kowalski@quayside-logistics.example');
    const byDomain = success(
      await run(FUNCTIONS.addContact, {
        customer: 'quayside-logistics.example',
        first_name: 'Piet',
        last_name: 'Vos',
        email: 'piet@quayside-logistics.example',
      }),
    );
    expect(byDomain.customer_id).toBe(quayside);
  });

  it('add_contact fails on an unknown customer, an invalid email or an email in use, and writes nothing', async () => {
    const before = holdings();
    expect(
      failure(
        await run(FUNCTIONS.addContact, {
          customer: 'No Such Company Ltd',
          last_name: 'Nobody',
          email: 'x@nosuch.example',
        }),
      ),
    ).toContain('No single customer matches “No Such Company Ltd”');
    expect(
      failure(await run(FUNCTIONS.addContact, { customer: 'Acme Corporation', email: 'jane at acme' })),
    ).toBe('email is not an email address');
    expect(failure(await run(FUNCTIONS.addContact, { customer: 'Acme Corporation' }))).toBe(
      'email is required',
    );
    const inUse = failure(
      await run(FUNCTIONS.addContact, {
        customer: 'Globex East',
        first_name: 'J',
        last_name: 'Doe',
        email: 'jane@acme.com',
      }),
    );
    const ws = await app.bot.services.workspaces.get('T0001');
    if (ws?.vendor.capabilities.contactLastNameRequired)
      expect(
        failure(
          await run(FUNCTIONS.addContact, { customer: 'Globex East', email: 'nolast@globex-east.com' }),
        ),
      ).toContain('last_name is required');
    expect(inUse).toContain('Jane Doe');
    expect(inUse).toContain('already has the email jane@acme.com');
    expect(holdings()).toEqual(before);
  });

  it('acts as the acting user: a guest is refused and nothing is written', async () => {
    const before = holdings();
    const refused = failure(
      await run(FUNCTIONS.addContact, {
        customer: 'Acme Corporation',
        last_name: 'Guestmade',
        email: 'guest.made@acme.com',
        acting_user: GUEST,
      }),
    );
    expect(refused).toContain('do not have access');
    expect(failure(await run(FUNCTIONS.lookupCustomer, { query: 'Acme', acting_user: GUEST }))).toContain(
      'do not have access',
    );
    expect(holdings()).toEqual(before);
    // A member acting user may; the audit row is theirs.
    success(
      await run(FUNCTIONS.addContact, {
        customer: 'Acme Corporation',
        first_name: 'Tess',
        last_name: 'Ogden',
        email: 'tess@acme.com',
        acting_user: TECH,
      }),
    );
    const audit = await app.bot.services.store.audit.latest({ workspace: 'T0001', limit: 5 });
    expect(audit[0]).toMatchObject({ userId: TECH });
  });

  it('without an acting user, follows "Workflows act as": viewer may look up but not create', async () => {
    await workflowsActAs('viewer');
    try {
      const before = holdings();
      const refused = failure(await run(FUNCTIONS.createCustomer, { name: 'Viewer Made Co' }));
      expect(refused).toContain('workflows may not create');
      expect(holdings()).toEqual(before);
      expect(success(await run(FUNCTIONS.lookupCustomer, { query: 'Globex West' })).found).toBe(true);
    } finally {
      await workflowsActAs('editor');
    }
  });
});
