// Onboarding a customer, its primary contact and custom fields in one modal, against fake Atera and fake Syncro.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, CALLBACKS } from '../../blocks/actions.js';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { blockAction, type FormInput, fillView, findButton, viewSubmission } from '../helpers/payloads.js';

type Json = Record<string, unknown>;
type Vendor = 'atera' | 'syncro';

describe.each<Vendor>(['atera', 'syncro'])('onboarding on %s', (vendor) => {
  let app: StartedApp;
  const seed = { seed: { customers: NAMED_CUSTOMERS }, generate: { customers: 30, seed: 3 } };

  beforeAll(async () => {
    app = await startApp({ vendor, atera: seed, syncro: seed });
    // Warm the index so duplicate checks answer from it.
    const sent = await app.sendCommand('/customer', 'Acme Corporation');
    await app.responseFor(sent.responseUrl);
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
  const customerNamed = (name: string) =>
    fake()
      .customers()
      .filter((c) => ('CustomerName' in c ? c.CustomerName : c.business_name) === name);
  const customerPosts = () =>
    fake()
      .requests('POST')
      .filter((r) => /\/customers$/.test(r.path)).length;

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

  const company = (name: string, extra: Record<string, FormInput> = {}): Record<string, FormInput> => ({
    company_name: name,
    ...(vendor === 'atera'
      ? { company_domains: `${name.toLowerCase().replace(/\W+/g, '')}.example` }
      : { company_email: `info@${name.toLowerCase().replace(/\W+/g, '')}.example` }),
    company_phone: '+1 555 200 3000',
    company_city: 'Portland',
    ...extra,
  });

  /** The block id of the custom field input labelled `name` (`cf:<type>:<name>`). */
  const blockIdFor = (view: Record<string, unknown>, name: string): string => {
    const blocks = (view.blocks as { block_id?: string }[] | undefined) ?? [];
    const id = blocks.map((b) => b.block_id ?? '').find((b) => b.startsWith('cf:') && b.endsWith(`:${name}`));
    if (!id) throw new Error(`no custom field input for ${name}`);
    return id;
  };

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
        : // Syncro's field types come from its /settings: read the input's block id off the form.
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
    const card = await waitUntil(
      'the finished card',
      () =>
        app.slack.responses
          .filter((r) => sent.responseUrl.endsWith(r.id))
          .find((r) => textOf(r.body).includes('Onboarded by'))?.body,
    );
    expect(textOf(card)).toContain('Contoso Ltd');
    expect(textOf(card)).toContain('Carla Mendes');
    const created = customerNamed('Contoso Ltd');
    expect(created).toHaveLength(1);
    const id = Number(created[0] && ('CustomerID' in created[0] ? created[0].CustomerID : created[0].id));
    const contacts = fake()
      .contacts()
      .filter((c) => ('CustomerID' in c ? c.CustomerID : c.customer_id) === id);
    expect(contacts).toHaveLength(1);
    if (app.atera) {
      expect(contacts[0]).toMatchObject({
        Firstname: 'Carla',
        IsContactPerson: true,
        JobTitle: 'Office Manager',
      });
      expect(app.atera.customValues(id)).toMatchObject({
        'Contract Tier': 'Gold',
        Seats: '42',
        'Managed Backup': 'true',
        Onboarded: '2026-11-01',
      });
    } else {
      expect(contacts[0]).toMatchObject({ name: 'Carla Mendes', email: 'carla@contoso.example' });
      expect(app.syncro?.customer(id)?.properties).toMatchObject({ 'Contract Tier': 'Gold' });
    }
  });

  it('returns invalid input as field errors and creates nothing', async () => {
    const { view } = await openOnboarding('');
    const before = customerPosts();
    const values = fillView(view, {
      company_name: null,
      contact_first_name: 'Ann',
      contact_email: 'not-an-email',
      ...(vendor === 'atera' ? { 'cf:number:Seats': 'lots' } : {}),
    });
    const reply = await app.sendPayload(viewSubmission({ view, values }));
    expect(reply.json?.response_action).toBe('errors');
    const errors = reply.json?.errors as Record<string, string>;
    expect(Object.keys(errors)).toEqual(
      expect.arrayContaining([
        'company_name',
        'contact_email',
        ...(vendor === 'atera' ? ['cf:number:Seats'] : []),
      ]),
    );
    expect(customerPosts()).toBe(before);
  });

  const duplicateCases: [string, Record<string, FormInput>][] = [
    ['a similar name', company('Acme Corp')],
    [
      'a contact with the same email',
      { ...company('Brand New Widgets'), contact_first_name: 'Janet', contact_email: 'jane@acme.com' },
    ],
    ...(vendor === 'atera'
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
      await waitUntil('the onboarded card', () =>
        app.slack.responses
          .filter((r) => sent.responseUrl.endsWith(r.id))
          .find((r) => textOf(r.body).includes('Onboarded by')),
      );
      expect(customerPosts()).toBe(before + 1);
      expect(customerNamed(name)).toHaveLength(1);
    });
  }

  it('reports a failed contact step and retries only the missing steps', async () => {
    const { sent, view } = await openOnboarding('Fabrikam Inc');
    fake().inject({ method: 'POST', path: /\/contacts$/, status: vendor === 'atera' ? 400 : 422, times: 1 });
    const before = customerPosts();
    const values = fillView(view, {
      ...company('Fabrikam Inc'),
      contact_first_name: 'Fred',
      contact_email: 'fred@fabrikam.example',
    });
    await app.sendPayload(viewSubmission({ view, values }));
    const report = await waitUntil(
      'the partial report',
      () =>
        app.slack.responses
          .filter((r) => sent.responseUrl.endsWith(r.id))
          .find((r) => textOf(r.body).includes('incomplete'))?.body,
    );
    expect(textOf(report)).toMatch(/:white_check_mark: Create customer Fabrikam Inc/);
    expect(textOf(report)).toMatch(/:x: Add primary contact Fred/);
    const retry = findButton(report, ACTIONS.onboardingRetry);
    expect(retry).toBeDefined();
    const retryUrl = app.slack.responseUrl();
    await app.sendPayload(
      blockAction({ actionId: ACTIONS.onboardingRetry, value: String(retry?.value), responseUrl: retryUrl }),
    );
    await waitUntil('the finished card after retry', () =>
      app.slack.responses
        .filter((r) => retryUrl.endsWith(r.id))
        .find((r) => textOf(r.body).includes('Onboarded by')),
    );
    expect(customerPosts()).toBe(before + 1);
    expect(customerNamed('Fabrikam Inc')).toHaveLength(1);
    expect(
      fake()
        .contacts()
        .filter((c) => ('Email' in c ? c.Email : c.email) === 'fred@fabrikam.example'),
    ).toHaveLength(1);
  });

  it('creates one customer when the same submission arrives twice', async () => {
    const { sent, view } = await openOnboarding('Northwind Traders');
    const payload = viewSubmission({ view, values: fillView(view, company('Northwind Traders')) });
    const replies = await Promise.all([app.sendPayload(payload), app.sendPayload(payload)]);
    expect(replies.map((r) => r.json?.response_action)).toEqual(['clear', 'clear']);
    await waitUntil('the onboarded card', () =>
      app.slack.responses
        .filter((r) => sent.responseUrl.endsWith(r.id))
        .find((r) => textOf(r.body).includes('Onboarded by')),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(customerNamed('Northwind Traders')).toHaveLength(1);
  });
});
