// Onboarding a customer, its primary contact and custom fields in one modal, against every fake vendor (Atera,
// Syncro, Autotask, SuperOps). Vendor data is read through the fakes' neutral controls, and through the rich
// Atera and Syncro fakes where a story checks their wire records.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, CALLBACKS } from '../../blocks/actions.js';
import { FAKE_VENDORS, type FakeVendor, type FakeVendorName } from '../fakes/fake-vendor.js';
import { type FakeSuperOps, fakeVendorOf, startFakeSuperOps } from '../fakes/superops/server.js';
import type { RecordedRequest } from '../fakes/vendor-server.js';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { blockAction, type FormInput, fillView, findButton, viewSubmission } from '../helpers/payloads.js';

type Json = Record<string, unknown>;

/** A SuperOps request's root field is in its document (every one is POST /msp). */
const calls = (field: string) => (r: RecordedRequest) => {
  const query = (r.body as { query?: unknown } | undefined)?.query;
  return typeof query === 'string' && new RegExp(`\\b${field}\\s*\\(`).test(query);
};

/** A customer create, as each vendor's wire shows it. */
const CUSTOMER_CREATE: Record<FakeVendorName, (r: RecordedRequest) => boolean> = {
  atera: (r) => r.method === 'POST' && /\/customers$/.test(r.path),
  syncro: (r) => r.method === 'POST' && /\/customers$/.test(r.path),
  autotask: (r) => r.method === 'POST' && /\/companies$/i.test(r.path),
  superops: calls('createClientV2'),
};

describe.each<FakeVendorName>([...FAKE_VENDORS])('onboarding on %s', (vendor) => {
  let app: StartedApp;
  /** The rich SuperOps fake, for a fault on one GraphQL operation (every one shares POST /msp). */
  let superops: FakeSuperOps | undefined;
  let neutral: FakeVendor;
  const seed = { seed: { customers: NAMED_CUSTOMERS }, generate: { customers: 30, seed: 3 } };

  beforeAll(async () => {
    if (vendor === 'superops') {
      superops = await startFakeSuperOps(seed);
      neutral = fakeVendorOf(superops);
      app = await startApp({ env: neutral.env });
    } else {
      app = await startApp({ vendor, fakeVendor: seed });
      if (!app.fake) throw new Error('no fake vendor');
      neutral = app.fake;
    }
    // Warm the index so duplicate checks answer from it.
    const sent = await app.sendCommand('/customer', 'Acme Corporation');
    await app.responseFor(sent.responseUrl);
  });
  afterAll(async () => {
    await app.stop();
    await superops?.close();
  });
  afterEach(() => {
    expect(app.slack.violations).toEqual([]);
    neutral.clearFaults();
    superops?.clearFaults();
  });

  const customerNamed = (name: string) => neutral.customerList().filter((c) => c.name === name && c.active);
  const customerPosts = () => neutral.requests().filter(CUSTOMER_CREATE[vendor]).length;

  /** `/customer new <name>`: the modal as the user sees it once custom fields have loaded. */
  async function openOnboarding(name: string) {
    const sent = await app.sendCommand('/customer', `new ${name}`);
    const opened = await app.callTo('views.open', (a) => a.trigger_id === sent.triggerId);
    const openView = opened.view as Json;
    expect(openView.callback_id).toBe(CALLBACKS.onboarding);
    const meta = String(openView.private_metadata);
    const loaded = await app.callTo(
      'views.update',
      (a) =>
        (a.view as Json).private_metadata === meta &&
        !JSON.stringify(a.view).includes('Loading custom fields'),
    );
    const view: Json = { ...(loaded.view as Json), id: `V-${sent.triggerId}`, hash: 'h' };
    return { sent, view };
  }

  const slug = (name: string) => name.toLowerCase().replace(/\W+/g, '');
  /** Syncro keeps an email on a customer; the others a domain (Atera domains, Autotask webAddress, SuperOps emailDomains). */
  const company = (name: string, extra: Record<string, FormInput> = {}): Record<string, FormInput> => ({
    company_name: name,
    ...(vendor === 'syncro'
      ? { company_email: `info@${slug(name)}.example` }
      : { company_domains: `${slug(name)}.example` }),
    company_phone: '+1 555 200 3000',
    company_city: 'Portland',
    ...extra,
  });

  /** The block id of the custom field input labelled `name` (`cf:<type>:<name>`). */
  const blockIdFor = (view: Json, name: string): string => {
    const blocks = (view.blocks as { block_id?: string }[] | undefined) ?? [];
    const id = blocks.map((b) => b.block_id ?? '').find((b) => b.startsWith('cf:') && b.endsWith(`:${name}`));
    if (!id) throw new Error(`no custom field input for ${name}`);
    return id;
  };

  const finished = (responseUrl: string, words: string) =>
    waitUntil(
      `a message saying ${words}`,
      () =>
        app.slack.responses
          .filter((r) => responseUrl.endsWith(r.id))
          .find((r) => textOf(r.body).includes(words))?.body,
    );

  it('creates one customer, its primary contact and its custom values, and ends with the card', async () => {
    const { sent, view } = await openOnboarding('Contoso Ltd');
    const custom: Record<string, FormInput> =
      vendor === 'atera'
        ? {
            'cf:options:Contract Tier': 'Gold',
            'cf:number:Seats': '42',
            'cf:boolean:Managed Backup': 'Yes',
            'cf:date:Onboarded': '2026-11-01',
          }
        : // The other vendors' field types come from their own definitions: read the input's block id off the form.
          { [blockIdFor(view, 'Contract Tier')]: 'Gold' };
    expect(JSON.stringify(view)).toContain('Contract Tier');
    const values = fillView(view, {
      ...company('Contoso Ltd'),
      contact_first_name: 'Carla',
      contact_last_name: 'Mendes',
      contact_email: 'carla@contoso.example',
      contact_title: 'Office Manager',
      ...custom,
    });
    const reply = await app.sendPayload(viewSubmission({ view, values }));
    expect(reply.json).toMatchObject({ response_action: 'clear' });
    const card = await finished(sent.responseUrl, 'Onboarded by');
    expect(textOf(card)).toContain('Contoso Ltd');
    expect(textOf(card)).toContain('Carla Mendes');
    const created = customerNamed('Contoso Ltd');
    expect(created).toHaveLength(1);
    const id = created[0]?.id ?? '';
    expect(neutral.contactEmailsOf(id)).toEqual(['carla@contoso.example']);
    expect(neutral.customValuesOf(id)).toMatchObject({ 'Contract Tier': 'Gold' });
    if (app.atera) {
      const contacts = app.atera.contacts().filter((c) => c.CustomerID === Number(id));
      expect(contacts).toHaveLength(1);
      expect(contacts[0]).toMatchObject({
        Firstname: 'Carla',
        IsContactPerson: true,
        JobTitle: 'Office Manager',
      });
      expect(app.atera.customValues(Number(id))).toMatchObject({
        'Contract Tier': 'Gold',
        Seats: '42',
        'Managed Backup': 'true',
        Onboarded: '2026-11-01',
      });
    } else if (app.syncro) {
      const contacts = app.syncro.contacts().filter((c) => c.customer_id === Number(id));
      expect(contacts).toHaveLength(1);
      expect(contacts[0]).toMatchObject({ name: 'Carla Mendes', email: 'carla@contoso.example' });
      expect(app.syncro.customer(Number(id))?.properties).toMatchObject({ 'Contract Tier': 'Gold' });
    }
  });

  it('returns invalid input as field errors and creates nothing', async () => {
    const { view } = await openOnboarding('');
    const before = customerPosts();
    // Seats is a number wherever the vendor says so (Atera's fixed types, Autotask's UDF `double`).
    const seats =
      vendor === 'atera' ? 'cf:number:Seats' : vendor === 'autotask' ? blockIdFor(view, 'Seats') : '';
    const values = fillView(view, {
      company_name: null,
      contact_first_name: 'Ann',
      contact_email: 'not-an-email',
      ...(seats ? { [seats]: 'lots' } : {}),
    });
    const reply = await app.sendPayload(viewSubmission({ view, values }));
    expect(reply.json?.response_action).toBe('errors');
    const errors = reply.json?.errors as Record<string, string>;
    expect(Object.keys(errors)).toEqual(
      expect.arrayContaining(['company_name', 'contact_email', ...(seats ? [seats] : [])]),
    );
    expect(customerPosts()).toBe(before);
  });

  const duplicateCases: [string, Record<string, FormInput>][] = [
    ['a similar name', company('Acme Corp')],
    [
      'a contact with the same email',
      {
        ...company('Brand New Widgets'),
        contact_first_name: 'Janet',
        contact_last_name: 'Jones',
        contact_email: 'jane@acme.com',
      },
    ],
    ...(vendor !== 'syncro'
      ? ([['the same domain', company('Roadrunner Traps', { company_domains: 'acme.com' })]] as [
          string,
          Record<string, FormInput>,
        ][])
      : []),
  ];
  for (const [why, input] of duplicateCases) {
    it(`stops for a choice on ${why}, and creates only after "Create anyway"`, async () => {
      const name = String(input.company_name);
      const { sent, view } = await openOnboarding(name);
      const before = customerPosts();
      const reply = await app.sendPayload(viewSubmission({ view, values: fillView(view, input) }));
      expect(reply.json?.response_action).toBe('push');
      const pushed = reply.json?.view as Json;
      expect(pushed.callback_id).toBe(CALLBACKS.onboardingDuplicates);
      expect(textOf(pushed)).toMatch(/Acme Corporation/);
      expect(findButton(pushed, ACTIONS.onboardingOpenExisting)).toBeDefined();
      expect(customerPosts()).toBe(before);
      const anyway = await app.sendPayload(
        viewSubmission({ view: { ...pushed, id: 'V-dup', hash: 'h' }, values: {} }),
      );
      expect(anyway.json).toMatchObject({ response_action: 'clear' });
      const done = await waitUntil('the onboarded card or its failure', () =>
        app.slack.responses
          .filter((r) => sent.responseUrl.endsWith(r.id))
          .find((r) => /Onboarded by|incomplete/.test(textOf(r.body))),
      );
      // SuperOps keeps an email domain to one client: the second is refused there, in its words.
      if (vendor === 'superops' && why === 'the same domain') {
        expect(textOf(done.body)).toMatch(
          /:x: Create customer Roadrunner Traps: .*already uses this email domain\. A retry sends the same details/,
        );
        expect(customerNamed(name)).toHaveLength(0);
        return;
      }
      expect(customerPosts()).toBe(before + 1);
      expect(customerNamed(name)).toHaveLength(1);
      // SuperOps keeps an email unique across every client user and technician: the contact is refused there,
      // in its words, and the customer stands.
      if (vendor === 'superops' && why === 'a contact with the same email') {
        expect(textOf(done.body)).toMatch(
          /:x: Add primary contact Janet Jones: .*already belongs to another SuperOps user/,
        );
        return;
      }
      expect(textOf(done.body)).toContain('Onboarded by');
    });
  }

  it('reports a failed contact step and retries only the missing steps', async () => {
    const { sent, view } = await openOnboarding('Fabrikam Inc');
    if (vendor === 'superops')
      superops?.injectOperation({ operation: 'createClientUser', status: 500, times: 1 });
    else
      neutral.inject({
        method: 'POST',
        path: vendor === 'autotask' ? /\/companies\/\d+\/contacts$/i : /\/contacts$/,
        status: vendor === 'atera' ? 400 : vendor === 'syncro' ? 422 : 500,
        times: 1,
      });
    const before = customerPosts();
    const values = fillView(view, {
      ...company('Fabrikam Inc'),
      contact_first_name: 'Fred',
      contact_last_name: 'Frank',
      contact_email: 'fred@fabrikam.example',
    });
    await app.sendPayload(viewSubmission({ view, values }));
    const report = await finished(sent.responseUrl, 'incomplete');
    expect(textOf(report)).toMatch(/:white_check_mark: Create customer Fabrikam Inc/);
    expect(textOf(report)).toMatch(/:x: Add primary contact Fred/);
    const retry = findButton(report, ACTIONS.onboardingRetry);
    expect(retry).toBeDefined();
    const retryUrl = app.slack.responseUrl();
    await app.sendPayload(
      blockAction({ actionId: ACTIONS.onboardingRetry, value: String(retry?.value), responseUrl: retryUrl }),
    );
    await finished(retryUrl, 'Onboarded by');
    expect(customerPosts()).toBe(before + 1);
    const created = customerNamed('Fabrikam Inc');
    expect(created).toHaveLength(1);
    expect(neutral.contactEmailsOf(created[0]?.id ?? '')).toEqual(['fred@fabrikam.example']);
  });

  it('creates one customer when the same submission arrives twice', async () => {
    const { sent, view } = await openOnboarding('Northwind Traders');
    const payload = viewSubmission({ view, values: fillView(view, company('Northwind Traders')) });
    const replies = await Promise.all([app.sendPayload(payload), app.sendPayload(payload)]);
    expect(replies.map((r) => r.json?.response_action)).toEqual(['clear', 'clear']);
    await finished(sent.responseUrl, 'Onboarded by');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(customerNamed('Northwind Traders')).toHaveLength(1);
  });
});
