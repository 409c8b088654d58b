// The playground without a browser: it signs what the page sends as Slack does, and shows what the bot sends
// back the way Slack's client would (ephemeral vs public, replace/delete originals, modal stacks).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../../src/playground/server.js';
import { waitUntil } from '../helpers/app.js';

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
    // The bot acks at once and answers on the command's response_url, which the stand-in shows as Slack would.
    const [echo, answer] = await waitUntil('the answer', () => {
      const shown = messages('C0SUPPORT');
      return shown.length >= 2 ? shown : undefined;
    });
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

  /** Waits until `read` finds something in the workspace the page would show. */
  const shown = async <T>(what: string, read: () => T | undefined): Promise<T> => {
    const deadline = Date.now() + 8000;
    for (;;) {
      const value = read();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  type Block = Record<string, unknown> & { block_id?: string; elements?: Record<string, unknown>[] };
  const buttonIn = (blocks: unknown[], text: string) => {
    for (const block of blocks as Block[])
      for (const el of block.elements ?? [])
        if (el.type === 'button' && (el.text as { text?: string } | undefined)?.text === text)
          return { el, blockId: String(block.block_id) };
    return undefined;
  };

  it('unfurls a pasted customer link, and its View card shows the card only to whoever clicks', async () => {
    const url = playground.model.snapshot().hints.customerUrl;
    expect(url).toMatch(/\/customers\/1001$/);
    const typed = `Can someone call them back? ${url}.`;
    expect((await api('command', { userId: 'U0TARA', channel: 'C0SUPPORT', text: typed })).json.ok).toBe(
      true,
    );
    const pasted = await shown('the unfurl', () =>
      messages('C0SUPPORT').find((m) => m.author === 'U0TARA' && m.unfurls?.[url ?? ''] !== undefined),
    );
    // Stored as Slack stores what people type: the link wrapped, the sentence's full stop left outside.
    expect(pasted.text).toBe(`Can someone call them back? <${url}>.`);
    const unfurl = pasted.unfurls?.[url ?? ''];
    const text = JSON.stringify(unfurl?.blocks);
    expect(text).toContain('Acme Corporation');
    expect(text).toContain('Primary contact');
    const view = buttonIn(unfurl?.blocks ?? [], 'View card');
    if (!view) throw new Error('the unfurl has no View card button');
    const action = {
      type: 'button',
      action_id: view.el.action_id,
      block_id: view.blockId,
      value: view.el.value,
    };
    // Another value than the button's, or the button under another link, is refused before the bot hears it.
    const forged = await api('action', {
      userId: 'U0SAM',
      channel: 'C0SUPPORT',
      ts: pasted.ts,
      unfurl: url,
      action: { ...action, value: '1002' },
    });
    expect(forged.status).toBe(400);
    expect(
      (
        await api('action', {
          userId: 'U0SAM',
          channel: 'C0SUPPORT',
          ts: pasted.ts,
          unfurl: 'https://x.example/',
          action,
        })
      ).json,
    ).toMatchObject({ ok: false });
    const clicked = await api('action', {
      userId: 'U0SAM',
      channel: 'C0SUPPORT',
      ts: pasted.ts,
      unfurl: url,
      action,
    });
    expect(clicked.json).toMatchObject({ ok: true, status: 200 });
    const card = await shown('the card', () =>
      messages('C0SUPPORT').find((m) => m.author === 'bot' && m.visibleTo === 'U0SAM'),
    );
    expect(JSON.stringify(card.blocks)).toContain('Jane Doe');
  });

  it('leaves a link of another site as it is', async () => {
    await api('command', {
      userId: 'U0TARA',
      channel: 'C0GENERAL',
      text: 'see https://example.org/customers/1001',
    });
    const posted = messages('C0GENERAL').at(-1);
    expect(posted?.text).toBe('see <https://example.org/customers/1001>');
    expect(posted?.unfurls).toBeUndefined();
  });

  it('offers the app’s shortcuts: Find customer on a message answers only the user who asked', async () => {
    const { app } = playground.model.snapshot();
    expect(app.messageShortcuts.map((s) => s.name)).toEqual(['Find customer', 'Add as contact']);
    expect(app.globalShortcuts.map((s) => s.name)).toEqual(['New customer']);
    await api('command', {
      userId: 'U0SAM',
      channel: 'C0SUPPORT',
      text: 'Printer down at cyberdyne.com again',
    });
    const asked = messages('C0SUPPORT').at(-1);
    const reply = await api('shortcut', {
      userId: 'U0TARA',
      callbackId: 'find_customer',
      channel: 'C0SUPPORT',
      ts: asked?.ts,
    });
    expect(reply.json).toMatchObject({ ok: true, status: 200 });
    const answer = await shown('the answer', () =>
      messages('C0SUPPORT').find(
        (m) =>
          m.author === 'bot' &&
          m.visibleTo === 'U0TARA' &&
          JSON.stringify(m.blocks).includes('Cyberdyne Systems'),
      ),
    );
    expect(answer).toBeDefined();
    // The message it was used on is the author's, untouched.
    expect(playground.model.message('C0SUPPORT', asked?.ts ?? '')?.text).toBe(
      'Printer down at cyberdyne.com again',
    );
  });

  it('opens the contact modal from Add as contact, and the onboarding modal from New customer', async () => {
    await api('command', {
      userId: 'U0SAM',
      channel: 'C0GENERAL',
      text: 'Thanks,\nPriya Natarajan\nOffice Manager\npriya@acme.com',
    });
    const signed = messages('C0GENERAL').at(-1);
    await api('shortcut', {
      userId: 'U0ALEX',
      callbackId: 'add_as_contact',
      channel: 'C0GENERAL',
      ts: signed?.ts,
    });
    const modal = await shown('the contact modal', () => playground.model.modalStack('U0ALEX').at(-1));
    expect(modal.view.callback_id).toBe('contact_add');
    expect(JSON.stringify(modal.view.blocks)).toContain('Priya');
    playground.model.closeView('U0ALEX', modal.id);
    await api('shortcut', { userId: 'U0ALEX', callbackId: 'new_customer' });
    const onboarding = await shown('the onboarding modal', () =>
      playground.model.modalStack('U0ALEX').at(-1),
    );
    expect(onboarding.view.callback_id).toBe('onboarding');
    playground.model.closeView('U0ALEX', onboarding.id);
  });

  it('refuses shortcuts the app does not declare, and messages Slack offers none on', async () => {
    const ephemeral = messages('C0SUPPORT').find((m) => m.visibleTo !== undefined);
    const replies = [
      await api('shortcut', {
        userId: 'U0ALEX',
        callbackId: 'delete_everything',
        channel: 'C0GENERAL',
        ts: '1.1',
      }),
      await api('shortcut', {
        userId: 'U0ALEX',
        callbackId: 'new_customer',
        channel: 'C0GENERAL',
        ts: '1.1',
      }),
      await api('shortcut', { userId: 'U0ALEX', callbackId: 'find_customer' }),
    ];
    expect(replies.map((r) => r.status)).toEqual([400, 400, 400]);
    const onEphemeral = await api('shortcut', {
      userId: ephemeral?.visibleTo,
      callbackId: 'find_customer',
      channel: ephemeral?.channel,
      ts: ephemeral?.ts,
    });
    expect(onEphemeral.json).toMatchObject({ ok: false });
  });

  it('runs each Workflow Builder step with typed inputs and shows its outputs or its error', async () => {
    const run = async (callbackId: string, inputs: Record<string, unknown>) => {
      const reply = await api('workflow', { userId: 'U0ALEX', callbackId, inputs });
      expect(reply.json.ok).toBe(true);
      const id = String(reply.json.executionId);
      return shown(`${callbackId} to finish`, () =>
        playground.model.snapshot().workflowRuns.find((r) => r.id === id && r.status !== 'running'),
      );
    };
    const steps = playground.model.snapshot().app.steps;
    expect(steps.map((s) => s.callbackId)).toEqual(['lookup_customer', 'create_customer', 'add_contact']);
    expect(steps[0]?.inputs).toEqual([
      { name: 'query', title: 'Name, domain, email or phone', type: 'string', required: true },
      { name: 'acting_user', title: 'Acting user (permissions and audit)', type: 'user', required: false },
    ]);
    const found = await run('lookup_customer', { query: 'Acme Corporation', acting_user: 'U0TARA' });
    expect(found).toMatchObject({
      status: 'completed',
      outputs: { found: true, customer_id: '1001', customer_name: 'Acme Corporation' },
    });
    const created = await run('create_customer', { name: 'Quill & Quire Books', allow_duplicate: false });
    expect(created).toMatchObject({ status: 'completed', outputs: { customer_name: 'Quill & Quire Books' } });
    const failed = await run('add_contact', { customer: 'Acme Corporation', email: 'not an email' });
    expect(failed).toMatchObject({ status: 'failed', error: 'email is not an email address' });
    // Its workflow token lasted as long as its step.
    expect(playground.standin.workflowTokens.size).toBe(0);
  });

  it('refuses a step or an input the app does not declare, of the wrong type, or missing when required', async () => {
    const replies = [
      await api('workflow', { userId: 'U0ALEX', callbackId: 'drop_tables', inputs: {} }),
      await api('workflow', {
        userId: 'U0ALEX',
        callbackId: 'lookup_customer',
        inputs: { query: 'a', admin: true },
      }),
      await api('workflow', { userId: 'U0ALEX', callbackId: 'lookup_customer', inputs: { query: true } }),
      await api('workflow', {
        userId: 'U0ALEX',
        callbackId: 'lookup_customer',
        inputs: { query: 'a', acting_user: 'U0NOBODY' },
      }),
      await api('workflow', { userId: 'U0ALEX', callbackId: 'lookup_customer', inputs: {} }),
      await api('workflow', {
        userId: 'U0ALEX',
        callbackId: 'lookup_customer',
        inputs: { query: { $ne: 1 } },
      }),
    ];
    expect(replies.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400]);
  });

  it('completes a step only with that execution’s own workflow token', async () => {
    expect(
      await slack('functions.completeSuccess', { function_execution_id: 'FxNOPE', outputs: {} }),
    ).toMatchObject({
      ok: false,
      error: 'function_execution_not_found',
    });
  });
});
