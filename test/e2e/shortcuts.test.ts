// The "..." menu of a message, on every vendor, over signed HTTP: Find customer answers with the card of the
// customer a message's email points at; Add as contact opens the contact modal filled in from a pasted signature
// (or from the message's author) with the customer chosen from the email's domain, and creates exactly that contact.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACKS, SHORTCUTS } from '../../blocks/actions.js';
import { CONTACT_BLOCKS } from '../../blocks/contact-modal.js';
import { FAKE_VENDORS, type FakeVendor } from '../fakes/fake-vendor.js';
import type { FakeCustomerSeed } from '../fakes/generate.js';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { fillView, globalShortcut, messageAction, viewSubmission } from '../helpers/payloads.js';

type Json = Record<string, unknown>;

const TECH = 'U0TECH';
/** A client who writes from their own address: their message carries no clue, their profile does. */
const CLIENT = 'U0OMAR';

/** A customer whose contact writes from a free-mail address: only the contact record ties it to the customer. */
const HARBOR: FakeCustomerSeed = {
  name: 'Harbor Dental Group',
  domain: 'harbor-dental.example',
  email: 'front@harbor-dental.example',
  contacts: [
    { firstName: 'Rita', lastName: 'Moreno', email: 'rita.moreno.dds@gmail.com', isPrimary: true },
    { firstName: 'Sam', lastName: 'Ito', email: 'sam@harbor-dental.example' },
  ],
};
const QUAYSIDE: FakeCustomerSeed = {
  name: 'Quayside Logistics',
  domain: 'quayside-logistics.example',
  email: 'office@quayside-logistics.example',
  contacts: [
    { firstName: 'Omar', lastName: 'Haddad', email: 'omar@quayside-logistics.example', isPrimary: true },
  ],
};

const SIGNATURE = [
  'Hi, can you add our new office manager to the support portal?',
  '',
  'Best regards,',
  'Nadia Kowalski',
  'Office Manager | Quayside Logistics',
  'T: +1 (555) 300-4012',
  '<mailto:nadia.kowalski@quayside-logistics.example|nadia.kowalski@quayside-logistics.example>',
].join('\n');

describe.each(FAKE_VENDORS)('message shortcuts on %s', (name) => {
  let app: StartedApp;
  let fake: FakeVendor;

  beforeAll(async () => {
    app = await startApp({
      vendor: name,
      fakeVendor: {
        seed: { customers: [...NAMED_CUSTOMERS, HARBOR, QUAYSIDE] },
        generate: { customers: 60 },
      },
    });
    if (!app.fake) throw new Error('no fake vendor');
    fake = app.fake;
    app.slack.users.set(TECH, { id: TECH, name: 'tech' });
    app.slack.users.set(CLIENT, {
      id: CLIENT,
      name: 'Omar Haddad',
      email: 'omar@quayside-logistics.example',
    });
  });
  afterEach(() => {
    expect(app.slack.violations).toEqual([]);
  });
  afterAll(async () => {
    await app.stop();
  });

  /** The "..." menu's shortcut on a message in #general, as Slack sends it (a signed message_action). */
  async function shortcut(callbackId: string, message: { text: string; user: string }) {
    const responseUrl = app.slack.responseUrl();
    const triggerId = `${Date.now()}.${randomBytes(4).toString('hex')}`;
    const ts = `${Math.floor(Date.now() / 1000)}.000200`;
    const reply = await app.sendPayload(
      messageAction({
        userId: TECH,
        callbackId,
        text: message.text,
        author: message.user,
        messageTs: ts,
        responseUrl,
        triggerId,
      }),
    );
    expect(reply.status).toBe(200);
    return { responseUrl, triggerId };
  }

  /** The contact modal the shortcut opened, as the user sees it once it has loaded. */
  async function openedModal(triggerId: string): Promise<Json> {
    const opened = await app.callTo('views.open', (a) => a.trigger_id === triggerId);
    const view = opened.view as Json;
    expect(view.callback_id).toBe(CALLBACKS.contactAdd);
    // Vendors with contact custom fields or create choices fill the form in a moment later (views.update).
    const ws = await app.bot.services.workspaces.get('T0001');
    const loads = Boolean(ws?.vendor.capabilities.contactCustomFields || ws?.vendor.contactCreateChoices);
    const meta = view.private_metadata;
    const latest = loads
      ? ((await app.callTo('views.update', (a) => (a.view as Json).private_metadata === meta)).view as Json)
      : view;
    return { ...latest, id: `V-${triggerId}`, hash: 'h' };
  }

  /** The initial value of the input in `blockId`, or the picked option's value for a select. */
  const initial = (view: Json, blockId: string): unknown => {
    const block = (view.blocks as Json[]).find((b) => b.block_id === blockId);
    const element = block?.element as Json | undefined;
    return element?.initial_value ?? (element?.initial_option as Json | undefined)?.value;
  };

  it('finds the customer of a contact’s email in a message, even one written from free mail', async () => {
    const { responseUrl } = await shortcut(SHORTCUTS.findCustomer, {
      user: TECH,
      text: 'Rita (<mailto:rita.moreno.dds@gmail.com|rita.moreno.dds@gmail.com>) says the x-ray PC will not boot',
    });
    const answer = await app.responseFor(responseUrl);
    expect(answer.response_type).toBe('ephemeral');
    expect(textOf(answer)).toContain('Harbor Dental Group');
    expect(textOf(answer)).toContain('Rita Moreno');
  });

  it('finds the customer from a domain in a message', async () => {
    const { responseUrl } = await shortcut(SHORTCUTS.findCustomer, {
      user: TECH,
      text: 'Anyone know who owns initech.com? Their MX records changed.',
    });
    expect(textOf(await app.responseFor(responseUrl))).toContain('Initech LLC');
  });

  it('says so when a message has nothing to look up', async () => {
    const { responseUrl } = await shortcut(SHORTCUTS.findCustomer, {
      user: TECH,
      text: 'Lunch is here, come grab it!',
    });
    const answer = textOf(await app.responseFor(responseUrl));
    expect(answer).toContain('found no email address, domain or phone number in that message');
  });

  it('opens the contact modal filled in from a pasted signature, and creates exactly that contact', async () => {
    const quayside = fake.customerIdByName('Quayside Logistics');
    if (!quayside) throw new Error('Quayside is not at the fake');
    const { triggerId, responseUrl } = await shortcut(SHORTCUTS.addAsContact, {
      user: CLIENT,
      text: SIGNATURE,
    });
    const view = await openedModal(triggerId);
    expect(initial(view, CONTACT_BLOCKS.customer)).toBe(quayside);
    expect(initial(view, CONTACT_BLOCKS.firstName)).toBe('Nadia');
    expect(initial(view, CONTACT_BLOCKS.lastName)).toBe('Kowalski');
    expect(initial(view, CONTACT_BLOCKS.email)).toBe('nadia.kowalski@quayside-logistics.example');
    expect(initial(view, CONTACT_BLOCKS.phone)).toBe('+1 (555) 300-4012');
    const offersTitle = (view.blocks as Json[]).some((b) => b.block_id === CONTACT_BLOCKS.title);
    if (offersTitle) expect(initial(view, CONTACT_BLOCKS.title)).toBe('Office Manager');
    expect(textOf(view)).toContain('signature');
    // Nothing is written before the user submits.
    expect(fake.contactEmailsOf(quayside)).not.toContain('nadia.kowalski@quayside-logistics.example');

    const ack = await app.sendPayload(viewSubmission({ userId: TECH, view, values: fillView(view, {}) }));
    expect(ack.status).toBe(200);
    expect(ack.json?.response_action).not.toBe('errors');
    await waitUntil('the contact at the vendor', () =>
      fake.contactEmailsOf(quayside).includes('nadia.kowalski@quayside-logistics.example') ? true : undefined,
    );
    expect(fake.contactEmailsOf(quayside).sort()).toEqual(
      ['nadia.kowalski@quayside-logistics.example', 'omar@quayside-logistics.example'].sort(),
    );
    // The confirmation shows the contact as the vendor returned it: the fields the signature gave.
    const added = textOf(await app.responseFor(responseUrl));
    expect(added).toContain('Nadia Kowalski');
    expect(added).toContain('nadia.kowalski@quayside-logistics.example');
    expect(added).toContain('300-4012');
    if (offersTitle) expect(added).toContain('Office Manager');
  });

  it('fills the contact modal in from the message’s author when the message signs nobody', async () => {
    const quayside = fake.customerIdByName('Quayside Logistics');
    const { triggerId } = await shortcut(SHORTCUTS.addAsContact, {
      user: CLIENT,
      text: 'The warehouse scanner is offline again',
    });
    const view = await openedModal(triggerId);
    expect(initial(view, CONTACT_BLOCKS.firstName)).toBe('Omar');
    expect(initial(view, CONTACT_BLOCKS.lastName)).toBe('Haddad');
    expect(initial(view, CONTACT_BLOCKS.email)).toBe('omar@quayside-logistics.example');
    expect(initial(view, CONTACT_BLOCKS.customer)).toBe(quayside);
    expect(textOf(view)).toContain('author');
  });

  it('opens the onboarding modal from the global New customer shortcut', async () => {
    const triggerId = `${Date.now()}.${randomBytes(4).toString('hex')}`;
    const reply = await app.sendPayload(
      globalShortcut({ userId: TECH, callbackId: SHORTCUTS.newCustomer, triggerId }),
    );
    expect(reply.status).toBe(200);
    const opened = await app.callTo('views.open', (a) => a.trigger_id === triggerId);
    expect((opened.view as Json).callback_id).toBe(CALLBACKS.onboarding);
  });
});
