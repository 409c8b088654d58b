// On every vendor, over signed HTTP: an edit made directly at the vendor (as its own web app would) shows in a
// lookup within the freshness period, asking only for what changed where the vendor can say, and a customer
// deleted there disappears within the reconcile period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_VENDORS, type FakeVendor, startFakeVendor } from '../fakes/fake-vendor.js';
import { type StartedApp, startApp, textOf } from '../helpers/app.js';

/** Short periods, so the story takes seconds: changes every second, counts every two. */
const PERIODS = { INDEX_REFRESH_SECONDS: '1', INDEX_RECONCILE_SECONDS: '2', INDEX_TTL_SECONDS: '2' };

/** Asks `/customer text` until `done` says the answer is the expected one, or `timeoutMs` passes. */
async function lookUntil(
  app: StartedApp,
  text: string,
  done: (answer: string) => boolean,
  timeoutMs: number,
): Promise<{ answer: string; asked: number }> {
  const deadline = Date.now() + timeoutMs;
  let asked = 0;
  let answer = '';
  for (;;) {
    const sent = await app.sendCommand('/customer', text);
    expect(sent.status).toBe(200);
    answer = textOf(await app.responseFor(sent.responseUrl));
    asked++;
    if (done(answer) || Date.now() > deadline) return { answer, asked };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The one workspace's index (single-workspace mode). */
function indexOf(app: StartedApp) {
  const key = app.bot.services.indexes.stats()[0]?.workspace;
  return key === undefined ? undefined : app.bot.services.indexes.get(key);
}

function fullReads(app: StartedApp, after: number): number {
  return app.logs.lines.filter(
    (l) => l.msg === 'index built' && l.what === 'customers' && Number(l.time) >= after,
  ).length;
}

describe.each(FAKE_VENDORS)('index freshness on %s', (name) => {
  let vendor: FakeVendor;
  let app: StartedApp;

  beforeAll(async () => {
    vendor = await startFakeVendor(name, {
      seed: {
        customers: [
          { name: 'Harbor Freight Testing', domain: 'harbor-freight-testing.example' },
          { name: 'Doomed Dental Practice', domain: 'doomed-dental.example' },
        ],
      },
      generate: { customers: 40, seed: 7 },
    });
    app = await startApp({ env: { ...vendor.env, ...PERIODS } });
  });

  afterAll(async () => {
    await app?.stop();
    await vendor?.close();
  });

  it('shows an edit made at the vendor within the freshness period', async () => {
    const first = await lookUntil(
      app,
      'Harbor Freight Testing',
      (a) => a.includes('Harbor Freight Testing'),
      8000,
    );
    expect(first.answer).toContain('Harbor Freight Testing');
    const id = vendor.customerIdByName('Harbor Freight Testing');
    if (!id) throw new Error('seeded customer missing');
    const editedAt = Date.now();
    vendor.renameCustomer(id, 'Harbor Freight Renamed Here');

    const seen = await lookUntil(
      app,
      'Harbor Freight Renamed Here',
      (a) => a.includes('Harbor Freight Renamed Here') && !a.includes('No customer matches'),
      // A few refresh periods of 1 s: the bound is the freshness period, not a full re-read (600 s).
      6000,
    );
    expect(seen.answer).toContain('Harbor Freight Renamed Here');
    const index = indexOf(app);
    // Where the vendor can say what changed, nothing was read whole again to see the edit.
    if (index?.freshness().incremental) expect(fullReads(app, editedAt)).toBe(0);
  });

  it('drops a customer deleted at the vendor within the reconcile period', async () => {
    const first = await lookUntil(
      app,
      'Doomed Dental Practice',
      (a) => a.includes('Doomed Dental Practice'),
      8000,
    );
    expect(first.answer).toContain('Doomed Dental Practice');
    const id = vendor.customerIdByName('Doomed Dental Practice');
    if (!id) throw new Error('seeded customer missing');
    vendor.removeCustomer(id);

    // Nobody looks it up meanwhile (a lookup could learn of the deletion itself): the reconcile must find it.
    const index = indexOf(app);
    const deadline = Date.now() + 8000;
    while (index?.getCustomer(id)?.active === true && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(index?.getCustomer(id)?.active ?? false).toBe(false);
    const gone = await lookUntil(
      app,
      'Doomed Dental Practice',
      (a) => a.includes('No customer matches'),
      2000,
    );
    expect(gone.answer).toContain('No customer matches');
  });
});
