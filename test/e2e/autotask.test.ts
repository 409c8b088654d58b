// Autotask end to end over signed HTTP (issue 16, deletes aside): lookups with typos, the card with its UDFs,
// contacts added and edited through the company's child URL, onboarding with the database's required
// picklists (remembered per workspace), audit rows crediting the technician's own resource, the thread limit
// survived, and the Home tab's Connect testing zone discovery plus one query before it saves.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, CALLBACKS } from '../../blocks/actions.js';
import { choiceBlockId } from '../../blocks/custom-fields.js';
import { CHOICE_OWNER, CHOICE_TYPE, choiceKeyOf } from '../../src/vendors/autotask/mapping.js';
import { type FakeAutotask, startFakeAutotask } from '../fakes/autotask/server.js';
import type { RecordedRequest } from '../fakes/vendor-server.js';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { filledModal, type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { connectThroughHome, install, OAUTH_ENV, team } from '../helpers/oauth.js';
import {
  blockAction,
  carriedId,
  type FormInput,
  fillView,
  findButton,
  viewSubmission,
} from '../helpers/payloads.js';

type Json = Record<string, unknown>;

/** Resources of the fake database (test/fakes/autotask/server.ts): the API user, three technicians, one who left. */
const RESOURCES = { apiUser: 4, alex: 29_682_885, sam: 29_682_886, robin: 29_682_887, former: 29_682_888 };
/** A field this database requires beyond Autotask's usual two: read from entityInformation, never hard-coded. */
const SEGMENT = {
  name: 'marketSegmentID',
  picklist: [
    { value: 11, label: 'Healthcare' },
    { value: 12, label: 'Legal' },
  ],
};
const ALEX = { id: 'U0ALEX', name: 'alex', email: 'alex.tech@fake-msp.example' };

const customers = NAMED_CUSTOMERS.map((c) =>
  c.name === 'Acme Corporation'
    ? {
        ...c,
        customFields: { 'Contract Tier': 'Gold', Seats: 42, 'Managed Backup': true, Onboarded: '2026-01-15' },
      }
    : c,
);

let autotask: FakeAutotask;
let app: StartedApp;

beforeAll(async () => {
  autotask = await startFakeAutotask({
    seed: { customers },
    generate: { customers: 40, seed: 5 },
    requiredCompanyFields: [SEGMENT],
    // More technicians than a Slack select holds (100).
    extraResources: 120,
  });
  app = await startApp({
    env: {
      VENDOR: 'autotask',
      AUTOTASK_USERNAME: autotask.username,
      AUTOTASK_SECRET: autotask.secret,
      AUTOTASK_INTEGRATION_CODE: autotask.integrationCode,
      AUTOTASK_BASE_URL: autotask.url,
    },
  });
  app.slack.users.set(ALEX.id, ALEX);
  // Warm the index so lookups and duplicate checks answer from it.
  const sent = await app.sendCommand('/customer', 'Acme Corporation');
  await app.responseFor(sent.responseUrl);
});
afterAll(async () => {
  await app?.stop();
  await autotask?.close();
});
afterEach(() => {
  expect(app.slack.violations).toEqual([]);
  autotask.clearFaults();
  autotask.setProcessing(0);
});

const header = (r: RecordedRequest, name: string) => r.headers[name.toLowerCase()];
const companyId = (name: string) => {
  const found = autotask.companies().find((c) => c.companyName === name);
  if (!found) throw new Error(`no company ${name}`);
  return found.id;
};

async function lookup(command: string, text: string, userId?: string) {
  const sent = await app.sendCommand(command, text, userId ? { userId } : {});
  expect(sent.status).toBe(200);
  return app.responseFor(sent.responseUrl);
}

/** The modal opened with `triggerId`, once the queue filled it in (the first fitting view since `mark`). */
const modalAfter = (mark: number, triggerId: string, callbackId: string, ready: (view: Json) => boolean) =>
  filledModal(app, mark, triggerId, callbackId, ready);
const updates = () => app.slack.callsTo('views.update').length;
/** An edit modal's "Saved" since `mark`. */
const saved = (mark: number) =>
  waitUntil('the edit saved', () =>
    app.slack
      .callsTo('views.update')
      .slice(mark)
      .find((c) => JSON.stringify(c.args.view).includes('Saved')),
  );

/** The block id of the UDF input labelled `name` (`cf:<type>:<name>`, its type from Autotask's definitions). */
const udfBlock = (view: Json, name: string) => {
  const id = (view.blocks as Json[])
    .map((b) => String(b.block_id))
    .find((b) => b.startsWith('cf:') && b.endsWith(`:${name}`));
  if (!id) throw new Error(`no input for ${name}`);
  return id;
};

const loaded = (v: Json) => !JSON.stringify(v).includes('Loading custom fields');

/** The select element of an input block, by block id. */
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

describe('lookups and the card', () => {
  it('finds a company by a misspelt name and shows its card with UDFs by their labels', async () => {
    const card = await lookup('/customer', 'acmee corporatoin');
    const text = textOf(card);
    expect(text).toContain('Acme Corporation');
    expect(text).toContain('Jane Doe');
    // A picklist UDF holds a picklist value; the card shows its label.
    expect(text).toMatch(/\*Contract Tier\*\nGold/);
    expect(text).toMatch(/\*Seats\*\n42/);
    expect(text).toMatch(/\*Managed Backup\*\nYes/);
    expect(text).not.toContain(String(autotask.udfValues(companyId('Acme Corporation'))['Contract Tier']));
    const open = (card.blocks as Json[])
      .flatMap((b) => (b.elements as Json[] | undefined) ?? [])
      .find((e) => e.action_id === ACTIONS.openInVendor);
    expect(open?.url).toBe(autotask.accountUrl(companyId('Acme Corporation')));
  });

  it('finds a company by its web address and by phone digits typed another way', async () => {
    expect(textOf(await lookup('/customer', 'acme.com'))).toContain('Acme Corporation');
    expect(textOf(await lookup('/customer', '(555) 867-5309'))).toContain('Initech LLC');
    expect(textOf(await lookup('/customer', 'initek llc'))).toContain('Initech LLC');
  });

  it('finds a contact by a misspelt name and by email', async () => {
    expect(textOf(await lookup('/contact', 'jane@acme.com'))).toContain('Jane Doe');
    expect(textOf(await lookup('/contact', 'Peter Gibbons'))).toContain('peter@initech.com');
  });
});

describe('contacts', () => {
  it('adds a contact with its UDFs through the company’s child URL, credited to the API user', async () => {
    const mark = updates();
    const sent = await app.sendCommand('/contact', 'add Acme Corporation');
    const view = await modalAfter(
      mark,
      sent.triggerId,
      CALLBACKS.contactAdd,
      (v) => loaded(v) && JSON.stringify(v).includes('Badge Number'),
    );
    // Autotask's ContactModel requires a last name: the form says so before anything is sent.
    expect(select(view, 'last_name').optional).toBe(false);
    const badge = (view.blocks as Json[]).find((b) => String(b.block_id).endsWith(':Badge Number'));
    const channel = (view.blocks as Json[]).find((b) => String(b.block_id).endsWith(':Preferred Channel'));
    const missingLast = await app.sendPayload(
      viewSubmission({ view, values: fillView(view, { first_name: 'Ann', email: 'ann.lee@acme.com' }) }),
    );
    expect(missingLast.json).toMatchObject({
      response_action: 'errors',
      errors: { last_name: 'Autotask needs a last name for every contact.' },
    });
    autotask.clearRequests();
    const reply = await app.sendPayload(
      viewSubmission({
        view,
        values: fillView(view, {
          first_name: 'Ann',
          last_name: 'Lee',
          email: 'ann.lee@acme.com',
          title: 'CFO',
          [String(badge?.block_id)]: 'B-1234',
          [String(channel?.block_id)]: 'Slack',
        }),
      }),
    );
    expect(reply.json).toMatchObject({ response_action: 'update' });
    const confirmation = await app.responseFor(sent.responseUrl);
    expect(textOf(confirmation)).toContain('Ann Lee');
    const acme = companyId('Acme Corporation');
    const created = autotask.contacts().find((c) => c.emailAddress === 'ann.lee@acme.com');
    expect(created).toMatchObject({
      companyID: acme,
      firstName: 'Ann',
      lastName: 'Lee',
      title: 'CFO',
      isActive: 1,
    });
    const udfs = autotask.contactUdfValues(created?.id ?? -1);
    expect(udfs['Badge Number']).toBe('B-1234');
    // A picklist UDF is written as its picklist value, not its label.
    expect(udfs['Preferred Channel']).toMatch(/^\d+$/);
    // Every write went through /Companies/{id}/Contacts; the top-level /Contacts only queries.
    const writes = autotask.requests().filter((r) => r.method !== 'GET' && !/\/query/i.test(r.path));
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) expect(w.path).toMatch(new RegExp(`/Companies/${acme}/Contacts$`, 'i'));
    // The default Slack user's email matches no resource: nothing is impersonated.
    for (const w of writes) expect(header(w, 'ImpersonationResourceId')).toBeUndefined();
  });

  it('puts Autotask’s refusal (HTTP 500 with errors) under the input it names', async () => {
    const mark = updates();
    const sent = await app.sendCommand('/contact', 'add Initech LLC');
    const view = await modalAfter(mark, sent.triggerId, CALLBACKS.contactAdd, (v) =>
      JSON.stringify(v).includes('Badge Number'),
    );
    // ContactModel.title holds 50 characters; the form takes more.
    const title = 'Vice President of Information Technology Operations';
    const back = updates();
    await app.sendPayload(
      viewSubmission({
        view,
        values: fillView(view, {
          first_name: 'Bill',
          last_name: 'Lumbergh',
          email: 'bill@initech.com',
          title,
        }),
      }),
    );
    const form = await waitUntil('the form back with Autotask’s reason', () =>
      app.slack
        .callsTo('views.update')
        .slice(back)
        .map((c) => c.args.view as Json)
        .find((v) => v.callback_id === CALLBACKS.contactAdd),
    );
    const blocks = form.blocks as Json[];
    const at = blocks.findIndex((b) => b.block_id === 'title');
    expect(blocks[at + 1]?.type).toBe('context');
    expect(textOf(blocks[at + 1])).toMatch(/title exceeds the maximum length of 50/);
    expect(JSON.stringify(blocks[at])).toContain(title);
    expect(autotask.contacts().filter((c) => c.emailAddress === 'bill@initech.com')).toEqual([]);
  });

  it('edits a contact sending only the changed field, as the technician’s own resource', async () => {
    const card = await lookup('/contact', 'ann.lee@acme.com', ALEX.id);
    const edit = findButton(card, ACTIONS.contactEdit);
    expect(edit).toBeDefined();
    const click = blockAction({
      actionId: ACTIONS.contactEdit,
      value: String(edit?.value),
      userId: ALEX.id,
      responseUrl: app.slack.responseUrl(),
    });
    const mark = updates();
    await app.sendPayload(click);
    const view = await modalAfter(mark, String(click.trigger_id), CALLBACKS.contactEdit, () => true);
    autotask.clearRequests();
    const saving = updates();
    const reply = await app.sendPayload(
      viewSubmission({ view, userId: ALEX.id, values: fillView(view, { title: 'Controller' }) }),
    );
    expect(reply.json).toMatchObject({ response_action: 'update' });
    await saved(saving);
    const patches = autotask.requests('PATCH');
    expect(patches).toHaveLength(1);
    const patch = patches[0];
    expect(patch?.path).toMatch(/\/Companies\/\d+\/Contacts$/i);
    expect(patch?.body).toEqual({ id: Number(carriedId(edit)), title: 'Controller' });
    expect(header(patch as RecordedRequest, 'ImpersonationResourceId')).toBe(String(RESOURCES.alex));
    expect(autotask.contact(Number(carriedId(edit)))?.title).toBe('Controller');
  });
});

describe('onboarding with the database’s required picklists', () => {
  const segmentBlock = choiceBlockId(choiceKeyOf(SEGMENT.name));

  async function openOnboarding(name: string) {
    const mark = updates();
    const sent = await app.sendCommand('/customer', `new ${name}`);
    const view = await modalAfter(mark, sent.triggerId, CALLBACKS.onboarding, loaded);
    return { sent, view };
  }

  it('makes the technician whose email is an active resource the owner by default', async () => {
    const mark = updates();
    const sent = await app.sendCommand('/customer', 'new Alex Prospect', { userId: ALEX.id });
    const view = await modalAfter(mark, sent.triggerId, CALLBACKS.onboarding, loaded);
    expect(select(view, choiceBlockId(CHOICE_OWNER)).initial).toBe(String(RESOURCES.alex));
  });

  it('offers the company types and the active resources, and sends the choices with the company', async () => {
    const { sent, view } = await openOnboarding('Contoso Ltd');
    const type = select(view, choiceBlockId(CHOICE_TYPE));
    expect(type.optional).toBe(false);
    expect(type.options.map((o) => o.label)).toEqual(
      expect.arrayContaining(['Customer', 'Lead', 'Prospect', 'Vendor']),
    );
    // The picklist's own default ("Customer").
    expect(type.options.find((o) => o.value === type.initial)?.label).toBe('Customer');
    const owner = select(view, choiceBlockId(CHOICE_OWNER));
    expect(owner.optional).toBe(false);
    const owners = owner.options.map((o) => o.label);
    expect(owners).toEqual(expect.arrayContaining(['Alex Tech', 'Sam Support', 'Robin Admin']));
    expect(owners).not.toContain('Former Tech');
    // Nobody's choice yet, and this Slack user is no resource: the API user, as Autotask's own UI would.
    expect(owner.initial).toBe(String(RESOURCES.apiUser));
    // 124 active resources: a select holds 100, and says so.
    expect(owner.options).toHaveLength(100);
    expect(textOf(view)).toContain('Only 100 of 124 are offered here');
    const segment = select(view, segmentBlock);
    expect(segment.optional).toBe(false);
    expect(segment.options.map((o) => o.label)).toEqual(['Healthcare', 'Legal']);
    // Named for people, not by its wire name.
    expect(textOf(view)).toContain('Market segment');
    expect(textOf(view)).not.toContain('marketSegmentID');

    autotask.clearRequests();
    const prospect = type.options.find((o) => o.label === 'Prospect')?.value ?? '';
    const values = fillView(view, {
      company_name: 'Contoso Ltd',
      company_domains: 'contoso.example',
      company_phone: '+1 555 200 3000',
      [choiceBlockId(CHOICE_TYPE)]: prospect,
      [choiceBlockId(CHOICE_OWNER)]: String(RESOURCES.sam),
      [segmentBlock]: '12',
      contact_first_name: 'Carla',
      contact_last_name: 'Mendes',
      contact_email: 'carla@contoso.example',
      [udfBlock(view, 'Contract Tier')]: 'Gold',
      [udfBlock(view, 'Seats')]: '42',
      [udfBlock(view, 'Managed Backup')]: 'Yes',
      [udfBlock(view, 'Onboarded')]: '2026-11-01',
    } satisfies Record<string, FormInput>);
    const reply = await app.sendPayload(viewSubmission({ view, values }));
    expect(reply.json).toMatchObject({ response_action: 'clear' });
    const card = await waitUntil('the onboarded card', () =>
      app.slack.responses
        .filter((r) => sent.responseUrl.endsWith(r.id))
        .find((r) => textOf(r.body).includes('Onboarded by')),
    );
    expect(textOf(card.body)).toContain('Carla Mendes');
    const create = autotask.requests('POST').find((r) => /\/Companies$/i.test(r.path));
    expect(create?.body).toMatchObject({
      companyName: 'Contoso Ltd',
      companyType: Number(prospect),
      ownerResourceID: RESOURCES.sam,
      marketSegmentID: 12,
      isActive: true,
    });
    const id = companyId('Contoso Ltd');
    const udfs = autotask.udfLabels(id);
    expect(udfs).toMatchObject({ 'Contract Tier': 'Gold', Seats: '42' });
    expect(String(udfs['Managed Backup']).toLowerCase()).toBe('true');
    expect(udfs.Onboarded).toMatch(/^2026-11-01/);
    expect(autotask.contacts().filter((c) => c.companyID === id)).toEqual([
      expect.objectContaining({ firstName: 'Carla', lastName: 'Mendes', primaryContact: true }),
    ]);
  });

  it('preselects this workspace’s last choices next time', async () => {
    const { view } = await openOnboarding('Northwind Traders');
    const type = select(view, choiceBlockId(CHOICE_TYPE));
    expect(type.options.find((o) => o.value === type.initial)?.label).toBe('Prospect');
    expect(select(view, choiceBlockId(CHOICE_OWNER)).initial).toBe(String(RESOURCES.sam));
    expect(select(view, segmentBlock).initial).toBe('12');
  });
});

describe('audit', () => {
  it('credits a write to the technician’s resource when their email matches one, else to the API user', async () => {
    // Alex (an active resource by email) edits Initech's city; the contact edit above was Alex's too.
    const card = await lookup('/customer', 'Initech LLC', ALEX.id);
    const edit = findButton(card, ACTIONS.customerEdit);
    const click = blockAction({
      actionId: ACTIONS.customerEdit,
      value: String(edit?.value),
      userId: ALEX.id,
      responseUrl: app.slack.responseUrl(),
    });
    const mark = updates();
    await app.sendPayload(click);
    const view = await modalAfter(mark, String(click.trigger_id), CALLBACKS.customerEdit, () => true);
    autotask.clearRequests();
    const saving = updates();
    await app.sendPayload(
      viewSubmission({ view, userId: ALEX.id, values: fillView(view, { city: 'Austin' }) }),
    );
    await saved(saving);
    const patch = autotask.requests('PATCH').find((r) => /\/Companies$/i.test(r.path));
    expect(patch?.body).toEqual({ id: companyId('Initech LLC'), city: 'Austin' });
    expect(header(patch as RecordedRequest, 'ImpersonationResourceId')).toBe(String(RESOURCES.alex));

    const alexRows = textOf(await lookup('/customer', 'audit Initech', ALEX.id));
    expect(alexRows).toMatch(/updated customer \*Initech LLC\* \(city: ∅ → Austin\).*credited to Alex Tech/);
    // The onboarding above was by a Slack user whose email is no resource's: the API user is credited.
    const techRows = textOf(await lookup('/customer', 'audit Contoso'));
    expect(techRows).toMatch(/created customer \*Contoso Ltd\*.*credited to the Autotask API user/);
    const creates = autotask.requests('POST').filter((r) => /\/Companies$/i.test(r.path));
    for (const c of creates) expect(header(c, 'ImpersonationResourceId')).toBeUndefined();
  });
});

describe('the thread limit', () => {
  it('survives a 429 while another integration holds the endpoint’s three threads', async () => {
    // Three requests of "another integration" hold Contacts for a while; the card of a company not yet shown
    // reads its contacts meanwhile, meets the thread limit, backs off and still answers.
    autotask.setProcessing(800);
    const contactQueries = () => autotask.requests('POST').filter((r) => /\/Contacts\/query$/i.test(r.path));
    const before = contactQueries().length;
    const base = `${autotask.url}${autotask.restPath()}`;
    const others = Array.from({ length: 3 }, () =>
      fetch(`${base}/Contacts/query`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ApiIntegrationCode: autotask.integrationCode,
          UserName: autotask.username,
          Secret: autotask.secret,
        },
        body: JSON.stringify({ filter: [{ op: 'gte', field: 'id', value: 0 }], maxRecords: 1 }),
      }),
    );
    // The three hold the endpoint once the fake has them.
    await waitUntil('three requests holding Contacts', () =>
      contactQueries().length >= before + 3 ? true : undefined,
    );
    const card = await lookup('/customer', 'Globex West');
    expect(textOf(card)).toContain('Mindy Simmons');
    await Promise.all(others);
    // Beside the three: at least one attempt refused with the thread limit, and the one that got through.
    expect(contactQueries().length - before - 3).toBeGreaterThanOrEqual(2);
    expect(app.logs.text()).not.toContain(autotask.secret);
  });
});

describe('Connect from the Home tab (OAuth mode)', () => {
  const t = team('TATASK01', 'Autotask Shop', 'UATADMIN');
  let oauth: StartedApp;

  beforeAll(async () => {
    oauth = await startApp({ env: { ...OAUTH_ENV, AUTOTASK_BASE_URL: autotask.url } });
    oauth.slack.users.set(t.installer, { id: t.installer, name: 'admin', isAdmin: true });
    expect((await install(oauth, t)).status).toBe(200);
  });
  afterAll(async () => {
    await oauth?.stop();
  });

  const connect = (values: { secret: string; username: string; integrationCode: string }) =>
    connectThroughHome(oauth, t, {
      vendor: 'autotask',
      apiKey: values.secret,
      username: values.username,
      integrationCode: values.integrationCode,
    });

  it('explains a bad secret in Autotask’s terms and saves nothing', async () => {
    const wrong = 'not-the-right-secret-987';
    const text = await connect({
      secret: wrong,
      username: autotask.username,
      integrationCode: autotask.integrationCode,
    });
    expect(text).toMatch(
      /Autotask did not accept this key: .*credentials.*user name, secret or integration code/s,
    );
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(autotask.integrationCode);
    expect(await oauth.bot.services.store.vendorConnections.status(t.id)).toBeUndefined();
  });

  it('explains a username zone discovery does not know', async () => {
    const text = await connect({
      secret: autotask.secret,
      username: 'nobody@fake-msp.example',
      integrationCode: autotask.integrationCode,
    });
    expect(text).toMatch(
      /Autotask did not accept this key: Autotask could not find the zone of this API user/,
    );
    expect(text).not.toContain(autotask.secret);
    expect(await oauth.bot.services.store.vendorConnections.status(t.id)).toBeUndefined();
  });

  it('tests zone discovery and one query before saving, and shows the zone and the API user', async () => {
    autotask.clearRequests();
    const text = await connect({
      secret: autotask.secret,
      username: autotask.username,
      integrationCode: autotask.integrationCode,
    });
    expect(text).toContain('Connected to Autotask as *Fake MSP Ltd*');
    expect(text).toContain(`*API user* ${autotask.username}`);
    expect(text).toContain(`*Region* ${autotask.zoneName}`);
    const asked = autotask.requests().map((r) => `${r.method} ${r.path.toLowerCase()}`);
    expect(asked[0]).toBe('GET /atservicesrest/v1.0/zoneinformation');
    expect(asked).toContain(`POST ${autotask.restPath().toLowerCase()}/companies/query`);
    expect(await oauth.bot.services.store.vendorConnections.status(t.id)).toMatchObject({
      vendor: 'autotask',
    });
    // The workspace now looks up on Autotask.
    const sent = await oauth.sendCommand('/customer', 'Globex East', { teamId: t.id, userId: t.installer });
    expect(textOf(await oauth.responseFor(sent.responseUrl))).toContain('Hank Scorpio');
    expect(oauth.logs.text()).not.toContain(autotask.secret);
  });
});
