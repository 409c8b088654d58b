// Issue 14, item 3: guests and people of other organisations have no access unless an admin grants it, and a
// lookup is a permission an admin can withhold. A refused lookup says whom to ask and shows no customer data,
// and reads nothing at the vendor; someone Slack cannot vouch for just now is refused too (fail closed).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/store/workspace-settings.js';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { type StartedApp, startApp, textOf } from '../helpers/app.js';
import { buttonNamed, click, saveRoles } from './support.js';

const ADMIN = 'UGADMIN01';
const HELPER = 'UGHELPER1';
const MEMBER = 'UGMEMBER1';
const GUEST = 'UGGUEST01';
const EXTERNAL = 'UGEXTERN1';

/** What a card for Acme would show: its name, domain, email, phone, address, notes and its contacts. */
const ACME_DATA = [
  'Acme',
  'acme.com',
  '010-0100',
  '010 0100',
  '0100100',
  '1 Main St',
  'Springfield',
  'Backups run nightly',
  'Jane',
  'Doe',
];

describe('item 3: guests, Slack Connect users and withheld lookups', () => {
  let app: StartedApp;

  beforeAll(async () => {
    app = await startApp({ vendor: 'atera', atera: { seed: { customers: NAMED_CUSTOMERS } } });
    const users = app.slack.users;
    users.set(ADMIN, { id: ADMIN, name: 'olivia', isOwner: true });
    users.set(HELPER, { id: HELPER, name: 'harry' });
    users.set(MEMBER, { id: MEMBER, name: 'tom' });
    users.set(GUEST, { id: GUEST, name: 'client.guest', isGuest: true });
    // A Slack Connect member: a workspace admin of their own organisation, which makes them nothing here.
    users.set(EXTERNAL, { id: EXTERNAL, name: 'partner', teamId: 'TPARTNER1', isAdmin: true });
  });
  afterEach(async () => {
    expect(app.slack.violations).toEqual([]);
    app.slack.failures.clear();
    await app.bot.services.store.settings.put('T0001', DEFAULT_SETTINGS);
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** `/customer acme` as `userId`; resolves with every text the bot sent them for it, and the vendor reads it cost. */
  async function lookUp(userId: string, query = 'acme') {
    const reads = app.atera?.requests().length ?? 0;
    const calls = app.slack.calls.length;
    const sent = await app.sendCommand('/customer', query, { userId });
    const answer = await app.responseFor(sent.responseUrl);
    const id = sent.responseUrl.split('/').pop();
    const said = [
      sent.text,
      ...app.slack.responses.filter((r) => r.id === id).map((r) => textOf(r.body)),
      ...app.slack.calls.slice(calls).map((c) => textOf(c.args)),
    ].join('\n');
    return { answer, said, vendorReads: (app.atera?.requests().length ?? 0) - reads };
  }

  function expectNoCustomerData(said: string) {
    for (const piece of ACME_DATA) expect(said).not.toContain(piece);
  }

  it('refuses a guest’s lookup, says whom to ask, and shows and reads no customer data', async () => {
    const { said, vendorReads } = await lookUp(GUEST);
    expect(said).toMatch(/do not have access to this bot in this workspace/);
    expect(said).toMatch(/Ask .*a workspace admin/);
    expectNoCustomerData(said);
    expect(vendorReads).toBe(0);
  });

  it('refuses a Slack Connect user of another organisation (an admin there) in the same way', async () => {
    const { said, vendorReads } = await lookUp(EXTERNAL);
    expect(said).toMatch(/do not have access to this bot in this workspace/);
    expectNoCustomerData(said);
    expect(vendorReads).toBe(0);
  });

  it('lets an admin grant guests lookups from the Home tab, and no more than that', async () => {
    const ack = await saveRoles(app, { userId: ADMIN }, [
      [/^Guests and people from other organisations$/, { option: 'viewer' }],
    ]);
    expect(ack.status).toBe(200);
    const guest = await lookUp(GUEST);
    expect(textOf(guest.answer)).toContain('Acme Corporation');
    expect(textOf(guest.answer)).toContain('Jane Doe');
    const external = await lookUp(EXTERNAL);
    expect(textOf(external.answer)).toContain('Acme Corporation');

    // A viewer looks up only: Delete on the card is refused, and nothing is asked of the channel.
    const posts = app.slack.callsTo('chat.postMessage').length;
    const url = app.slack.responseUrl();
    await click(app, { userId: GUEST }, buttonNamed(guest.answer, /^Delete$/), { responseUrl: url });
    expect(textOf(await app.responseFor(url))).toMatch(/Only admins can delete/);
    expect(app.slack.callsTo('chat.postMessage')).toHaveLength(posts);
    expect(app.atera?.requests('DELETE')).toEqual([]);
  });

  it('lets an admin withhold lookups from everyone; a member is refused and told whom to ask', async () => {
    const ack = await saveRoles(app, { userId: ADMIN }, [
      [/^Everyone else$/, { option: 'none' }],
      [/^Extra admins$/, { users: [HELPER] }],
    ]);
    expect(ack.status).toBe(200);
    const member = await lookUp(MEMBER);
    expect(member.said).toMatch(/do not have access/);
    expect(member.said).toContain(`<@${HELPER}>`);
    expectNoCustomerData(member.said);
    // The admins keep theirs.
    expect(textOf((await lookUp(ADMIN)).answer)).toContain('Acme Corporation');
    expect(textOf((await lookUp(HELPER)).answer)).toContain('Acme Corporation');
  });

  it('fails closed when users.info fails: refused this once, with no customer data, and asked again next time', async () => {
    const someone = 'UGFLAKY01';
    app.slack.users.set(someone, { id: someone, name: 'flaky' });
    app.slack.failures.set('users.info', 'internal_error');
    const refused = await lookUp(someone);
    expect(refused.said).toMatch(/Slack could not confirm your access just now/);
    expectNoCustomerData(refused.said);
    expect(refused.vendorReads).toBe(0);

    app.slack.failures.clear();
    expect(textOf((await lookUp(someone)).answer)).toContain('Acme Corporation');
  });
});
