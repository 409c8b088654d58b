// Deletes that ask first: in-channel confirmation, who may confirm, exactly once, expiry, restarts, roles, audit.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../blocks/actions.js';
import { DEFAULT_SETTINGS } from '../../src/store/workspace-settings.js';
import { type FakeAtera, startFakeAtera } from '../fakes/atera/server.js';
import type { FakeSlack } from '../fakes/slack/server.js';
import { startFakeSlack } from '../fakes/slack/server.js';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { blockAction, findButton } from '../helpers/payloads.js';

const ADMIN = 'UADMIN';
const STRANGER = 'USTRANGER';
const VIEWER = 'UVIEWER';

describe('deleting a customer', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function world() {
    const slack = await startFakeSlack();
    slack.users.set(ADMIN, { id: ADMIN, name: 'alice', isAdmin: true });
    slack.users.set(STRANGER, { id: STRANGER, name: 'mallory' });
    slack.users.set(VIEWER, { id: VIEWER, name: 'victor' });
    const atera = await startFakeAtera({ seed: { customers: NAMED_CUSTOMERS } });
    const dataDir = mkdtempSync(join(tmpdir(), 'msp-deletes-'));
    cleanups.push(async () => {
      expect(slack.violations).toEqual([]);
      await slack.stop();
      await atera.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    return { slack, atera, dataDir };
  }

  async function boot(w: { slack: FakeSlack; atera: FakeAtera; dataDir: string }): Promise<StartedApp> {
    const app = await startApp({ vendor: 'atera', slack: w.slack, ateraServer: w.atera, dataDir: w.dataDir });
    let stopped = false;
    cleanups.push(async () => {
      if (!stopped) await app.stop();
    });
    const stop = app.stop;
    app.stop = async () => {
      stopped = true;
      await stop();
    };
    return app;
  }

  async function cardOf(app: StartedApp, name: string, userId = ADMIN) {
    const sent = await app.sendCommand('/customer', name, { userId });
    return app.responseFor(sent.responseUrl);
  }

  /** Clicks Delete on the card as `userId`; resolves with the confirmation posted in the channel. */
  async function askToDelete(app: StartedApp, name: string, userId = ADMIN) {
    const card = await cardOf(app, name, userId);
    const id = String(findButton(card, ACTIONS.customerDelete)?.value);
    const before = app.slack.callsTo('chat.postMessage').length;
    await app.sendPayload(
      blockAction({
        actionId: ACTIONS.customerDelete,
        value: id,
        userId,
        responseUrl: app.slack.responseUrl(),
      }),
    );
    const posted = await app.callTo('chat.postMessage', () => true, before + 1);
    return { id, posted };
  }

  const deletes = (atera: FakeAtera) => atera.requests('DELETE').length;

  it('posts the confirmation in the channel, refuses a stranger, and deletes once for two concurrent clicks', async () => {
    const w = await world();
    const app = await boot(w);
    const { id, posted } = await askToDelete(app, 'Acme Corporation');
    expect(posted.channel).toBe('C0GENERAL');
    const text = textOf(posted);
    expect(text).toContain(`<@${ADMIN}> asks to delete the customer *Acme Corporation* and its 2 contacts`);
    expect(text).toContain('agents (devices) and tickets');
    const confirm = findButton(posted, ACTIONS.deleteConfirm);
    expect(confirm).toMatchObject({ style: 'danger', confirm: expect.any(Object) });
    const pendingId = String(confirm?.value);

    const strangerUrl = app.slack.responseUrl();
    await app.sendPayload(
      blockAction({
        actionId: ACTIONS.deleteConfirm,
        value: pendingId,
        userId: STRANGER,
        responseUrl: strangerUrl,
        messageTs: '1.1',
      }),
    );
    expect(textOf(await app.responseFor(strangerUrl))).toContain(
      `Only <@${ADMIN}> or an admin can confirm this`,
    );
    expect(deletes(w.atera)).toBe(0);

    const urls = [app.slack.responseUrl(), app.slack.responseUrl()];
    await Promise.all(
      urls.map((responseUrl) =>
        app.sendPayload(
          blockAction({
            actionId: ACTIONS.deleteConfirm,
            value: pendingId,
            userId: ADMIN,
            responseUrl,
            messageTs: '1.1',
          }),
        ),
      ),
    );
    const updated = await app.callTo('chat.update', (a) => String(a.text).startsWith('Deleted'));
    expect(textOf(updated)).toContain(`Deleted by <@${ADMIN}>`);
    expect(deletes(w.atera)).toBe(1);
    expect(w.atera.customer(Number(id))).toBeUndefined();
    // The losing click hears who got there first.
    const loser = await waitUntil('the second click’s answer', () =>
      urls.map((u) => app.slack.responses.find((r) => u.endsWith(r.id))).find(Boolean),
    );
    expect(textOf(loser.body)).toMatch(/Already deleted by|is deleting it right now/);

    // The card's buttons now say the customer is gone, and the index no longer finds it.
    const viewUrl = app.slack.responseUrl();
    await app.sendPayload(
      blockAction({ actionId: ACTIONS.customerView, value: id, userId: ADMIN, responseUrl: viewUrl }),
    );
    expect(textOf(await app.responseFor(viewUrl))).toContain('no longer exists');
    expect(textOf(await cardOf(app, 'Acme Corporation'))).not.toContain('Jane Doe');
  });

  it('cannot be confirmed once expired, and says so', async () => {
    const w = await world();
    const app = await boot(w);
    const { posted } = await askToDelete(app, 'Initech LLC');
    const pendingId = String(findButton(posted, ACTIONS.deleteConfirm)?.value);
    await app.bot.services.store.db.run('UPDATE pending_deletes SET expires_at = ?', [Date.now() - 1000]);
    const url = app.slack.responseUrl();
    await app.sendPayload(
      blockAction({
        actionId: ACTIONS.deleteConfirm,
        value: pendingId,
        userId: ADMIN,
        responseUrl: url,
        messageTs: '1.1',
      }),
    );
    expect(textOf(await app.responseFor(url))).toContain('expired');
    expect(textOf(await app.callTo('chat.update'))).toContain('expired');
    expect(deletes(w.atera)).toBe(0);
  });

  it('still deletes exactly once after a restart between the request and the confirmation', async () => {
    const w = await world();
    const first = await boot(w);
    const { posted } = await askToDelete(first, 'Globex East');
    const pendingId = String(findButton(posted, ACTIONS.deleteConfirm)?.value);
    await first.stop();
    const second = await boot(w);
    await second.sendPayload(
      blockAction({
        actionId: ACTIONS.deleteConfirm,
        value: pendingId,
        userId: ADMIN,
        responseUrl: second.slack.responseUrl(),
        messageTs: '1.1',
      }),
    );
    await second.callTo('chat.update', (a) => String(a.text).startsWith('Deleted'));
    expect(deletes(w.atera)).toBe(1);
  });

  it('lets the requester cancel, after which nothing can be deleted', async () => {
    const w = await world();
    const app = await boot(w);
    const { posted } = await askToDelete(app, 'Globex West');
    const pendingId = String(findButton(posted, ACTIONS.deleteCancel)?.value);
    await app.sendPayload(
      blockAction({
        actionId: ACTIONS.deleteCancel,
        value: pendingId,
        userId: ADMIN,
        responseUrl: app.slack.responseUrl(),
        messageTs: '1.1',
      }),
    );
    expect(textOf(await app.callTo('chat.update'))).toContain(`cancelled by <@${ADMIN}>`);
    const url = app.slack.responseUrl();
    await app.sendPayload(
      blockAction({
        actionId: ACTIONS.deleteConfirm,
        value: pendingId,
        userId: ADMIN,
        responseUrl: url,
        messageTs: '1.1',
      }),
    );
    expect(textOf(await app.responseFor(url))).toContain('Already cancelled');
    expect(deletes(w.atera)).toBe(0);
  });

  it('falls back to an ephemeral confirmation where the bot cannot post', async () => {
    const w = await world();
    const app = await boot(w);
    const card = await cardOf(app, 'Initech LLC');
    const url = app.slack.responseUrl();
    await app.sendPayload(
      blockAction({
        actionId: ACTIONS.customerDelete,
        value: String(findButton(card, ACTIONS.customerDelete)?.value),
        userId: ADMIN,
        channelId: 'C0PRIVATE',
        responseUrl: url,
      }),
    );
    const reply = await app.responseFor(url);
    expect(reply.response_type).toBe('ephemeral');
    expect(textOf(reply)).toContain('only you can see this request');
    expect(findButton(reply, ACTIONS.deleteConfirm)).toBeDefined();
  });

  it('does not let a viewer (or an editor, by default) start a delete, and says who can', async () => {
    const w = await world();
    const app = await boot(w);
    await app.bot.services.store.settings.put('T0001', {
      ...DEFAULT_SETTINGS,
      defaultRole: 'editor',
      editorsMayDelete: false,
      roles: { [VIEWER]: 'viewer' },
    });
    const card = await cardOf(app, 'Initech LLC', VIEWER);
    const url = app.slack.responseUrl();
    await app.sendPayload(
      blockAction({
        actionId: ACTIONS.customerDelete,
        value: String(findButton(card, ACTIONS.customerDelete)?.value),
        userId: VIEWER,
        responseUrl: url,
      }),
    );
    expect(textOf(await app.responseFor(url))).toContain('Only admins can delete');
    const editorUrl = app.slack.responseUrl();
    await app.sendPayload(
      blockAction({
        actionId: ACTIONS.customerDelete,
        value: String(findButton(card, ACTIONS.customerDelete)?.value),
        userId: STRANGER,
        responseUrl: editorUrl,
      }),
    );
    expect(textOf(await app.responseFor(editorUrl))).toContain('Only admins can delete');
    expect(app.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('records every write with its actor in /customer audit, and keeps it across a restart', async () => {
    const w = await world();
    const app = await boot(w);
    const { posted } = await askToDelete(app, 'Initech LLC');
    const pendingId = String(findButton(posted, ACTIONS.deleteConfirm)?.value);
    await app.sendPayload(
      blockAction({
        actionId: ACTIONS.deleteConfirm,
        value: pendingId,
        userId: ADMIN,
        responseUrl: app.slack.responseUrl(),
        messageTs: '1.1',
      }),
    );
    await app.callTo('chat.update', (a) => String(a.text).startsWith('Deleted'));
    await app.stop();
    const again = await boot(w);
    const sent = await again.sendCommand('/customer', 'audit', { userId: ADMIN });
    const audit = textOf(await again.responseFor(sent.responseUrl));
    expect(audit).toContain(`<@${ADMIN}> deleted customer *Initech LLC*`);
    // A member who is not an admin sees only their own entries.
    const own = await again.sendCommand('/customer', 'audit', { userId: STRANGER });
    expect(textOf(await again.responseFor(own.responseUrl))).toContain('Nothing yet');
  });
});
