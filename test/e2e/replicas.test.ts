// Three replicas behind one URL, sharing PostgreSQL and Redis: one vendor rate limit across them, deletes
// confirmed on another replica run once, edits reach the other replicas' indexes, and a replica that stops
// mid-burst answers everything it accepted.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTIONS, CALLBACKS } from '../../blocks/actions.js';
import { ARRIVAL_SLACK_MS, windowPlan } from '../../src/distributed/index.js';
import { type FakeAtera, startFakeAtera } from '../fakes/atera/server.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/server.js';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { SIGNING_SECRET, type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { blockAction, fillView, findButton, viewSubmission } from '../helpers/payloads.js';
import { REPLICA_HEADER, type RoundRobinProxy, startRoundRobinProxy } from '../helpers/proxy.js';
import { signedHeaders } from '../helpers/signing.js';
import { schemaUrl } from '../helpers/stores.js';

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
if (process.env.CI && (!databaseUrl || !redisUrl)) {
  throw new Error(
    'TEST_DATABASE_URL and TEST_REDIS_URL must both be set in CI: the replica suite needs PostgreSQL and Redis (.ci/run sets them)',
  );
}
const enabled = Boolean(databaseUrl && redisUrl);
if (!enabled) {
  process.stdout.write(
    'replicas.test.ts: not run; set TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL (Redis) to run the replica suite\n',
  );
}

const ADMIN = 'UADMIN';
const RATE = 120;

interface Reply {
  status: number;
  replica: number | undefined;
  json: Record<string, unknown> | undefined;
}

interface Cluster {
  slack: FakeSlack;
  atera: FakeAtera;
  replicas: StartedApp[];
  proxy: RoundRobinProxy;
  /** Sends a signed slash command to `base` (the proxy by default); resolves with the ack and its response_url. */
  command(text: string, base?: string): Promise<Reply & { responseUrl: string }>;
  payload(payload: Record<string, unknown>, base?: string): Promise<Reply>;
  /** The first message posted to `responseUrl`. */
  answer(responseUrl: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Stops one replica gracefully (as SIGTERM does). */
  stop(index: number): Promise<void>;
}

async function post(base: string, body: string): Promise<Reply> {
  const res = await fetch(`${base}/slack/events`, {
    method: 'POST',
    body,
    headers: signedHeaders(SIGNING_SECRET, body),
  });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  const replica = res.headers.get(REPLICA_HEADER);
  return { status: res.status, replica: replica === null ? undefined : Number(replica), json };
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T, i: number) => Promise<R>) {
  const out: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const item = items[i] as T;
      out[i] = await work(item, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Most of `times` (epoch ms, any order) that fall in any span of `spanMs`. */
function busiestSpan(times: readonly number[], spanMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= spanMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe.runIf(enabled)('three replicas behind one URL (PostgreSQL + Redis)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function cluster(
    options: { env?: Record<string, string>; latencyMs?: number } = {},
  ): Promise<Cluster> {
    if (!databaseUrl || !redisUrl) throw new Error('unreachable: the suite runs only with both URLs');
    const slack = await startFakeSlack();
    slack.users.set(ADMIN, { id: ADMIN, name: 'alice', isAdmin: true });
    const atera = await startFakeAtera({
      seed: { customers: NAMED_CUSTOMERS },
      generate: { customers: 80, seed: 11 },
      ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
    });
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    // A key prefix of its own: parallel runs on one Redis never share a limit or hear each other's bus.
    const prefix = `msp-test-${randomBytes(6).toString('hex')}:`;
    const replicas: StartedApp[] = [];
    const stopped = new Set<number>();
    cleanups.push(async () => {
      for (const [i, replica] of replicas.entries()) if (!stopped.has(i)) await replica.stop();
      expect(slack.violations).toEqual([]);
      await slack.stop();
      await atera.close();
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    });
    const env = {
      DATABASE_URL: schemaUrl(databaseUrl, schema),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      LOG_LEVEL: 'info',
      QUEUE_MAX_PENDING: '1000',
      ...options.env,
    };
    for (let i = 0; i < 3; i++)
      replicas.push(await startApp({ vendor: 'atera', ateraServer: atera, slack, env }));
    const proxy = await startRoundRobinProxy(replicas.map((r) => r.url));
    cleanups.push(() => proxy.close());

    return {
      slack,
      atera,
      replicas,
      proxy,
      async command(text, base = proxy.url) {
        const responseUrl = slack.responseUrl();
        const body = new URLSearchParams({
          token: 'legacy-verification-token-abc',
          team_id: 'T0001',
          team_domain: 'fake-msp',
          channel_id: 'C0GENERAL',
          channel_name: 'general',
          user_id: ADMIN,
          user_name: 'alice',
          command: '/customer',
          text,
          api_app_id: 'A0BOT',
          is_enterprise_install: 'false',
          response_url: responseUrl,
          trigger_id: `${Date.now()}.${randomBytes(4).toString('hex')}`,
        }).toString();
        return { ...(await post(base, body)), responseUrl };
      },
      payload(payload, base = proxy.url) {
        return post(base, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
      },
      answer(responseUrl, timeoutMs = 8000) {
        const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
        // The answer, not the "You're #N in line" note a waiting job shows first (the answer replaces it).
        const isNote = (body: Record<string, unknown>) =>
          /in line, about \d+ s/.test(String(body.text ?? ''));
        return waitUntil(
          `an answer at ${id}`,
          () => slack.responses.find((r) => r.id === id && !isNote(r.body))?.body,
          timeoutMs,
        );
      },
      async stop(index) {
        stopped.add(index);
        await replicas[index]?.stop();
      },
    };
  }

  it('keeps one vendor rate limit across the replicas: a burst of 1,000 commands, no 429, no sliding minute over the limit', async () => {
    const c = await cluster({ env: { VENDOR_RATE_LIMIT_PER_MINUTE: String(RATE) } });
    // Every replica builds its index first (one card each, through the round robin).
    for (let i = 0; i < 3; i++) {
      const warm = await c.command('Acme Corporation');
      expect(textOf(await c.answer(warm.responseUrl, 30_000))).toContain('Acme Corporation');
    }
    c.atera.setRateLimit({ perMinute: RATE });
    const before = c.atera.requests().length;
    // When each vendor request arrived, read from the fake's log as it grows.
    const arrivals: number[] = [];
    const watch = setInterval(() => {
      const seen = c.atera.requests().length - before;
      while (arrivals.length < seen) arrivals.push(Date.now());
    }, 5);

    // One in 20 asks for a card of a customer not shown before: Atera's lists carry no custom values, so each
    // such card costs one request (a repeated card is served from memory); the rest answer from the index.
    const names = c.atera.customers().map((x) => x.CustomerName ?? '');
    const cardNames = names.filter((n, i) => i >= 5 && n && names.indexOf(n) === i).slice(0, 50);
    expect(cardNames).toHaveLength(50);
    const texts = Array.from({ length: 1000 }, (_, i) =>
      i % 20 === 0 ? (cardNames[i / 20] ?? '') : i % 2 ? 'globex' : 'qqqzzzx',
    );
    const sent = await pooled(texts, 50, (text) => c.command(text));
    expect(sent.map((s) => s.status).filter((s) => s !== 200)).toEqual([]);
    expect(new Set(sent.map((s) => s.replica))).toEqual(new Set([0, 1, 2]));
    const answers = await Promise.all(sent.map((s) => c.answer(s.responseUrl, 120_000)));
    clearInterval(watch);

    let cards = 0;
    answers.forEach((answer, i) => {
      const text = textOf(answer);
      expect(text).not.toMatch(/Could not|busy|restarting/);
      if (cardNames.includes(texts[i] ?? '')) expect(text).toContain(texts[i]);
      if (texts[i] === 'globex') expect(text).toContain('Globex West');
      if (String(answer.text).includes('customer card')) cards++;
    });
    const vendorCalls = c.atera.requests().slice(before);
    // A generated name can be ambiguous (a list, no request); nearly all are single cards, each one request for
    // its custom values. The rest is the index keeping fresh (what changed since, a count): no whole-list page.
    expect(cards).toBeGreaterThan(40);
    // One custom-values read per card (a replica that served a name's list reads none), never two for one.
    const valueReads = vendorCalls.filter((r) => r.path.startsWith('/api/v3/customvalues/customerfields/'));
    expect(valueReads.length).toBe(cards);
    const paths = valueReads.map((r) => r.path);
    expect(paths.filter((p, i) => paths.indexOf(p) !== i)).toEqual([]);
    expect(valueReads.length).toBeLessThanOrEqual(cardNames.length);
    // The rest is the field definitions (once per replica, to type the values), the account's time zone and the
    // index keeping fresh (what changed, and a count from a first page): never a re-read of a whole list.
    const wholePages = vendorCalls.filter(
      (r) =>
        (r.path === '/api/v3/customers' || r.path === '/api/v3/contacts') &&
        !r.query.FromLastModifiedDate &&
        Number(r.query.page ?? 1) > 1,
    );
    expect(wholePages.map((r) => `${r.path}?${new URLSearchParams(r.query)}`)).toEqual([]);
    // The vendor never refused (the fake answers 429 past 120 in its minute), so no replica was rate limited.
    for (const replica of c.replicas)
      expect(replica.logs.lines.filter((l) => String(l.msg).includes('rate limited'))).toEqual([]);
    expect(busiestSpan(arrivals, 60_000)).toBeLessThanOrEqual(RATE);
    // The burst lasts well under a minute, so the per-minute bound alone proves little: count per 10 s too.
    // Alone, each replica's local limiter would start a request every ~0.5 s, 3 × 20 = 60 per 10 s; shared,
    // any 10 s (plus the arrival slack) touches at most ceil(11 / 4) + 1 = 4 windows of 7 permits.
    const plan = windowPlan(RATE);
    const tenSecondBound =
      plan.points * (Math.ceil((10_000 + ARRIVAL_SLACK_MS) / (plan.durationSec * 1000)) + 1);
    expect(tenSecondBound).toBe(28);
    expect(busiestSpan(arrivals, 10_000)).toBeLessThanOrEqual(tenSecondBound);
  }, 180_000);

  it('deletes once when the confirm is clicked on every replica at once', async () => {
    const c = await cluster();
    const [a] = c.replicas;
    if (!a) throw new Error('no replica');
    const card = await c.command('Acme Corporation', a.url);
    const id = String(findButton(await c.answer(card.responseUrl), ACTIONS.customerDelete)?.value);
    await c.payload(
      blockAction({
        actionId: ACTIONS.customerDelete,
        value: id,
        userId: ADMIN,
        responseUrl: c.slack.responseUrl(),
      }),
      a.url,
    );
    const posted = await a.callTo('chat.postMessage');
    const pendingId = String(findButton(posted, ACTIONS.deleteConfirm)?.value);

    const urls = c.replicas.map(() => c.slack.responseUrl());
    const clicks = await Promise.all(
      c.replicas.map((replica, i) =>
        c.payload(
          blockAction({
            actionId: ACTIONS.deleteConfirm,
            value: pendingId,
            userId: ADMIN,
            responseUrl: urls[i],
            messageTs: '1.1',
          }),
          replica.url,
        ),
      ),
    );
    expect(clicks.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(textOf(await a.callTo('chat.update', (u) => String(u.text).startsWith('Deleted')))).toContain(
      `Deleted by <@${ADMIN}>`,
    );
    // The two clicks that lost, whichever replicas they landed on, hear who got there first.
    const losers = await waitUntil('the losing clicks’ answers', () => {
      const found = urls.flatMap((u) => c.slack.responses.filter((r) => u.endsWith(r.id)));
      return found.length >= 2 ? found : undefined;
    });
    for (const loser of losers)
      expect(textOf(loser.body)).toMatch(/Already deleted by|is deleting it right now/);
    expect(c.atera.requests('DELETE')).toHaveLength(1);
    expect(c.atera.customer(Number(id))).toBeUndefined();
  });

  it('shows an edit made through one replica in a lookup through the others within a second', async () => {
    const c = await cluster();
    const [a, ...others] = c.replicas;
    if (!a) throw new Error('no replica');
    // Every replica's index is warm before the edit, so only the bus can tell them.
    for (const replica of c.replicas) {
      const warm = await c.command('Initech LLC', replica.url);
      expect(textOf(await c.answer(warm.responseUrl))).toContain('Initech LLC');
    }
    // Whole-list pages only: the incremental read (FromLastModifiedDate) and the cheap count (itemsInPage=1) a
    // replica makes after restoring the shared snapshot are not rebuilds.
    const rebuildPages = () =>
      c.atera
        .requests('GET', '/api/v3/customers')
        .filter((r) => r.query.page && !r.query.FromLastModifiedDate && r.query.itemsInPage !== '1').length;
    const pagesBefore = rebuildPages();

    const card = await c.command('Initech LLC', a.url);
    const edit = findButton(await c.answer(card.responseUrl), ACTIONS.customerEdit);
    const click = blockAction({
      actionId: ACTIONS.customerEdit,
      value: String(edit?.value),
      userId: ADMIN,
      responseUrl: c.slack.responseUrl(),
    });
    await c.payload(click, a.url);
    const opened = await a.callTo('views.open', (v) => v.trigger_id === click.trigger_id);
    const filled = await a.callTo(
      'views.update',
      (v) => (v.view as { callback_id?: string }).callback_id === CALLBACKS.customerEdit,
    );
    const view = { ...(filled.view as Record<string, unknown>), id: filled.view_id ?? opened.view_id };
    const saved = await c.payload(
      viewSubmission({ view, userId: ADMIN, values: fillView(view, { city: 'Reykjavik' }) }),
      a.url,
    );
    expect(saved.json).toMatchObject({ response_action: 'update' });
    await a.callTo('views.update', (v) => JSON.stringify(v.view).includes('Saved'));

    for (const replica of others) {
      const deadline = Date.now() + 1000;
      let seen = '';
      while (!seen.includes('Reykjavik') && Date.now() < deadline) {
        const lookup = await c.command('Initech LLC', replica.url);
        seen = textOf(await c.answer(lookup.responseUrl));
      }
      expect(seen).toContain('Reykjavik');
    }
    // Patched through the bus, not rebuilt from the vendor.
    expect(rebuildPages()).toBe(pagesBefore);
  });

  it('loses no accepted command when one replica stops mid-burst', async () => {
    const c = await cluster({ latencyMs: 20 });
    for (let i = 0; i < 3; i++) {
      const warm = await c.command('Acme Corporation');
      expect(textOf(await c.answer(warm.responseUrl, 30_000))).toContain('Acme Corporation');
    }
    const texts = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 'Acme Corporation' : 'globex'));
    let stopping: Promise<void> | undefined;
    let held = 0;
    const sent = await pooled(texts, 30, async (text, i) => {
      if (i === 100) {
        // Mid-burst: the replica still holds accepted work (commands acked and not yet dispatched, jobs waiting
        // or running) when it is told to stop.
        const bot = c.replicas[1]?.bot;
        held =
          (bot?.acceptedCommands() ?? 0) +
          (bot?.services.queues.stats() ?? []).reduce((n, q) => n + q.pending + q.running, 0);
        stopping = c.stop(1);
      }
      return c.command(text);
    });
    await stopping;
    expect(held).toBeGreaterThan(0);
    const accepted = sent.filter((s) => s.status === 200);
    // The proxy moved on from the stopped replica, so every command was accepted by someone.
    expect(accepted).toHaveLength(300);
    expect(c.proxy.refused[1]).toBeGreaterThan(0);
    const byStopped = accepted.filter((s) => s.replica === 1);
    expect(byStopped.length).toBeGreaterThan(0);
    const answers = await Promise.all(accepted.map((s) => c.answer(s.responseUrl, 30_000)));
    answers.forEach((answer, i) => {
      const text = textOf(answer);
      // A lookup's answer, or, at worst, the clear "restarting" notice; never silence.
      expect(text).toMatch(texts[i] === 'globex' ? /Globex West|restarting/ : /Jane Doe|restarting/);
    });
    const restarting = answers.filter((a) => textOf(a).includes('restarting'));
    expect(restarting).toEqual([]);
  }, 120_000);
});
