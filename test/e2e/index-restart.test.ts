// A restart with the same store (same DATA_DIR): the first /customer for a customer on the vendor's last page is
// answered from the snapshot before any full build, and the contact modal's typeahead offers customers at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, CALLBACKS } from '../../blocks/actions.js';
import { FAKE_VENDORS, type FakeVendor, startFakeVendor } from '../fakes/fake-vendor.js';
import { type StartedApp, startApp, textOf } from '../helpers/app.js';
import { blockSuggestion } from '../helpers/payloads.js';

describe.each(FAKE_VENDORS)('a restart on %s', (name) => {
  let vendor: FakeVendor;
  let dataDir: string;
  let app: StartedApp | undefined;

  beforeAll(async () => {
    vendor = await startFakeVendor(name, { generate: { customers: 130, seed: 21 } });
    dataDir = mkdtempSync(join(tmpdir(), 'msp-restart-'));
  });

  afterAll(async () => {
    await app?.stop();
    await vendor?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = () => startApp({ dataDir, env: { ...vendor.env } });

  it('answers the first lookup from the snapshot, and the typeahead offers customers at once', async () => {
    // The last customer of the vendor's own order sits on its last page.
    const last = vendor.customerList().at(-1);
    if (!last) throw new Error('no customers');
    const first = await start();
    app = first;
    const warm = await first.sendCommand('/customer', last.name);
    expect(textOf(await first.responseFor(warm.responseUrl))).toContain(last.name);
    const key = first.bot.services.indexes.stats()[0]?.workspace ?? '';
    // Stopping writes what the index learned since its last snapshot, before the store closes.
    await first.stop();
    app = undefined;
    const written = await start();
    app = written;
    const info = await written.bot.services.store.indexSnapshots.info(key);
    expect(info?.customers).toBeGreaterThanOrEqual(130);

    // From here on, every vendor request is slow: a full build takes several of them one after another,
    // while the snapshot needs none.
    vendor.clearRequests();
    vendor.setLatency(700);
    const restartedAt = Date.now();

    // The contact modal, opened as a technician would, and its customer typeahead asked for at once.
    const opened = await written.sendCommand('/contact', 'add');
    expect(opened.status).toBe(200);
    const open = await written.callTo('views.open', (a) => a.trigger_id === opened.triggerId);
    const view: Record<string, unknown> = {
      ...(open.view as Record<string, unknown>),
      id: 'VRESTART',
      hash: 'h1',
    };
    expect(view.callback_id).toBe(CALLBACKS.contactAdd);
    const word = last.name.split(' ')[0] ?? last.name;
    const suggestion = await written.sendPayload(
      blockSuggestion({ actionId: ACTIONS.customerPicker, blockId: 'customer', value: word, view }),
    );
    const offered = ((suggestion.json?.options as { text: { text: string } }[]) ?? []).map(
      (o) => o.text.text,
    );
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.some((text) => text.startsWith(word))).toBe(true);

    const sent = await written.sendCommand('/customer', last.name);
    const answer = textOf(await written.responseFor(sent.responseUrl));
    const answeredAt = Date.now();
    expect(answer).toContain(last.name);
    const restored = written.logs.lines.find(
      (l) => l.msg === 'index restored from snapshot; refreshing from the vendor',
    );
    expect(restored).toBeDefined();
    // No full build had finished (or, where the vendor can say what changed, happened at all) before the answer.
    const builds = written.logs.lines.filter(
      (l) => l.msg === 'index built' && l.what === 'customers' && Number(l.time) >= restartedAt,
    );
    expect(builds.every((l) => Number(l.time) > answeredAt)).toBe(true);
    vendor.setLatency(0);
  });
});
