// A technician's day with /customer and /contact, against every fake vendor (Atera, Syncro, Autotask, SuperOps),
// over signed HTTP. Vendor data is read through the fakes' neutral controls; what reached the vendor's wire is
// told apart per vendor (the `wire` table below), since that is where the vendors differ.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, CALLBACKS } from '../../blocks/actions.js';
import { FAKE_VENDORS, type FakeVendor, type FakeVendorName } from '../fakes/fake-vendor.js';
import type { RecordedRequest } from '../fakes/vendor-server.js';
import { HOSTILE_NAME, NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { blockAction, blockSuggestion, fillView, findButton, viewSubmission } from '../helpers/payloads.js';

type Json = Record<string, unknown>;

/** A SuperOps request's GraphQL operation (every one is POST /msp). */
const graphql = (r: RecordedRequest): { query: string; input: Json } => {
  const body = (r.body ?? {}) as { query?: unknown; variables?: { input?: unknown } };
  const input = body.variables?.input;
  return {
    query: typeof body.query === 'string' ? body.query : '',
    input: typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Json) : {},
  };
};
const calls = (field: string) => (r: RecordedRequest) =>
  new RegExp(`\\b${field}\\s*\\(`).test(graphql(r).query);

/** How each vendor's wire shows the reads and writes these stories look at. */
interface Wire {
  /** A read of customers (lists, searches, records). */
  customerRead(r: RecordedRequest): boolean;
  contactCreate(r: RecordedRequest): boolean;
  customerWrite(r: RecordedRequest): boolean;
  /** The record fields a customer write sent (ids left out). */
  writtenKeys(r: RecordedRequest): string[];
  /** The edit's city, by the vendor's own name. */
  city: string;
}

const keysBesides = (body: unknown, ...ids: string[]) =>
  Object.keys((body ?? {}) as Json).filter((k) => !ids.includes(k));

const WIRE: Record<FakeVendorName, Wire> = {
  atera: {
    customerRead: (r) => r.method === 'GET' && /customers/.test(r.path),
    contactCreate: (r) => r.method === 'POST' && r.path.includes('contacts'),
    customerWrite: (r) => r.method === 'PUT' || (r.method === 'POST' && /customers\/\d+$/.test(r.path)),
    writtenKeys: (r) => keysBesides(r.body),
    city: 'City',
  },
  syncro: {
    customerRead: (r) => r.method === 'GET' && /customers/.test(r.path),
    contactCreate: (r) => r.method === 'POST' && r.path.includes('contacts'),
    customerWrite: (r) => r.method === 'PUT' || (r.method === 'POST' && /customers\/\d+$/.test(r.path)),
    writtenKeys: (r) => keysBesides(r.body),
    city: 'city',
  },
  autotask: {
    // Queries are POSTs (Companies/query), records GETs (Companies/{id}); paths are case-insensitive.
    customerRead: (r) => /\/companies(\/query|\/\d+$)/i.test(r.path) && !/contacts/i.test(r.path),
    contactCreate: (r) => r.method === 'POST' && /\/companies\/\d+\/contacts$/i.test(r.path),
    customerWrite: (r) => r.method === 'PATCH' && /\/companies$/i.test(r.path),
    writtenKeys: (r) => keysBesides(r.body, 'id'),
    city: 'city',
  },
  superops: {
    customerRead: (r) => calls('getClientList')(r) || calls('getClient')(r),
    contactCreate: calls('createClientUser'),
    // A client's address lives on its HQ site: a city edit is an updateClientSite.
    customerWrite: (r) => calls('updateClient')(r) || calls('updateClientSite')(r),
    writtenKeys: (r) => keysBesides(graphql(r).input, 'id', 'accountId'),
    city: 'city',
  },
};

// One app per vendor for the whole file, so the slow story (a vendor that never answers) runs on all at once.
const apps = new Map<FakeVendorName, StartedApp>();
const seed = { seed: { customers: NAMED_CUSTOMERS }, generate: { customers: 137, seed: 7 } };

beforeAll(async () => {
  await Promise.all(
    FAKE_VENDORS.map(async (vendor) => apps.set(vendor, await startApp({ vendor, fakeVendor: seed }))),
  );
});
afterAll(async () => {
  await Promise.all([...apps.values()].map((app) => app.stop()));
});

function appOn(vendor: FakeVendorName): StartedApp {
  const app = apps.get(vendor);
  if (!app) throw new Error(`no app on ${vendor}`);
  return app;
}

function fakeOf(app: StartedApp): FakeVendor {
  if (!app.fake) throw new Error('no fake vendor');
  return app.fake;
}

async function lookupOn(app: StartedApp, command: string, text: string) {
  const sent = await app.sendCommand(command, text);
  expect(sent.status).toBe(200);
  return app.responseFor(sent.responseUrl);
}

describe.each<FakeVendorName>([...FAKE_VENDORS])('lookups on %s', (vendor) => {
  let app: StartedApp;
  const wire = WIRE[vendor];

  beforeAll(() => {
    app = appOn(vendor);
  });
  afterEach(() => {
    expect(app.slack.violations).toEqual([]);
    app.fake?.clearFaults();
  });

  const fake = () => fakeOf(app);
  const lookup = (command: string, text: string) => lookupOn(app, command, text);

  it('finds a customer by its exact name and shows its card with contacts and actions', async () => {
    const reply = await lookup('/customer', 'Acme Corporation');
    expect(reply.response_type).toBe('ephemeral');
    const text = textOf(reply);
    expect(text).toContain('Acme Corporation');
    expect(text).toContain('Jane Doe');
    // SuperOps keeps the address on the client's HQ site, which lists leave out: the card reads the client.
    expect(text).toContain('Springfield');
    for (const action of [
      ACTIONS.customerAddContact,
      ACTIONS.customerEdit,
      ACTIONS.customerDelete,
      ACTIONS.share,
    ]) {
      expect(findButton(reply, action)).toBeDefined();
    }
    expect(findButton(reply, ACTIONS.customerDelete)).toMatchObject({
      style: 'danger',
      confirm: expect.any(Object),
    });
  });

  it('serves a repeated card from the warm index: only what a card reads afresh reaches the vendor', async () => {
    await lookup('/customer', 'Initech LLC');
    const before = fake().requests().length;
    expect(textOf(await lookup('/customer', 'Initech LLC'))).toContain('Peter Gibbons');
    const made = fake().requests().slice(before);
    const id = fake().customerIdByName('Initech LLC');
    switch (vendor) {
      case 'atera':
        expect(made).toEqual([]);
        break;
      case 'syncro':
        // Syncro's customer record embeds its contacts (GET /customers/{id}): one request for a card's contacts.
        expect(made.map((r) => r.path)).toEqual([expect.stringMatching(/^\/api\/v1\/customers\/\d+$/)]);
        break;
      case 'autotask':
        // The company's contacts, by one query on companyID; no list or search of companies.
        expect(made.filter(wire.customerRead)).toEqual([]);
        expect(made.map((r) => `${r.method} ${r.path}`)).toEqual([
          expect.stringMatching(/^POST \/ATServicesRest\/V1\.0\/Contacts\/query$/i),
        ]);
        expect(JSON.stringify(made[0]?.body)).toContain(String(id));
        break;
      case 'superops':
        // Lists are summaries (no HQ site): the card reads the client itself, and its users; never the list.
        expect(made.filter(calls('getClientList'))).toEqual([]);
        expect(made.some(calls('getClient'))).toBe(true);
        break;
    }
  });

  it('tolerates a typo', async () => {
    expect(textOf(await lookup('/customer', 'acmee corporatoin'))).toContain('Acme Corporation');
  });

  it('finds a customer by domain, by a contact email and by phone digits in another format', async () => {
    // Syncro keeps no domain on a customer; the others do (Atera domains, Autotask webAddress, SuperOps emailDomains).
    if (vendor !== 'syncro') expect(textOf(await lookup('/customer', 'acme.com'))).toContain('Jane Doe');
    expect(textOf(await lookup('/customer', 'jane@acme.com'))).toContain('Acme Corporation');
    const byPhone = textOf(await lookup('/customer', '555 867 5309'));
    // SuperOps keeps a client's phone on its HQ site, which client lists leave out: the answer says so.
    if (vendor === 'superops')
      expect(byPhone).toMatch(/No customer matches.*a phone number cannot be searched/s);
    else expect(byPhone).toContain('Initech LLC');
  });

  it('finds a customer that sits on the last page', async () => {
    const name = fake().customerList().at(-1)?.name;
    if (!name) throw new Error('no last customer');
    expect(textOf(await lookup('/customer', name))).toContain(name);
  });

  it('lists several plausible matches with a View button each, and View opens the card', async () => {
    const reply = await lookup('/customer', 'globex');
    const text = textOf(reply);
    expect(text).toContain('Globex East');
    expect(text).toContain('Globex West');
    const view = findButton(reply, ACTIONS.customerView);
    expect(view).toBeDefined();
    const responseUrl = app.slack.responseUrl();
    await app.sendPayload(
      blockAction({ actionId: ACTIONS.customerView, value: String(view?.value), responseUrl }),
    );
    expect(textOf(await app.responseFor(responseUrl))).toMatch(/Globex (East|West)/);
  });

  it('says when nothing matches, suggests close names and offers to create the customer', async () => {
    const reply = await lookup('/customer', 'Initeck');
    expect(textOf(reply)).toContain('Initech LLC');
    const create = await lookup('/customer', 'Zyxwv Unheardof');
    expect(textOf(create)).toContain('No customer matches');
    expect(findButton(create, ACTIONS.customerCreate)).toMatchObject({ value: 'Zyxwv Unheardof' });
  });

  it('renders a hostile customer name inert', async () => {
    const reply = await lookup('/customer', 'evil.example');
    // Plain text (the header) is not parsed for mentions or links, so the name may read as typed there only.
    const blocks = (reply.blocks as { type: string }[]).filter((b) => b.type !== 'header');
    const raw = JSON.stringify({ ...reply, blocks });
    expect(raw).toContain('&lt;!channel&gt;');
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<https://x|click>');
    expect(JSON.stringify(reply.blocks)).toContain(JSON.stringify(HOSTILE_NAME));
  });

  it('finds a contact by name and by email', async () => {
    expect(textOf(await lookup('/contact', 'jane@acme.com'))).toContain('Jane Doe');
    expect(textOf(await lookup('/contact', 'Peter Gibbons'))).toContain('peter@initech.com');
  });

  it('explains a vendor failure in words', async () => {
    // The index is warm, so the failure comes from what a first card still reads (custom values or contacts):
    // ask for a customer no test has shown yet.
    const first = fake().customerList()[20]?.name;
    fake().inject({ path: /./, status: 500 });
    const failed = await lookup('/customer', first ?? '');
    expect(textOf(failed)).toMatch(/Could not look up customers\..*having trouble.*Try again/s);
  });

  describe('the contact modal', () => {
    async function openAdd(text: string) {
      const sent = await app.sendCommand('/contact', text);
      expect(sent.status).toBe(200);
      const open = await app.callTo('views.open', (a) => a.trigger_id === sent.triggerId);
      const view: Json = {
        ...(open.view as Json),
        id: `V${sent.triggerId}`,
        hash: 'h1',
      };
      return { sent, view };
    }

    it('opens with the trigger_id of the command, the named customer pre-selected', async () => {
      const { view } = await openAdd('add Acme Corporation');
      expect(view.callback_id).toBe(CALLBACKS.contactAdd);
      expect(JSON.stringify(view)).toContain('Acme Corporation');
    });

    it('answers the customer typeahead from the index', async () => {
      const { view } = await openAdd('add');
      // The modal may still be loading its custom fields; the typeahead itself asks the vendor for no customers.
      const customerReads = () => fake().requests().filter(wire.customerRead).length;
      const before = customerReads();
      const reply = await app.sendPayload(
        blockSuggestion({ actionId: ACTIONS.customerPicker, blockId: 'customer', value: 'glob', view }),
      );
      expect(reply.status).toBe(200);
      const names = ((reply.json?.options as { text: { text: string } }[]) ?? []).map((o) => o.text.text);
      expect(names).toEqual(expect.arrayContaining(['Globex East', 'Globex West']));
      expect(customerReads()).toBe(before);
    });

    it('rejects a bad email and a duplicate email as field errors and creates nothing', async () => {
      const { view } = await openAdd('add Acme Corporation');
      const posts = () => fake().requests().filter(wire.contactCreate).length;
      const before = posts();
      const bad = await app.sendPayload(
        viewSubmission({
          view,
          values: fillView(view, { first_name: 'Ann', last_name: 'Lee', email: 'not-an-email' }),
        }),
      );
      expect(bad.json).toMatchObject({
        response_action: 'errors',
        errors: { email: expect.stringContaining('email') },
      });
      const dup = await app.sendPayload(
        viewSubmission({
          view,
          values: fillView(view, { first_name: 'Ann', last_name: 'Lee', email: 'jane@acme.com' }),
        }),
      );
      expect(dup.json).toMatchObject({
        response_action: 'errors',
        errors: { email: expect.stringContaining('Jane Doe') },
      });
      const noName = await app.sendPayload(
        viewSubmission({ view, values: fillView(view, { first_name: null, email: 'ann@acme.com' }) }),
      );
      expect(noName.json).toMatchObject({
        response_action: 'errors',
        errors: { first_name: expect.any(String) },
      });
      expect(posts()).toBe(before);
    });

    it('creates the contact at the vendor and confirms with its card', async () => {
      const { sent, view } = await openAdd('add Acme Corporation');
      const reply = await app.sendPayload(
        viewSubmission({
          view,
          values: fillView(view, {
            first_name: 'Ann',
            last_name: 'Lee',
            email: 'ann.lee@acme.com',
            title: 'CFO',
          }),
        }),
      );
      expect(reply.json).toMatchObject({ response_action: 'update' });
      const confirmation = await app.responseFor(sent.responseUrl);
      expect(textOf(confirmation)).toContain('Ann Lee');
      const acme = fake().customerIdByName('Acme Corporation');
      expect(fake().contactEmailsOf(acme ?? '')).toContain('ann.lee@acme.com');
    });
  });

  it('sends only the changed field when a customer is edited', async () => {
    const card = await lookup('/customer', 'Initech LLC');
    const edit = findButton(card, ACTIONS.customerEdit);
    const click = blockAction({
      actionId: ACTIONS.customerEdit,
      value: String(edit?.value),
      responseUrl: app.slack.responseUrl(),
    });
    await app.sendPayload(click);
    const opened = await app.callTo('views.open', (a) => a.trigger_id === click.trigger_id);
    const filled = await app.callTo(
      'views.update',
      (a) => (a.view as { callback_id?: string }).callback_id === CALLBACKS.customerEdit,
    );
    const view = { ...(filled.view as Json), id: filled.view_id ?? opened.view_id };
    const writesBefore = fake().requests().filter(wire.customerWrite).length;
    const reply = await app.sendPayload(viewSubmission({ view, values: fillView(view, { city: 'Austin' }) }));
    expect(reply.json).toMatchObject({ response_action: 'update' });
    await app.callTo('views.update', (a) => JSON.stringify(a.view).includes('Saved'));
    const writes = fake().requests().filter(wire.customerWrite);
    expect(writes).toHaveLength(writesBefore + 1);
    const last = writes.at(-1);
    if (!last) throw new Error('no write');
    expect(wire.writtenKeys(last)).toEqual([wire.city]);
  });
});

describe('a vendor that does not answer', () => {
  // Each attempt waits out VENDOR_TIMEOUT_SECONDS, and a read is retried a few times before giving up: some
  // ten seconds a vendor, so the four run side by side.
  it.concurrent.each<FakeVendorName>([...FAKE_VENDORS])(
    'is explained as a timeout in words on %s',
    async (vendor) => {
      const app = appOn(vendor);
      const fake = fakeOf(app);
      // A customer no other story has shown, so its card still reads the vendor.
      const second = fake.customerList()[21]?.name;
      fake.inject({ path: /./, hang: true });
      try {
        const sent = await app.sendCommand('/customer', second ?? '');
        const slow = await waitUntil(
          'the timeout message',
          () => app.slack.responses.find((r) => sent.responseUrl.endsWith(r.id))?.body,
          30_000,
        );
        expect(textOf(slow)).toMatch(/did not answer in time/);
        expect(app.slack.violations).toEqual([]);
      } finally {
        fake.clearFaults();
      }
    },
    40_000,
  );
});
