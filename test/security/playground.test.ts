// Issue 14, item 1: the playground is a locked console. A page of another site that rebinds its name to this
// machine gets 403 on every route and changes nothing; /api/* without this start's token gets 401; the page may
// send only the actions its messages and views really offer; a real vendor is served on the loopback only.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type Playground, startPlayground } from '../../src/playground/server.js';
import type { StandinActivity } from '../../src/playground/slack-standin.js';
import type { PlaygroundMessage } from '../../src/playground/workspace-model.js';
import { startFakeAtera } from '../fakes/atera/server.js';
import { LogCapture, waitUntil } from '../helpers/app.js';

interface Reply {
  status: number;
  body: string;
}

/** A raw HTTP request, so the test can send any Host header (fetch always sends the URL's own). */
function send(
  playground: Playground,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // An empty Host means none at all (an HTTP/1.0 client, a raw socket).
    const setHost = headers.host !== '';
    const sent = setHost
      ? headers
      : Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'host'));
    const options = { host: '127.0.0.1', port: playground.port, method, path, headers: sent, setHost };
    const req = request(options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        // An event stream stays open: its status and first event are all this test needs.
        if (res.headers['content-type']?.startsWith('text/event-stream')) res.destroy();
      });
      res.on('close', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const ROUTES: [string, string][] = [
  ['GET', '/'],
  ['GET', '/index.html'],
  ['GET', '/app.js'],
  ['GET', '/render.js'],
  ['GET', '/styles.css'],
  ['GET', '/healthz'],
  ['GET', '/api/state'],
  ['GET', '/api/events'],
  ['GET', '/no-such-page'],
  ['POST', '/api/command'],
  ['POST', '/api/action'],
  ['POST', '/api/submit'],
  ['POST', '/api/close'],
  ['POST', '/api/suggest'],
  ['POST', '/api/home'],
];

describe('item 1: the playground is a locked console', () => {
  let playground: Playground;
  let dataDir: string;
  const logs = new LogCapture();
  const activity: StandinActivity[] = [];

  const json = { 'content-type': 'application/json' };
  const withToken = () => ({ ...json, 'x-playground-token': playground.token });
  const post = (path: string, body: unknown, headers: Record<string, string> = withToken()) =>
    send(
      playground,
      'POST',
      path,
      { host: `localhost:${playground.port}`, ...headers },
      JSON.stringify(body),
    );
  const state = () => playground.model.snapshot();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'playground-security-'));
    playground = await startPlayground({
      port: 0,
      host: '127.0.0.1',
      env: { DATA_DIR: dataDir, VENDOR: 'sandbox', PLAYGROUND_ALLOWED_HOSTS: 'devbox.lan, other.lan:8080' },
      // Trace: the most a debugging operator could log, none of which may carry the token.
      logger: createLogger({ level: 'trace', destination: logs }),
    });
    playground.standin.observe((a) => activity.push(a));
  });

  afterAll(async () => {
    await playground?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 403 to a rebinding Host (rebind.attacker.example) on every route, and changes nothing', async () => {
    const before = state();
    const seen = activity.length;
    const command = JSON.stringify({ userId: 'U0ALEX', channel: 'C0GENERAL', text: '/customer acme' });
    for (const [method, path] of ROUTES) {
      // Even with the right token: whoever rebinds a name onto this machine must not be answered at all.
      const reply = await send(
        playground,
        method,
        path,
        { host: 'rebind.attacker.example', ...withToken() },
        method === 'POST' ? command : undefined,
      );
      expect([method, path, reply.status]).toEqual([method, path, 403]);
      expect(reply.body).not.toContain('Acme');
    }
    for (const host of ['rebind.attacker.example:3000', 'localhost.attacker.example', '127.0.0.1.nip.io'])
      expect((await send(playground, 'GET', '/', { host })).status).toBe(403);
    // No Host at all: Node's server already refuses an HTTP/1.1 request without one.
    expect([400, 403]).toContain((await send(playground, 'GET', '/', { host: '' })).status);
    expect(state().version).toBe(before.version);
    expect(state().messages).toEqual(before.messages);
    expect(activity.length).toBe(seen);
  });

  it('answers the loopback names with any port, and the hosts PLAYGROUND_ALLOWED_HOSTS lists', async () => {
    for (const host of [
      'localhost',
      'localhost:3000',
      'LOCALHOST:1',
      '127.0.0.1:8443',
      '[::1]:3000',
      'devbox.lan:3000',
      'other.lan:8080',
    ])
      expect([host, (await send(playground, 'GET', '/', { host })).status]).toEqual([host, 200]);
    // A name listed with a port allows that port only.
    expect((await send(playground, 'GET', '/', { host: 'other.lan:9090' })).status).toBe(403);
  });

  it('answers 401 on every /api route without this start’s token, and changes nothing', async () => {
    const before = state();
    const seen = activity.length;
    const body = JSON.stringify({ userId: 'U0ALEX', channel: 'C0GENERAL', text: '/customer acme' });
    const wrong = 'A'.repeat(43);
    for (const [method, path] of ROUTES.filter(([, p]) => p.startsWith('/api/'))) {
      const host = { host: `127.0.0.1:${playground.port}` };
      const none = await send(
        playground,
        method,
        path,
        { ...host, ...json },
        method === 'POST' ? body : undefined,
      );
      const guessed = await send(
        playground,
        method,
        path,
        { ...host, ...json, 'x-playground-token': wrong },
        method === 'POST' ? body : undefined,
      );
      // Only the event stream (an EventSource cannot send headers) takes the token in its query.
      const inQuery = await send(
        playground,
        method,
        `${path}?token=${playground.token}`,
        { ...host, ...json },
        method === 'POST' ? body : undefined,
      );
      expect([path, none.status, guessed.status]).toEqual([path, 401, 401]);
      expect([path, inQuery.status]).toEqual([path, path === '/api/events' ? 200 : 401]);
    }
    expect(state().version).toBe(before.version);
    expect(activity.length).toBe(seen);
  });

  it('opens with a fresh 32-byte token per start, in the printed link’s fragment', async () => {
    expect(playground.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(playground.openUrl).toBe(`${playground.url}#token=${playground.token}`);
    const again = await startPlayground({
      port: 0,
      host: '127.0.0.1',
      env: { DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    });
    try {
      expect(again.token).not.toBe(playground.token);
      const stale = await send(again, 'GET', '/api/state', {
        host: 'localhost',
        'x-playground-token': playground.token,
      });
      expect(stale.status).toBe(401);
    } finally {
      await again.stop();
    }
  });

  it('accepts only the actions the page can produce from what it shows', async () => {
    const sent = await post('/api/command', {
      userId: 'U0ALEX',
      channel: 'C0GENERAL',
      text: '/customer acme',
    });
    expect(sent.status).toBe(200);
    const withButtons = (m: PlaygroundMessage) =>
      m.author === 'bot' && JSON.stringify(m.blocks).includes('"type":"button"');
    const card = await waitUntil('an answer with buttons', () => state().messages.find(withButtons));
    // A button with a value, wherever render.js draws one: in an actions block or beside a section.
    type Button = { type: string; action_id: string; value?: string; text: unknown };
    const buttons = card.blocks.flatMap((b) => {
      const elements = [
        ...((b.elements as Button[] | undefined) ?? []),
        ...(b.accessory ? [b.accessory as Button] : []),
      ];
      return elements
        .filter((e) => e.type === 'button' && e.value !== undefined)
        .map((e) => ({ e, blockId: String(b.block_id) }));
    });
    const found = buttons[0];
    if (!found) throw new Error('the answer has no button with a value');
    const { e: button } = found;
    const actions = { block_id: found.blockId };
    const click = (action: Record<string, unknown>, where: Record<string, unknown> = {}) =>
      post('/api/action', { userId: 'U0ALEX', channel: card.channel, ts: card.ts, action, ...where });
    const real = {
      type: 'button',
      action_id: button.action_id,
      block_id: actions.block_id,
      value: button.value,
      text: button.text,
    };

    const before = state().version;
    const seen = activity.length;
    const refused = [
      // An action id the message does not show (the delete confirmation's, say), with a value of the attacker's choosing.
      await click({ ...real, action_id: 'delete_confirm', value: 'pending-123' }),
      // The right button with another value: another customer's id.
      await click({ ...real, value: '999999' }),
      // Another block's id.
      await click({ ...real, block_id: 'not-a-block' }),
      // A shape render.js never sends.
      await click({ ...real, extra: 'field' }),
      await click({ ...real, value: 12 }),
      await post('/api/action', {
        userId: 'U0ALEX',
        channel: card.channel,
        ts: card.ts,
        action: real,
        values: { x: 1 },
      }),
    ];
    expect(refused.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400]);
    // Another user cannot click a message only U0ALEX sees.
    expect(JSON.parse((await click(real, { userId: 'U0TARA' })).body)).toMatchObject({ ok: false });
    expect(state().version).toBe(before);
    expect(activity.length).toBe(seen);

    // The real click, exactly as render.js sends it, reaches the bot.
    const ok = await click(real);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, status: 200 });
  });

  it('refuses malformed page calls with 400 before the bot hears of them', async () => {
    const seen = activity.length;
    const replies = [
      await post('/api/command', { userId: 'U0ALEX', channel: 'C0GENERAL', text: 42 }),
      await post('/api/command', {
        userId: 'U0ALEX',
        channel: 'C0GENERAL',
        text: `/customer ${'a'.repeat(5000)}`,
      }),
      await post('/api/submit', {
        userId: 'U0ALEX',
        viewId: 'V1',
        values: { b: { a: { type: 'evil', value: 'x' } } },
      }),
      await post('/api/suggest', {
        userId: 'U0ALEX',
        viewId: 'V1',
        blockId: 'b',
        actionId: 'a',
        value: 'x'.repeat(4000),
        values: {},
      }),
      await post('/api/home', { userId: 'U0ALEX', admin: true }),
    ];
    expect(replies.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    expect(activity.length).toBe(seen);
  });

  it('writes the token into no log line, at trace', () => {
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.text()).not.toContain(playground.token);
  });
});

describe('item 1: the playground with a real vendor', () => {
  it('refuses to start unless it listens on the loopback, in one line', async () => {
    const atera = await startFakeAtera();
    const dataDir = mkdtempSync(join(tmpdir(), 'playground-real-'));
    const env = {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      VENDOR: 'atera',
      ATERA_API_KEY: atera.apiKey,
      ATERA_BASE_URL: atera.url,
    };
    try {
      for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
        const started = startPlayground({ port: 0, host, env });
        await expect(started).rejects.toBeInstanceOf(ConfigError);
        await expect(started).rejects.toMatchObject({
          problems: [
            expect.stringMatching(
              new RegExp(
                `^HOST=${host.replace(/\./g, '\\.')} is refused for the playground with VENDOR=atera`,
              ),
            ),
          ],
        });
      }
      expect(atera.requests()).toEqual([]);
      // On the loopback it starts, and still wants its token.
      const local = await startPlayground({ port: 0, host: '127.0.0.1', env });
      try {
        expect((await send(local, 'GET', '/api/state', { host: 'localhost' })).status).toBe(401);
      } finally {
        await local.stop();
      }
    } finally {
      await atera.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
