// The playground without a browser: it signs what the page sends as Slack does, and shows what the bot sends
// back the way Slack's client would (ephemeral vs public, replace/delete originals, modal stacks).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../../src/playground/server.js';

describe('the playground server', () => {
  let playground: Playground;
  let dataDir: string;

  /** A call as the page makes it: JSON, with this start's token. */
  const api = async (name: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${playground.url}api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-playground-token': playground.token, ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  /** A Web API call as the bot makes it, straight to the stand-in. */
  const slack = async (method: string, args: Record<string, unknown>) => {
    const res = await fetch(`${playground.standin.apiUrl}${method}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${playground.standin.botToken}`,
      },
      body: JSON.stringify(args),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  const respond = async (url: string, body: Record<string, unknown>) => {
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  };
  const messages = (channel: string) =>
    playground.model.snapshot().messages.filter((m) => m.channel === channel);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'playground-'));
    playground = await startPlayground({
      port: 0,
      host: '127.0.0.1',
      env: { DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    });
  });

  afterAll(async () => {
    await playground.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the page and its scripts from itself only', async () => {
    const res = await fetch(playground.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('<script type="module" src="/app.js">');
    expect((await fetch(`${playground.url}render.js`)).status).toBe(200);
    expect((await fetch(`${playground.url}../package.json`)).status).toBe(404);
  });

  it('sends a typed slash command to the bot, signed, and shows the answer only to the user', async () => {
    const reply = await api('command', { userId: 'U0TARA', channel: 'C0SUPPORT', text: '/customer help' });
    expect(reply.json).toMatchObject({ ok: true, status: 200 });
    const [echo, answer] = messages('C0SUPPORT');
    expect(echo).toMatchObject({ author: 'U0TARA', text: '/customer help', visibleTo: 'U0TARA' });
    expect(answer).toMatchObject({ author: 'bot', visibleTo: 'U0TARA' });
    expect(JSON.stringify(answer?.blocks)).toContain('/customer new');
  });

  it('refuses page API calls from other sites and non-JSON bodies', async () => {
    const crossSite = await api(
      'command',
      { userId: 'U0ALEX', channel: 'C0GENERAL', text: 'hi' },
      {
        origin: 'https://evil.example',
      },
    );
    expect(crossSite.status).toBe(403);
    const form = await fetch(`${playground.url}api/command`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-playground-token': playground.token },
      body: '{}',
    });
    expect(form.status).toBe(415);
  });

  it('posts chat.postMessage publicly and chat.postEphemeral to one user, and honours chat.update', async () => {
    const posted = await slack('chat.postMessage', { channel: 'C0GENERAL', text: 'Delete Acme?' });
    expect(posted.ok).toBe(true);
    await slack('chat.postEphemeral', { channel: 'C0GENERAL', user: 'U0SAM', text: 'psst' });
    const updated = await slack('chat.update', {
      channel: 'C0GENERAL',
      ts: posted.ts,
      text: 'Deleted by Alex',
    });
    expect(updated.ok).toBe(true);
    const general = messages('C0GENERAL');
    expect(general.find((m) => m.ts === posted.ts)).toMatchObject({ text: 'Deleted by Alex', edited: true });
    expect(general.find((m) => m.text === 'psst')?.visibleTo).toBe('U0SAM');
    // Slack cannot update an ephemeral message or one that does not exist.
    expect(await slack('chat.update', { channel: 'C0GENERAL', ts: '1.000001', text: 'x' })).toMatchObject({
      ok: false,
      error: 'message_not_found',
    });
  });

  it('replaces and deletes the message a button was on through its response_url', async () => {
    const posted = await slack('chat.postMessage', { channel: 'C0GENERAL', text: 'Confirm the delete' });
    const ts = String(posted.ts);
    const url = playground.standin.responseUrl();
    playground.model.registerResponseUrl(url.split('/').pop() ?? '', {
      channel: 'C0GENERAL',
      userId: 'U0ALEX',
      sourceTs: ts,
    });
    await respond(url, { replace_original: true, text: 'Deleted by Alex Admin' });
    expect(playground.model.message('C0GENERAL', ts)).toMatchObject({ text: 'Deleted by Alex Admin' });
    await respond(url, { delete_original: true });
    expect(playground.model.message('C0GENERAL', ts)).toBeUndefined();
    await respond(url, { response_type: 'in_channel', text: 'Acme Corporation was deleted' });
    expect(messages('C0GENERAL').at(-1)).toMatchObject({
      text: 'Acme Corporation was deleted',
      visibleTo: undefined,
    });
  });

  it('opens a modal with a trigger once, stacks up to three views, and rejects a stale hash', async () => {
    const view = (title: string) => ({
      type: 'modal',
      title: { type: 'plain_text', text: title },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: title } }],
    });
    const trigger = playground.model.newTrigger('U0TARA');
    const opened = await slack('views.open', { trigger_id: trigger, view: view('One') });
    expect(opened.ok).toBe(true);
    expect(await slack('views.open', { trigger_id: trigger, view: view('Again') })).toMatchObject({
      error: 'exchanged_trigger_id',
    });
    for (const title of ['Two', 'Three'])
      expect(
        (await slack('views.push', { trigger_id: playground.model.newTrigger('U0TARA'), view: view(title) }))
          .ok,
      ).toBe(true);
    expect(
      await slack('views.push', { trigger_id: playground.model.newTrigger('U0TARA'), view: view('Four') }),
    ).toMatchObject({ ok: false, error: 'push_limit_reached' });
    const first = (opened.view ?? {}) as { id: string; hash: string };
    expect(
      await slack('views.update', { view_id: first.id, hash: 'stale', view: view('One!') }),
    ).toMatchObject({
      error: 'hash_conflict',
    });
    expect(
      (await slack('views.update', { view_id: first.id, hash: first.hash, view: view('One!') })).ok,
    ).toBe(true);
    const stack = playground.model.modalStack('U0TARA');
    expect(stack.map((v) => (v.view.title as { text: string }).text)).toEqual(['One!', 'Two', 'Three']);
    // Every block carries a block_id, as Slack fills in the ones an app leaves out.
    expect(stack.every((v) => (v.view.blocks as { block_id?: string }[]).every((b) => b.block_id))).toBe(
      true,
    );

    const top = stack[2]?.id ?? '';
    playground.model.applySubmissionAck('U0TARA', top, { response_action: 'errors', errors: { b: 'x' } });
    expect(playground.model.modalStack('U0TARA')).toHaveLength(3);
    playground.model.applySubmissionAck('U0TARA', top, undefined);
    expect(playground.model.modalStack('U0TARA')).toHaveLength(2);
    playground.model.applySubmissionAck('U0TARA', stack[1]?.id ?? '', { response_action: 'clear' });
    expect(playground.model.modalStack('U0TARA')).toHaveLength(0);
  });

  it('shows a published Home tab per user', async () => {
    const published = await slack('views.publish', {
      user_id: 'U0ALEX',
      view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Connected' } }] },
    });
    expect(published.ok).toBe(true);
    expect(playground.model.snapshot().homes.U0ALEX?.view.type).toBe('home');
  });
});
