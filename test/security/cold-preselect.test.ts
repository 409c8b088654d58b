// `/contact add <name>` pre-selects the customer it names, and on a cold start (no index, no snapshot) that means
// asking the vendor's own search. Someone the bot refuses must not set that search off: it is the vendor's quota
// and a read made for a person with no access, even when nothing of it is shown.
import { afterEach, describe, expect, it } from 'vitest';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';

const ADMIN = 'UCPADMIN1';
const GUEST = 'UCPGUEST1';
const NO_ACCESS = /do not have access to this bot in this workspace/;

describe('/contact add <name> on a cold start', () => {
  let app: StartedApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  async function coldSyncro(): Promise<StartedApp> {
    // Named customers only, so one clearly matches "initech" and the admin's modal pre-selects it.
    const started = await startApp({ vendor: 'syncro', syncro: { seed: { customers: NAMED_CUSTOMERS } } });
    started.slack.users.set(ADMIN, { id: ADMIN, name: 'olivia', isOwner: true });
    started.slack.users.set(GUEST, { id: GUEST, name: 'client.guest', isGuest: true });
    return started;
  }
  /** Syncro's customer reads that carry the name the command gave (GET /customers?query=…). */
  const searchesFor = (a: StartedApp, name: string) =>
    (a.fake?.requests('GET', '/api/v1/customers') ?? []).filter((r) => r.query.query?.toLowerCase() === name);
  /** Every view the trigger's modal showed: its views.open, then the updates to the view that opened. */
  const modalTexts = (a: StartedApp) =>
    a.slack.calls
      .filter((c) => c.method === 'views.open' || c.method === 'views.update')
      .map((c) => textOf(c.args.view));

  it('asks the vendor nothing for a guest with no access, and opens only the refusal', async () => {
    app = await coldSyncro();
    const a = app;
    const sent = await a.sendCommand('/contact', 'add initech', { userId: GUEST });
    const opened = await a.callTo('views.open', (args) => args.trigger_id === sent.triggerId);
    expect(textOf(opened.view)).toMatch(NO_ACCESS);
    // Anything the command set off would have gone out before the modal opened; give it a moment more anyway.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(searchesFor(a, 'initech')).toEqual([]);
    expect(modalTexts(a).join('\n')).not.toContain('Initech LLC');
  });

  it('asks the vendor’s search for an admin, and pre-selects the customer it found', async () => {
    app = await coldSyncro();
    const a = app;
    const sent = await a.sendCommand('/contact', 'add initech', { userId: ADMIN });
    await a.callTo('views.open', (args) => args.trigger_id === sent.triggerId);
    await waitUntil('Initech pre-selected in the contact modal', () =>
      modalTexts(a).find((t) => t.includes('Initech LLC')),
    );
    expect(searchesFor(a, 'initech').length).toBeGreaterThan(0);
  });
});
