// Connecting a workspace and saving its settings: only admins may, a key is tested before it is saved and never
// reaches the audit trail, and every settings change leaves one row saying what changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectVendor } from '../../../src/operations/connect.js';
import {
  openSettings,
  type SettingsForm,
  saveSettings,
  settingsForm,
} from '../../../src/operations/settings.js';
import { startFakeAteraVendor } from '../../fakes/atera/server.js';
import type { FakeVendor } from '../../fakes/fake-vendor.js';
import { actor, PEOPLE, sandboxWorld, type World } from './world.js';

describe('connecting a vendor', () => {
  let w: World;
  let atera: FakeVendor;
  const ws = 'T0CONNECT';
  const rows = () => w.services.store.audit.latest({ workspace: ws, limit: 50 });

  beforeAll(async () => {
    w = await sandboxWorld({ oauth: true });
    atera = await startFakeAteraVendor({ generate: { customers: 3, seed: 1 } });
    await w.services.store.settings.put(ws, {
      ...(await w.services.store.settings.get(ws)),
      roles: { [PEOPLE.admin]: 'admin' },
    });
  });
  afterAll(async () => {
    await atera.close();
    await w.close();
  });

  const key = () => atera.env.ATERA_API_KEY ?? '';
  const connection = (apiKey: string) => ({ vendor: 'atera' as const, apiKey, baseUrl: atera.url });

  it('refuses anyone but an admin before testing or saving anything', async () => {
    for (const who of [
      actor(PEOPLE.editor),
      actor('U0GUEST', { standing: { workspaceAdmin: true, guest: true, external: false } }),
    ]) {
      const outcome = await connectVendor(w.deps, ws, who, connection(key()));
      expect(outcome.kind).toBe('refused');
    }
    expect(atera.requests()).toEqual([]);
    expect(await w.services.connections.view(ws)).toEqual({ source: 'none' });
    expect(await rows()).toEqual([]);
  });

  it('answers a key the vendor refuses with its words, the key cut out, and audits the failure', async () => {
    const wrong = 'wrong-key-0123456789abcdef';
    const outcome = await connectVendor(w.deps, ws, actor(PEOPLE.admin), connection(wrong));
    if (outcome.kind !== 'test_failed') throw new Error(`expected test_failed, got ${outcome.kind}`);
    expect(outcome.words).toMatch(/^Atera did not accept this key/);
    expect(outcome.words).not.toContain(wrong);
    expect(await w.services.connections.view(ws)).toEqual({ source: 'none' });
    const [row] = await rows();
    expect(row).toMatchObject({
      action: 'settings',
      entityType: 'connection',
      outcome: 'failed',
      userId: PEOPLE.admin,
    });
    expect(JSON.stringify(row)).not.toContain(wrong);
  });

  it('saves a key that passes its test, drops the old connection’s workspace, and audits which account, never the key', async () => {
    const outcome = await connectVendor(w.deps, ws, actor(PEOPLE.admin), connection(key()));
    if (outcome.kind !== 'saved') throw new Error(`expected saved, got ${outcome.kind}`);
    expect(outcome.label).toBe('Atera');
    const view = await w.services.connections.view(ws);
    expect(view.source === 'store' && view.status).toMatchObject({
      vendor: 'atera',
      accountName: outcome.accountName,
    });
    const [row] = await rows();
    expect(row).toMatchObject({
      action: 'settings',
      entityType: 'connection',
      outcome: 'ok',
      changes: { vendor: [null, 'atera'], account: [null, outcome.accountName], key: [null, 'set'] },
    });
    const trail = JSON.stringify(await rows());
    for (const secret of atera.secrets) expect(trail).not.toContain(secret);
    const again = await connectVendor(w.deps, ws, actor(PEOPLE.admin), connection(key()));
    expect(again.kind).toBe('saved');
    expect((await rows())[0]?.changes.key).toEqual(['replaced', 'set']);
  });

  it('changes nothing in single-workspace mode: the environment decides', async () => {
    const single = await sandboxWorld();
    try {
      const outcome = await connectVendor(single.deps, single.ws.key, actor(PEOPLE.admin), connection(key()));
      expect(outcome).toEqual({ kind: 'environment' });
    } finally {
      await single.close();
    }
  });
});

describe('saving settings', () => {
  let w: World;
  const rows = () => w.services.store.audit.latest({ workspace: w.ws.key, limit: 50 });

  beforeAll(async () => {
    w = await sandboxWorld();
  });
  afterAll(async () => {
    await w.close();
  });

  it('refuses anyone but an admin, and writes nothing for them', async () => {
    const before = await w.services.store.settings.get(w.ws.key);
    const form: SettingsForm = { ...settingsForm(before), editorsMayDelete: true, admins: [PEOPLE.editor] };
    for (const who of [PEOPLE.editor, PEOPLE.viewer, PEOPLE.none]) {
      expect((await saveSettings(w.deps, w.ws.key, actor(who), form)).kind).toBe('refused');
      expect((await openSettings(w.deps, w.ws.key, actor(who))).kind).toBe('refused');
    }
    expect(await w.services.store.settings.get(w.ws.key)).toEqual(before);
    expect(await rows()).toEqual([]);
  });

  it('saves an admin’s form and audits only what changed, admins granted and taken back', async () => {
    const opened = await openSettings(w.deps, w.ws.key, actor(PEOPLE.admin));
    if (opened.kind !== 'form') throw new Error('refused');
    expect(opened.form.admins).toEqual([PEOPLE.admin]);
    const saved = await saveSettings(w.deps, w.ws.key, actor(PEOPLE.admin), {
      ...opened.form,
      editorsMayDelete: true,
      admins: [PEOPLE.admin, PEOPLE.editor],
    });
    if (saved.kind !== 'saved') throw new Error('refused');
    expect(saved.settings.roles[PEOPLE.editor]).toBe('admin');
    // Roles other than admin are kept as they were.
    expect(saved.settings.roles[PEOPLE.viewer]).toBe('viewer');
    const [row] = await rows();
    expect(row).toMatchObject({
      action: 'settings',
      entityType: 'settings',
      entityName: 'Roles',
      vendor: 'sandbox',
      userId: PEOPLE.admin,
      outcome: 'ok',
      changes: {
        editorsMayDelete: [false, true],
        admins: [[PEOPLE.admin], [PEOPLE.admin, PEOPLE.editor].sort()],
      },
    });
    expect(Object.keys(row?.changes ?? {}).sort()).toEqual(['admins', 'editorsMayDelete']);
    // The new admin may now open the settings; taken back, they may not.
    expect((await openSettings(w.deps, w.ws.key, actor(PEOPLE.editor))).kind).toBe('form');
    await saveSettings(w.deps, w.ws.key, actor(PEOPLE.admin), { ...opened.form, editorsMayDelete: true });
    expect((await openSettings(w.deps, w.ws.key, actor(PEOPLE.editor))).kind).toBe('refused');
    expect((await rows())[0]?.changes).toEqual({
      admins: [[PEOPLE.admin, PEOPLE.editor].sort(), [PEOPLE.admin]],
    });
  });

  it('lets a Slack workspace admin in without an assignment, but not an admin of another organisation', async () => {
    const slackAdmin = actor('U0OWNER', {
      standing: { workspaceAdmin: true, guest: false, external: false },
    });
    expect((await openSettings(w.deps, w.ws.key, slackAdmin)).kind).toBe('form');
    const external = actor('U0THEIRS', { standing: { workspaceAdmin: true, guest: false, external: true } });
    expect((await openSettings(w.deps, w.ws.key, external)).kind).toBe('refused');
  });
});
