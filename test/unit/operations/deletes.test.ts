// Deletes that ask first, on the sandbox: a request stores what would go and deletes nothing; the requester or an
// admin confirms it exactly once (archived first), a stranger cannot, a late click finds it expired, and a
// vendor failure leaves it open again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/operations/context.js';
import {
  cancelDelete,
  confirmDelete,
  measureImpact,
  requestDelete,
  startDeleteSweeper,
} from '../../../src/operations/deletes.js';
import type { PendingDelete } from '../../../src/store/pending-deletes.js';
import { DEMO_IDS } from '../../../src/vendors/sandbox/demo-data.js';
import type { Workspace } from '../../../src/workspaces.js';
import { actor, failing, PEOPLE, reconnected, sandboxWorld, type World } from './world.js';

describe('deletes on the sandbox', () => {
  let w: World;
  const admin = actor(PEOPLE.admin);
  const editor = actor(PEOPLE.editor);
  const other = actor(PEOPLE.other);
  const place = { channelId: 'C0OPS', responseUrl: 'https://hooks.slack.test/r/1' };

  beforeAll(async () => {
    w = await sandboxWorld();
    await w.ws.index.ready();
    // Editors may delete here, so a stranger's refusal is about the request, not the role.
    const settings = await w.services.store.settings.get(w.ws.key);
    await w.services.store.settings.put(w.ws.key, { ...settings, editorsMayDelete: true });
  });
  afterAll(async () => {
    await w.close();
  });

  async function requested(id: string, who: Actor = editor, type: 'customer' | 'contact' = 'customer') {
    const outcome = await requestDelete(w.deps, w.ws, who, { type, id, connection: w.ws.fingerprint }, place);
    if (outcome.kind !== 'requested') throw new Error(`expected requested, got ${outcome.kind}`);
    return outcome.pending;
  }
  async function carriedOut(pending: PendingDelete, who: Actor = editor, ws: Workspace = w.ws) {
    const claimed = await confirmDelete(w.deps, ws, who, pending.id);
    if (claimed.kind !== 'claimed') throw new Error(`expected claimed, got ${claimed.kind}`);
    return claimed.carryOut();
  }
  const stored = (id: string) => w.services.store.pendingDeletes.get(w.ws.key, id);

  it('stores a request with what would go, and deletes nothing yet', async () => {
    const pending = await requested(DEMO_IDS.acme);
    expect(pending).toMatchObject({
      entityType: 'customer',
      entityId: DEMO_IDS.acme,
      entityName: 'Acme Corporation',
      status: 'pending',
      requestedBy: PEOPLE.editor,
      channelId: 'C0OPS',
      expiresAt: w.clock.now + w.services.config.deleteConfirmTtlMs,
    });
    expect(pending.detail).toMatchObject({
      vendorLabel: 'Sandbox',
      removal: 'delete',
      connection: w.ws.fingerprint,
      cascadeWarning: expect.stringContaining('also deletes its contacts'),
    });
    expect(w.account.customers.has(DEMO_IDS.acme)).toBe(true);
    const measured = await measureImpact(w.deps, w.ws, pending.id);
    expect(measured?.detail.impact).toMatchObject({
      contacts: { total: 4 },
      openTickets: { total: 3 },
      devices: { total: 4 },
      contracts: { total: 1 },
    });
    expect(await cancelDelete(w.deps, w.ws, editor, pending.id)).toMatchObject({ kind: 'cancelled' });
  });

  it('refuses to ask for someone who may not delete, and says a missing record is gone', async () => {
    expect(
      (
        await requestDelete(
          w.deps,
          w.ws,
          actor(PEOPLE.viewer),
          { type: 'customer', id: DEMO_IDS.acme, connection: w.ws.fingerprint },
          place,
        )
      ).kind,
    ).toBe('refused');
    expect(
      await requestDelete(
        w.deps,
        w.ws,
        editor,
        { type: 'contact', id: '987654', connection: w.ws.fingerprint },
        place,
      ),
    ).toEqual({
      kind: 'gone',
    });
  });

  it('deletes on the requester’s confirm, archiving first, with one audit row naming the archive', async () => {
    const pending = await requested(DEMO_IDS.cyberdine);
    const result = await carriedOut(pending);
    if (result.kind !== 'deleted') throw new Error(`expected deleted, got ${result.kind}`);
    expect(w.account.customers.has(DEMO_IDS.cyberdine)).toBe(false);
    expect(w.ws.index.getCustomer(DEMO_IDS.cyberdine)).toBeUndefined();
    expect(result.archive?.content.customer?.name).toBe('Cyberdine Systems');
    expect((await stored(pending.id))?.status).toBe('deleted');
    const rows = await w.services.store.audit.latest({
      workspace: w.ws.key,
      userId: PEOPLE.editor,
      limit: 50,
    });
    const deleted = rows.filter((r) => r.entityId === DEMO_IDS.cyberdine && r.action === 'delete');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({ outcome: 'ok', details: { archiveId: result.archive?.archive.id } });
  });

  it('claims a confirm exactly once, however many clicks arrive', async () => {
    const pending = await requested(DEMO_IDS.wayneLower);
    const clicks = await Promise.all([
      confirmDelete(w.deps, w.ws, editor, pending.id),
      confirmDelete(w.deps, w.ws, editor, pending.id),
      confirmDelete(w.deps, w.ws, admin, pending.id),
    ]);
    const claimed = clicks.filter((c) => c.kind === 'claimed');
    expect(claimed).toHaveLength(1);
    expect(clicks.filter((c) => c.kind === 'settled')).toHaveLength(2);
    const [only] = claimed;
    if (only?.kind !== 'claimed') throw new Error('nobody claimed it');
    expect((await only.carryOut()).kind).toBe('deleted');
    expect((await confirmDelete(w.deps, w.ws, editor, pending.id)).kind).toBe('settled');
    expect((await cancelDelete(w.deps, w.ws, editor, pending.id)).kind).toBe('settled');
  });

  it('lets neither a stranger confirm nor cancel, but lets an admin do either', async () => {
    const pending = await requested(DEMO_IDS.starkLtd);
    expect((await confirmDelete(w.deps, w.ws, other, pending.id)).kind).toBe('forbidden');
    expect((await cancelDelete(w.deps, w.ws, other, pending.id)).kind).toBe('forbidden');
    expect((await stored(pending.id))?.status).toBe('pending');
    expect(w.account.customers.has(DEMO_IDS.starkLtd)).toBe(true);
    expect(await cancelDelete(w.deps, w.ws, admin, pending.id)).toMatchObject({
      kind: 'cancelled',
      pending: { status: 'cancelled', resolvedBy: PEOPLE.admin },
    });
    const again = await requested(DEMO_IDS.starkLtd);
    expect((await carriedOut(again, admin)).kind).toBe('deleted');
  });

  it('finds a late click expired and deletes nothing', async () => {
    const pending = await requested(DEMO_IDS.acmeIndustries);
    w.clock.now += w.services.config.deleteConfirmTtlMs + 1;
    try {
      expect((await confirmDelete(w.deps, w.ws, editor, pending.id)).kind).toBe('expired');
      expect((await stored(pending.id))?.status).toBe('expired');
      expect((await cancelDelete(w.deps, w.ws, editor, pending.id)).kind).toBe('expired');
      expect(w.account.customers.has(DEMO_IDS.acmeIndustries)).toBe(true);
    } finally {
      w.clock.now -= w.services.config.deleteConfirmTtlMs + 1;
    }
  });

  it('refuses a requester demoted since asking, and a confirm after a reconnect', async () => {
    const pending = await requested(DEMO_IDS.societeGenerale);
    const settings = await w.services.store.settings.get(w.ws.key);
    await w.services.store.settings.put(w.ws.key, { ...settings, editorsMayDelete: false });
    try {
      expect((await confirmDelete(w.deps, w.ws, editor, pending.id)).kind).toBe('refused');
    } finally {
      await w.services.store.settings.put(w.ws.key, settings);
    }
    expect(await confirmDelete(w.deps, reconnected(w.ws), editor, pending.id)).toEqual({ kind: 'stale' });
    expect((await stored(pending.id))?.status).toBe('pending');
    expect(w.account.customers.has(DEMO_IDS.societeGenerale)).toBe(true);
  });

  it('opens the request again when the vendor fails, with the failure audited, and a second try works', async () => {
    const pending = await requested(DEMO_IDS.wonka);
    const failed = await carriedOut(pending, editor, failing(w.ws, 'deleteCustomer', 1));
    expect(failed.kind).toBe('failed');
    expect((await stored(pending.id))?.status).toBe('pending');
    expect(w.account.customers.has(DEMO_IDS.wonka)).toBe(true);
    const rows = await w.services.store.audit.latest({
      workspace: w.ws.key,
      userId: PEOPLE.editor,
      limit: 50,
    });
    expect(rows.find((r) => r.entityId === DEMO_IDS.wonka && r.action === 'delete')).toMatchObject({
      outcome: 'failed',
      error: 'Sandbox is down for maintenance',
    });
    expect((await carriedOut(pending)).kind).toBe('deleted');
    expect(w.account.customers.has(DEMO_IDS.wonka)).toBe(false);
  });

  it('deletes a contact the same way', async () => {
    const pending = await requested(DEMO_IDS.ignoredContact, editor, 'contact');
    expect(pending.detail.customerName).toBe('Acme Corporation');
    expect((await carriedOut(pending)).kind).toBe('deleted');
    expect(w.account.contacts.has(DEMO_IDS.ignoredContact)).toBe(false);
  });

  it('expires unconfirmed requests in the sweeper, telling whoever rewrites their messages', async () => {
    const pending = await requested(DEMO_IDS.dunderMifflin);
    w.clock.now += w.services.config.deleteConfirmTtlMs + 1;
    const expired: string[] = [];
    const stop = startDeleteSweeper(
      w.deps,
      async (p) => {
        expired.push(p.id);
      },
      10,
    );
    try {
      for (let i = 0; i < 200 && !expired.includes(pending.id); i++)
        await new Promise((r) => setTimeout(r, 10));
    } finally {
      stop();
      w.clock.now -= w.services.config.deleteConfirmTtlMs + 1;
    }
    expect(expired).toContain(pending.id);
    expect((await stored(pending.id))?.status).toBe('expired');
  });
});
