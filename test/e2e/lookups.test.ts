// A technician's day with /customer and /contact, against fake Atera and fake Syncro, over signed HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, CALLBACKS } from '../../blocks/actions.js';
import { HOSTILE_NAME, NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { blockAction, blockSuggestion, fillView, findButton, viewSubmission } from '../helpers/payloads.js';

type Vendor = 'atera' | 'syncro';

describe.each<Vendor>(['atera', 'syncro'])('lookups on %s', (vendor) => {
  let app: StartedApp;
  const seed = { seed: { customers: NAMED_CUSTOMERS }, generate: { customers: 137, seed: 7 } };

  beforeAll(async () => {
    app = await startApp({ vendor, atera: seed, syncro: seed });
  });
  afterAll(async () => {
    await app.stop();
  });
  afterEach(() => {
    expect(app.slack.violations).toEqual([]);
    app.atera?.clearFaults();
    app.syncro?.clearFaults();
  });

  const fake = () => {
    const f = app.atera ?? app.syncro;
    if (!f) throw new Error('no fake vendor');
    return f;
  };

  async function lookup(command: string, text: string) {
    const sent = await app.sendCommand(command, text);
    expect(sent.status).toBe(200);
    return app.responseFor(sent.responseUrl);
  }

  it('finds a customer by its exact name and shows its card with contacts and actions', async () => {
    const reply = await lookup('/customer', 'Acme Corporation');
    expect(reply.response_type).toBe('ephemeral');
    const text = textOf(reply);
    expect(text).toContain('Acme Corporation');
    expect(text).toContain('Jane Doe');
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

  it('serves a repeated card from the warm index: no vendor request on Atera, only the customer with its contacts on Syncro', async () => {
    await lookup('/customer', 'Initech LLC');
    const before = fake().requests().length;
    expect(textOf(await lookup('/customer', 'Initech LLC'))).toContain('Peter Gibbons');
    const made = fake().requests().slice(before);
    // Syncro's customer record embeds its contacts (GET /customers/{id}): one request for a card's contacts.
    if (vendor === 'atera') expect(made).toEqual([]);
    else expect(made.map((r) => r.path)).toEqual([expect.stringMatching(/^\/api\/v1\/customers\/\d+$/)]);
  });

  it('tolerates a typo', async () => {
    expect(textOf(await lookup('/customer', 'acmee corporatoin'))).toContain('Acme Corporation');
  });

  it('finds a customer by domain, by a contact email and by phone digits in another format', async () => {
    if (vendor === 'atera') expect(textOf(await lookup('/customer', 'acme.com'))).toContain('Jane Doe');
    expect(textOf(await lookup('/customer', 'jane@acme.com'))).toContain('Acme Corporation');
    expect(textOf(await lookup('/customer', '555 867 5309'))).toContain('Initech LLC');
  });

  it('finds a customer that sits on the last page', async () => {
    const last = fake().customers().at(-1);
    const name = last && ('CustomerName' in last ? last.CustomerName : last.business_name);
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

  it('explains a vendor failure and a vendor timeout in words', async () => {
    // The index is warm, so the failure comes from what a first card still reads (custom values or contacts):
    // ask for customers no test has shown yet.
    const [first, second] = fake()
      .customers()
      .slice(20, 22)
      .map((c) => ('CustomerName' in c ? c.CustomerName : c.business_name) ?? '');
    fake().inject({ path: /./, status: 500 });
    const failed = await lookup('/customer', first ?? '');
    expect(textOf(failed)).toMatch(/Could not look up customers\..*having trouble.*Try again/s);
    fake().clearFaults();
    fake().inject({ path: /./, hang: true });
    const sent = await app.sendCommand('/customer', second ?? '');
    // Each attempt waits out VENDOR_TIMEOUT_SECONDS, and a read is retried a few times before giving up.
    const slow = await waitUntil(
      'the timeout message',
      () => app.slack.responses.find((r) => sent.responseUrl.endsWith(r.id))?.body,
      30_000,
    );
    expect(textOf(slow)).toMatch(/did not answer in time/);
  }, 40_000);

  describe('the contact modal', () => {
    async function openAdd(text: string) {
      const sent = await app.sendCommand('/contact', text);
      expect(sent.status).toBe(200);
      const open = await app.callTo('views.open', (a) => a.trigger_id === sent.triggerId);
      const view: Record<string, unknown> = {
        ...(open.view as Record<string, unknown>),
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
      const customerReads = () =>
        fake()
          .requests('GET')
          .filter((r) => /customers/.test(r.path)).length;
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
      const posts = () =>
        fake()
          .requests('POST')
          .filter((r) => r.path.includes('contacts')).length;
      const before = posts();
      const bad = await app.sendPayload(
        viewSubmission({ view, values: fillView(view, { first_name: 'Ann', email: 'not-an-email' }) }),
      );
      expect(bad.json).toMatchObject({
        response_action: 'errors',
        errors: { email: expect.stringContaining('email') },
      });
      const dup = await app.sendPayload(
        viewSubmission({ view, values: fillView(view, { first_name: 'Ann', email: 'jane@acme.com' }) }),
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
      const created = fake()
        .contacts()
        .find((c) => ('Email' in c ? c.Email : c.email) === 'ann.lee@acme.com');
      expect(created).toBeDefined();
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
    const view = { ...(filled.view as Record<string, unknown>), id: filled.view_id ?? opened.view_id };
    const writesBefore = fake()
      .requests()
      .filter((r) => r.method === 'PUT' || (r.method === 'POST' && /customers\/\d+$/.test(r.path))).length;
    const reply = await app.sendPayload(viewSubmission({ view, values: fillView(view, { city: 'Austin' }) }));
    expect(reply.json).toMatchObject({ response_action: 'update' });
    await app.callTo('views.update', (a) => JSON.stringify(a.view).includes('Saved'));
    const writes = fake()
      .requests()
      .filter((r) => r.method === 'PUT' || (r.method === 'POST' && /customers\/\d+$/.test(r.path)));
    expect(writes).toHaveLength(writesBefore + 1);
    const body = writes.at(-1)?.body as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([vendor === 'atera' ? 'City' : 'city']);
  });
});
