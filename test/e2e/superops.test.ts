// SuperOps end to end over signed HTTP (issue 17, deletes aside): lookups with typos and by domain, the card with
// its custom fields and its HQ site's address and phone, client users added with the default requester role (or
// the one picked), onboarding with an HQ site in the Slack user's own time zone, an email SuperOps already knows
// explained in the modal, a rate_limit_exceeded survived, and a bad token or subdomain explained in Connect.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, CALLBACKS } from '../../blocks/actions.js';
import { choiceBlockId } from '../../blocks/custom-fields.js';
import { CHOICE_KEYS } from '../../src/vendors/superops/mapping.js';
import { type FakeSuperOps, fakeVendorOf, startFakeSuperOps } from '../fakes/superops/server.js';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { filledModal, type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { connectThroughHome, install, OAUTH_ENV, team } from '../helpers/oauth.js';
import { blockAction, carriedId, fillView, viewSubmission } from '../helpers/payloads.js';

type Json = Record<string, unknown>;

/** A technician of the fake account (test/fakes/superops/server.ts): SuperOps keeps emails unique across them too. */
const TECHNICIAN_EMAIL = 'jason.wheeler@fakemsp.example';
const ROLES = { clientAdmin: '3', requester: '4' };
const BERLIN = { id: 'U0BERLIN', name: 'berta', tz: 'Europe/Berlin' };

const customers = NAMED_CUSTOMERS.map((c) =>
  c.name === 'Acme Corporation'
    ? { ...c, customFields: { 'Contract Tier': 'Gold', Seats: 42, 'Managed Backup': true } }
    : c,
);

let superops: FakeSuperOps;
let app: StartedApp;

beforeAll(async () => {
  superops = await startFakeSuperOps({ seed: { customers }, generate: { customers: 40, seed: 9 } });
  const acme = superops.clientByName('Acme Corporation')?.accountId ?? '';
  superops.setCustomValue(acme, 'Services', ['Backup', 'Email']);
  superops.setCustomValue(acme, 'Admin Password', 'hunter2-never-shown');
  app = await startApp({ env: fakeVendorOf(superops).env });
  app.slack.users.set(BERLIN.id, BERLIN);
  // Warm the index so lookups and duplicate checks answer from it.
  const sent = await app.sendCommand('/customer', 'Globex East');
  await app.responseFor(sent.responseUrl);
});
afterAll(async () => {
  await app?.stop();
  await superops?.close();
});
afterEach(() => {
  expect(app.slack.violations).toEqual([]);
  superops.clearFaults();
});

async function lookup(command: string, text: string, userId?: string) {
  const sent = await app.sendCommand(command, text, userId ? { userId } : {});
  expect(sent.status).toBe(200);
  return app.responseFor(sent.responseUrl);
}

const updates = () => app.slack.callsTo('views.update').length;

/** The modal opened with `triggerId`, once the queue filled it in (the first fitting view since `mark`). */
const modalAfter = (mark: number, triggerId: string, callbackId: string, ready: (view: Json) => boolean) =>
  filledModal(app, mark, triggerId, callbackId, ready);

/** The select of an input block, by block id. */
function select(view: Json, blockId: string) {
  const block = (view.blocks as Json[]).find((b) => b.block_id === blockId);
  const element = block?.element as
    | { options?: { value: string; text: { text: string } }[]; initial_option?: { value: string } }
    | undefined;
  if (!block || !element) throw new Error(`no input ${blockId}`);
  return {
    optional: block.optional === true,
    options: (element.options ?? []).map((o) => ({ value: o.value, label: o.text.text })),
    initial: element.initial_option?.value,
  };
}

const blockIdEnding = (view: Json, suffix: string) =>
  String((view.blocks as Json[]).find((b) => String(b.block_id).endsWith(suffix))?.block_id);

describe('lookups and the card', () => {
  it('finds a client by a misspelt name and shows its custom fields and its HQ site’s address and phone', async () => {
    const card = await lookup('/customer', 'acmee corporatoin');
    const text = textOf(card);
    expect(text).toContain('Acme Corporation');
    expect(text).toContain('Jane Doe');
    // Lists carry the HQ site as a reference only: the card read the client and its site.
    expect(text).toContain('Springfield');
    expect(text).toContain('+1 (555) 010-0100');
    expect(text).toMatch(/\*Contract Tier\*\nGold/);
    expect(text).toMatch(/\*Services\*\nBackup, Email/);
    // A password field is SuperOps' secret: never on a card.
    expect(text).not.toContain('Admin Password');
    expect(JSON.stringify(card)).not.toContain('hunter2');
  });

  it('finds a client by one of its email domains, and a client user by email', async () => {
    expect(textOf(await lookup('/customer', 'globex-west.com'))).toContain('Globex West');
    expect(textOf(await lookup('/customer', 'initek'))).toContain('Initech LLC');
    expect(textOf(await lookup('/contact', 'peter@initech.com'))).toContain('Peter Gibbons');
  });

  it('survives rate_limit_exceeded (at HTTP 200) on a card’s reads', async () => {
    const before = superops.calls().length;
    superops.rateLimitNext(2);
    const card = await lookup('/customer', 'Globex West');
    expect(textOf(card)).toContain('Mindy Simmons');
    expect(textOf(card)).not.toMatch(/limiting|Try again/);
    // The two refused requests went again: the card's reads (the client, its users) came after them.
    const made = superops.calls().slice(before);
    expect(made.length).toBeGreaterThanOrEqual(4);
    expect(made.slice(2).some((c) => c.fields.includes('getClient'))).toBe(true);
  });
});

describe('edits', () => {
  it('edits the phone on the HQ site and a multi-select custom field, sending only those', async () => {
    const card = await lookup('/customer', 'Initech LLC');
    const edit = (card.blocks as Json[])
      .flatMap((b) => (b.elements as Json[] | undefined) ?? [])
      .find((e) => e.action_id === ACTIONS.customerEdit);
    const click = blockAction({
      actionId: ACTIONS.customerEdit,
      value: String(edit?.value),
      responseUrl: app.slack.responseUrl(),
    });
    const mark = updates();
    await app.sendPayload(click);
    const view = await modalAfter(mark, String(click.trigger_id), CALLBACKS.customerEdit, () => true);
    // The form shows the HQ site's phone as SuperOps holds it.
    expect(JSON.stringify(view)).toContain('555-867-5309');
    superops.clearRequests();
    const saving = updates();
    await app.sendPayload(
      viewSubmission({
        view,
        values: fillView(view, {
          phone: '+1 555 867 0000',
          [blockIdEnding(view, ':Services')]: ['Firewall', 'Helpdesk'],
        }),
      }),
    );
    const done = await waitUntil('the edit saved', () =>
      app.slack
        .callsTo('views.update')
        .slice(saving)
        .find((c) => /Saved|Nothing changed|:warning:/.test(JSON.stringify(c.args.view))),
    );
    expect(JSON.stringify(done.args.view)).toContain('Saved');
    const writes = superops.calls().filter((c) => c.kind === 'mutation');
    expect(writes.map((c) => c.operationName).sort()).toEqual(['UpdateClient', 'UpdateClientSite']);
    const site = writes.find((c) => c.operationName === 'UpdateClientSite');
    expect(Object.keys((site?.variables.input ?? {}) as Json).sort()).toEqual(['contactNumber', 'id']);
    const id = superops.clientByName('Initech LLC')?.accountId ?? '';
    expect(superops.hqSite(id)?.contactNumber).toBe('+1 555 867 0000');
    expect(superops.customValuesByLabel(id)).toMatchObject({ Services: ['Firewall', 'Helpdesk'] });
  });
});

describe('client users', () => {
  async function openAdd(userId?: string) {
    const mark = updates();
    const sent = await app.sendCommand('/contact', 'add Acme Corporation', userId ? { userId } : {});
    const view = await modalAfter(mark, sent.triggerId, CALLBACKS.contactAdd, (v) =>
      JSON.stringify(v).includes(choiceBlockId(CHOICE_KEYS.role)),
    );
    return { sent, view };
  }

  it('offers the requester roles with SuperOps’ default preselected, and creates with it', async () => {
    const { sent, view } = await openAdd();
    const role = select(view, choiceBlockId(CHOICE_KEYS.role));
    expect(role.options.map((o) => o.label)).toEqual(['Client Admin', 'Requester']);
    expect(role.initial).toBe(ROLES.requester);
    // A client user has a phone and nothing else of ours: no title or mobile inputs.
    expect(JSON.stringify(view)).not.toContain('"block_id":"title"');
    const reply = await app.sendPayload(
      viewSubmission({
        view,
        values: fillView(view, {
          first_name: 'Ann',
          last_name: 'Lee',
          email: 'ann.lee@acme.com',
          phone: '555-0111',
        }),
      }),
    );
    expect(reply.json).toMatchObject({ response_action: 'update' });
    expect(textOf(await app.responseFor(sent.responseUrl))).toContain('Ann Lee');
    const created = superops.users().find((u) => u.email === 'ann.lee@acme.com');
    expect(created).toMatchObject({
      firstName: 'Ann',
      lastName: 'Lee',
      roleId: ROLES.requester,
      contactNumber: '555-0111',
    });
    expect(created?.clientId).toBe(superops.clientByName('Acme Corporation')?.accountId);
  });

  it('edits a client user sending only the changed field', async () => {
    const card = await lookup('/contact', 'ann.lee@acme.com');
    const edit = (card.blocks as Json[])
      .flatMap((b) => (b.elements as Json[] | undefined) ?? [])
      .find((e) => e.action_id === ACTIONS.contactEdit);
    const click = blockAction({
      actionId: ACTIONS.contactEdit,
      value: String(edit?.value),
      responseUrl: app.slack.responseUrl(),
    });
    const mark = updates();
    await app.sendPayload(click);
    const view = await modalAfter(mark, String(click.trigger_id), CALLBACKS.contactEdit, () => true);
    superops.clearRequests();
    const saving = updates();
    await app.sendPayload(viewSubmission({ view, values: fillView(view, { phone: '555-0199' }) }));
    await waitUntil('the edit saved', () =>
      app.slack
        .callsTo('views.update')
        .slice(saving)
        .find((c) => JSON.stringify(c.args.view).includes('Saved')),
    );
    const writes = superops.calls().filter((c) => c.kind === 'mutation');
    expect(writes.map((c) => c.operationName)).toEqual(['UpdateClientUser']);
    expect(writes[0]?.variables.input).toEqual({ userId: carriedId(edit), contactNumber: '555-0199' });
    expect(superops.user(carriedId(edit))?.contactNumber).toBe('555-0199');
  });

  it('creates with the role the technician picked', async () => {
    const { view } = await openAdd();
    await app.sendPayload(
      viewSubmission({
        view,
        values: fillView(view, {
          first_name: 'Cleo',
          last_name: 'Admin',
          email: 'cleo@acme.com',
          [choiceBlockId(CHOICE_KEYS.role)]: ROLES.clientAdmin,
        }),
      }),
    );
    const created = await waitUntil('the client user', () =>
      superops.users().find((u) => u.email === 'cleo@acme.com'),
    );
    expect(created.roleId).toBe(ROLES.clientAdmin);
  });

  it('explains an email SuperOps already knows (a technician’s) in the modal, by the email input', async () => {
    const { view } = await openAdd();
    const mark = updates();
    const reply = await app.sendPayload(
      viewSubmission({
        view,
        values: fillView(view, {
          first_name: 'Jason',
          last_name: 'Wheeler',
          email: TECHNICIAN_EMAIL,
          [choiceBlockId(CHOICE_KEYS.role)]: ROLES.clientAdmin,
        }),
      }),
    );
    // The bot's own index does not know technicians: the check passes, SuperOps refuses.
    expect(reply.json).toMatchObject({ response_action: 'update' });
    const back = await waitUntil('the form back with SuperOps’ reason', () =>
      app.slack
        .callsTo('views.update')
        .slice(mark)
        .map((c) => c.args.view as Json)
        .find((v) => v.callback_id === CALLBACKS.contactAdd),
    );
    const blocks = back.blocks as Json[];
    const email = blocks.findIndex((b) => b.block_id === 'email');
    const under = blocks[email + 1];
    expect(under?.type).toBe('context');
    expect(textOf(under)).toMatch(/already belongs to another SuperOps user/);
    // What was typed and picked comes back with it.
    expect(JSON.stringify(blocks[email])).toContain(TECHNICIAN_EMAIL);
    expect(select(back, choiceBlockId(CHOICE_KEYS.role)).initial).toBe(ROLES.clientAdmin);
    expect(superops.users().filter((u) => u.email === TECHNICIAN_EMAIL)).toEqual([]);
  });
});

describe('onboarding', () => {
  it('creates the client with an HQ site in the Slack user’s own time zone, its phone on the site', async () => {
    const mark = updates();
    const sent = await app.sendCommand('/customer', 'new Contoso Ltd', { userId: BERLIN.id });
    const view = await modalAfter(
      mark,
      sent.triggerId,
      CALLBACKS.onboarding,
      (v) => !JSON.stringify(v).includes('Loading custom fields'),
    );
    const zone = select(view, choiceBlockId(CHOICE_KEYS.timezone));
    expect(zone.optional).toBe(false);
    expect(zone.initial).toBe('Europe/Berlin');
    // SuperOps client users have no title: the onboarding form offers none either.
    expect(JSON.stringify(view)).not.toContain('"block_id":"contact_title"');
    superops.clearRequests();
    const values = fillView(view, {
      company_name: 'Contoso Ltd',
      company_domains: 'contoso.example',
      company_phone: '+49 30 1234567',
      company_address: 'Unter den Linden 1',
      company_city: 'Berlin',
      contact_first_name: 'Carla',
      contact_last_name: 'Mendes',
      contact_email: 'carla@contoso.example',
      [blockIdEnding(view, ':Contract Tier')]: 'Gold',
    });
    const reply = await app.sendPayload(viewSubmission({ view, userId: BERLIN.id, values }));
    expect(reply.json).toMatchObject({ response_action: 'clear' });
    const card = await waitUntil('the onboarded card', () =>
      app.slack.responses
        .filter((r) => sent.responseUrl.endsWith(r.id))
        .find((r) => textOf(r.body).includes('Onboarded by')),
    );
    expect(textOf(card.body)).toContain('Carla Mendes');
    const create = superops.calls('createClientV2')[0];
    expect(create?.variables.input).toMatchObject({
      name: 'Contoso Ltd',
      emailDomains: ['contoso.example'],
      hqSite: { name: 'Headquarters', timezoneCode: 'Europe/Berlin', working24x7: false, city: 'Berlin' },
    });
    const client = superops.clientByName('Contoso Ltd');
    const site = superops.hqSite(client?.accountId ?? '');
    expect(site).toMatchObject({
      timezoneCode: 'Europe/Berlin',
      line1: 'Unter den Linden 1',
      city: 'Berlin',
      contactNumber: '+49 30 1234567',
    });
    expect(superops.customValuesByLabel(client?.accountId ?? '')).toMatchObject({ 'Contract Tier': 'Gold' });
    expect(superops.users(client?.accountId)).toEqual([
      expect.objectContaining({
        firstName: 'Carla',
        email: 'carla@contoso.example',
        roleId: ROLES.requester,
      }),
    ]);
  });
});

describe('Connect from the Home tab (OAuth mode)', () => {
  const t = team('TSUPER01', 'SuperOps Shop', 'USOADMIN');
  let oauth: StartedApp;

  beforeAll(async () => {
    oauth = await startApp({ env: { ...OAUTH_ENV, SUPEROPS_API_URL: superops.apiUrl } });
    oauth.slack.users.set(t.installer, { id: t.installer, name: 'admin', isAdmin: true });
    expect((await install(oauth, t)).status).toBe(200);
  });
  afterAll(async () => {
    await oauth?.stop();
  });

  const connect = (values: { token: string; subdomain: string }) =>
    connectThroughHome(oauth, t, {
      vendor: 'superops',
      apiKey: values.token,
      subdomain: values.subdomain,
      region: 'us',
    });

  it('explains a bad token and saves nothing', async () => {
    const wrong = 'superops-wrong-token-55555';
    const text = await connect({ token: wrong, subdomain: superops.subdomain });
    expect(text).toMatch(/SuperOps did not accept this key: SuperOps rejected the API token \(HTTP 401\)/);
    expect(text).not.toContain(wrong);
    expect(await oauth.bot.services.store.vendorConnections.status(t.id)).toBeUndefined();
  });

  it('explains a bad subdomain and saves nothing', async () => {
    const text = await connect({ token: superops.apiToken, subdomain: 'notourmsp' });
    expect(text).toMatch(/subdomain “notourmsp” is most likely wrong/);
    expect(text).toContain('Settings');
    expect(text).not.toContain(superops.apiToken);
    expect(await oauth.bot.services.store.vendorConnections.status(t.id)).toBeUndefined();
  });

  it('connects with the right token and subdomain, and looks up on SuperOps', async () => {
    const text = await connect({ token: superops.apiToken, subdomain: superops.subdomain });
    expect(text).toContain('Connected to SuperOps');
    expect(await oauth.bot.services.store.vendorConnections.status(t.id)).toMatchObject({
      vendor: 'superops',
    });
    const sent = await oauth.sendCommand('/customer', 'Globex East', { teamId: t.id, userId: t.installer });
    expect(textOf(await oauth.responseFor(sent.responseUrl))).toContain('Hank Scorpio');
    expect(oauth.logs.text()).not.toContain(superops.apiToken);
  });
});
