// 300 /customer commands arriving together in one workspace, from 30 technicians: none is turned away as busy,
// every one is answered, and the queue tells each accepted job where it stands (the job runner turns a long
// wait into "You're #N in line").
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SubmitResult, WorkspaceQueue } from '../../src/queue/index.js';
import { type FakeVendor, startFakeVendor } from '../fakes/fake-vendor.js';
import { type StartedApp, startApp, textOf } from '../helpers/app.js';

const COMMANDS = 300;
const USERS = 30;

describe('a burst of 300 commands in one workspace', () => {
  let vendor: FakeVendor;
  let app: StartedApp;
  const submitted: SubmitResult[] = [];

  beforeAll(async () => {
    vendor = await startFakeVendor('atera', { generate: { customers: 200, seed: 3 }, latencyMs: 20 });
    // The old count bound (QUEUE_MAX_PENDING=100) refused 193 of these; the defaults now admit by expected wait.
    // A vendor pace at which the later jobs wait several seconds: they are told their place in line first.
    app = await startApp({ env: { ...vendor.env, VENDOR_RATE_LIMIT_PER_MINUTE: '1200' } });
    const submit = WorkspaceQueue.prototype.submit;
    vi.spyOn(WorkspaceQueue.prototype, 'submit').mockImplementation(function (this: WorkspaceQueue, ...args) {
      const result = submit.apply(this, args);
      submitted.push(result);
      return result;
    });
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await app?.stop();
    await vendor?.close();
  });

  it('gives no busy answer, answers every user, and places each job in line', async () => {
    const customers = vendor.customerList();
    const warm = await app.sendCommand('/customer', customers[0]?.name ?? 'a');
    await app.responseFor(warm.responseUrl);
    submitted.length = 0;

    const sent = await Promise.all(
      Array.from({ length: COMMANDS }, (_, i) =>
        app.sendCommand('/customer', customers[i % customers.length]?.name ?? 'a', {
          userId: `U0BURST${String(i % USERS).padStart(2, '0')}`,
        }),
      ),
    );
    expect(sent.filter((s) => s.status !== 200)).toEqual([]);
    // Every command's last message on its response_url: for some a note first, then the answer in its place.
    const idOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
    await Promise.all(sent.map((s) => app.responseFor(s.responseUrl)));
    const last = () =>
      sent.map((s) => textOf(app.slack.responses.filter((r) => r.id === idOf(s.responseUrl)).at(-1)?.body));
    const deadline = Date.now() + 60_000;
    while (last().some((t) => /in line/.test(t)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const answers = last();
    expect(answers.filter((t) => /busy/i.test(t))).toEqual([]);
    expect(
      answers.filter((t) => !t.includes('customer card') && !/customers match|No customer matches/.test(t)),
    ).toEqual([]);

    // Those who waited saw "You're #N in line, about T s" first, and the answer took its place.
    const posts = sent.map((s) => app.slack.responses.filter((r) => r.id === idOf(s.responseUrl)));
    const noted = posts.filter(
      (p) => p.length > 1 && /You’re #\d+ in line, about \d+ s/.test(textOf(p[0]?.body)),
    );
    expect(noted.length).toBeGreaterThan(0);
    for (const p of noted) expect(p.at(-1)?.body.replace_original).toBe(true);

    // The queue side: all 300 accepted, each told its place and expected wait, places growing behind the first.
    expect(submitted).toHaveLength(COMMANDS);
    expect(submitted.every((r) => r.accepted)).toBe(true);
    const places = submitted.map((r) => (r.accepted ? r.position : -1));
    expect(Math.max(...places)).toBeGreaterThan(0);
    expect(submitted.every((r) => !r.accepted || r.expectedWaitMs <= 60_000)).toBe(true);
  });
});
